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

    It 'refuses a multicast group without an underlay device' {
        New-VxlanLink vxm -Vni 7 -Remote 239.1.1.1 -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike '*needs an underlay device*'
    }

    It 'rejects a VNI out of range at parameter binding' {
        { New-VxlanLink vxbad -Vni 16777216 -Namespace $hostNs } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}
