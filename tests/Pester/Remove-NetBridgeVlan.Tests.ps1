BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    $null = New-NetBridge br0 -Namespace $hostNs
    $null = New-VethPair p0 p0peer -Namespace $hostNs -Master br0
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Remove-NetBridgeVlan' {
    It 'sends what bridge vlan del dev p0 vid 10 self sends, on every kernel' {
        # RTM_DELLINK (17), family AF_BRIDGE, IFLA_AF_SPEC { IFLA_BRIDGE_FLAGS SELF (2), IFLA_BRIDGE_VLAN_INFO flags 0, vid 10 }.
        $writes = Get-NetlinkWrites { Remove-NetBridgeVlan br0 10 -Self -Namespace $hostNs -ErrorAction SilentlyContinue }
        $del = $writes | Where-Object { [BitConverter]::ToUInt16($_, 4) -eq 17 } | Select-Object -First 1
        $del | Should -Not -BeNullOrEmpty
        [BitConverter]::ToString($del, $del.Length - 16) | Should -Be '06-00-00-00-02-00-00-00-08-00-02-00-00-00-0A-00'
    }

    It 'removes a VLAN from a port of a VLAN-filtering bridge, and says so when it is not there' {
        $null = New-NetBridge vfbr -VlanFiltering -Namespace $hostNs -ErrorVariable err -ErrorAction SilentlyContinue
        if (Skip-IfKernelLacks $err) { return }
        $null = New-VethPair vp0 vp0peer -Namespace $hostNs -Master vfbr
        Add-NetBridgeVlan vp0 10, 20 -Namespace $hostNs
        Get-NetLink vp0 -Namespace $hostNs | Remove-NetBridgeVlan -VlanId 20
        (Get-NetBridgeVlan vp0 -Namespace $hostNs).VlanId | Should -Not -Contain 20
    }

    It 'reports a link that is not a bridge port as NotImplemented with the reason' {
        Remove-NetBridgeVlan p0peer 10 -Namespace $hostNs -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
    }

    It 'sends nothing with -WhatIf' {
        $writes = Get-NetlinkWrites { Remove-NetBridgeVlan p0 10 -Namespace $hostNs -WhatIf }
        $writes | Where-Object { [BitConverter]::ToUInt16($_, 4) -eq 17 } | Should -BeNullOrEmpty
    }
}
