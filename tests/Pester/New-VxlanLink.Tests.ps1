BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    $null = New-VethPair underlay underlaypeer -Namespace $hostNs
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'New-VxlanLink' {
    It 'creates a point-to-point VXLAN that ip reports identically' {
        $vx = New-VxlanLink vx42 -Vni 42 -Remote 10.99.0.2 -Local 10.99.0.1 -Device underlay -NoLearning -Ttl 16 -Mtu 1450 -Namespace $hostNs
        $vx.KindProperties['Vni'] | Should -Be 42
        $vx.KindProperties['DestinationPort'] | Should -Be 4789
        $data = (Get-IpLink vx42 $hostNs).linkinfo.info_data
        $data.id | Should -Be 42
        $data.remote | Should -Be '10.99.0.2'
        $data.local | Should -Be '10.99.0.1'
        $data.port | Should -Be 4789
        $data.learning | Should -BeFalse
        (Get-IpLink vx42 $hostNs).mtu | Should -Be 1450
    }

    It 'sets the tunnel options ip has words for, and reads them back' {
        $vx = New-VxlanLink vxo 43 -Namespace $hostNs -Tos 1 -Proxy -L2Miss -L3Miss -SourcePortRange 40000, 50000 -UdpChecksum -Gbp -Ageing 120
        $vx.KindProperties.L2Miss | Should -BeTrue
        $vx.KindProperties.SourcePortRange | Should -Be '40000-50000'
        $data = (Get-IpLink vxo $hostNs).linkinfo.info_data
        $data.tos, $data.proxy, $data.l2miss, $data.l3miss, $data.udp_csum, $data.gbp, $data.ageing |
            Should -Be @('0x1', $true, $true, $true, $true, $true, 120)
        $data.port_range.low, $data.port_range.high | Should -Be @(40000, 50000)
    }

    It 'creates an external (collect-metadata) device with VNI filtering, no VNI needed' {
        $vx = New-VxlanLink vxe -External -VniFilter -Namespace $hostNs
        $vx.KindProperties.External | Should -BeTrue
        $vx.KindProperties.VniFilter | Should -BeTrue
        $data = (Get-IpLink vxe $hostNs).linkinfo.info_data
        $data.external | Should -BeTrue
        $data.vnifilter | Should -BeTrue
    }

    It 'requires -External when -VniFilter is given' {
        { New-VxlanLink vxf 5 -VniFilter -Namespace $hostNs } | Should -Throw -ErrorId 'MissingMandatoryParameter,PSContainerNet.Commands.NewVxlanLinkCommand'
    }

    It 'refuses a multicast group without an underlay device' {
        New-VxlanLink vxm -Vni 7 -Remote 239.1.1.1 -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike '*needs an underlay device*'
    }

    It 'rejects a VNI out of range at parameter binding' {
        { New-VxlanLink vxbad -Vni 16777216 -Namespace $hostNs } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}
