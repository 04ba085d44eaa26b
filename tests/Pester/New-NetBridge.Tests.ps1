BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'New-NetBridge' {
    It 'creates a bridge with STP settings that ip reports' {
        $br = New-NetBridge br0 -Namespace $hostNs -Stp -ForwardDelay 4 -Up
        $br.Kind | Should -Be 'bridge'
        $br.KindProperties['Stp'] | Should -BeTrue
        $data = (Get-IpLink br0 $hostNs).linkinfo.info_data
        $data.stp_state | Should -Be 1
        $data.forward_delay | Should -Be 400
    }

    It 'creates a bridge with VLAN filtering where the kernel has it' {
        $br = New-NetBridge vfbr -Namespace $hostNs -VlanFiltering -VlanDefaultPvid 10 -ErrorAction SilentlyContinue -ErrorVariable err
        if (Skip-IfKernelLacks $err) { return }
        $br.KindProperties['VlanFiltering'] | Should -BeTrue
        $br.KindProperties['VlanDefaultPvid'] | Should -Be 10
        (Get-IpLink vfbr $hostNs).linkinfo.info_data.vlan_default_pvid | Should -Be 10
    }

    It 'rejects a default PVID of 4095 at parameter binding' {
        { New-NetBridge pv0 -Namespace $hostNs -VlanFiltering -VlanDefaultPvid 4095 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'refuses a duplicate with ResourceExists' {
        $null = New-NetBridge dup0 -Namespace $hostNs
        New-NetBridge dup0 -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err[0].TargetObject | Should -Be 'dup0'
    }

    It 'refuses a multicast MAC address' {
        New-NetBridge mc0 -Namespace $hostNs -MacAddress 01:00:5e:00:00:01 -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}
