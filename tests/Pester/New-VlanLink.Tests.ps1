BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    $null = New-VethPair trunk trunkpeer -Namespace $hostNs
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'New-VlanLink' {
    It 'creates PARENT.VLANID by default (skipped where the kernel has no 802.1Q)' {
        $vlan = New-VlanLink -Parent trunk -VlanId 10 -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        if (Skip-IfKernelLacks $err) { return }
        $vlan.Name | Should -Be 'trunk.10'
        $vlan.KindProperties['VlanId'] | Should -Be 10
        (Get-IpLink trunk.10 $hostNs).linkinfo.info_data.id | Should -Be 10
    }

    It 'creates an 802.1ad sub-interface with a chosen name' {
        $vlan = New-VlanLink -Parent trunk -VlanId 20 -Name svc20 -Protocol Dot1AD -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        if (Skip-IfKernelLacks $err) { return }
        $vlan.KindProperties['VlanProtocol'] | Should -Be 'Dot1AD'
    }

    It 'rejects VLAN id 4095 at parameter binding' {
        { New-VlanLink -Parent trunk -VlanId 4095 -Namespace $hostNs } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}
