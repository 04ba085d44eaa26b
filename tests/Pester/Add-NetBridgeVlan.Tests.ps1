BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    $null = New-NetBridge br0 -Namespace $hostNs
    $null = New-VethPair p0 p0peer -Namespace $hostNs -Master br0
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Add-NetBridgeVlan' {
    It 'sends what bridge vlan add dev p0 vid 10 pvid untagged sends, on every kernel' {
        # RTM_SETLINK (19), family AF_BRIDGE, IFLA_AF_SPEC { IFLA_BRIDGE_VLAN_INFO (len 8, type 2) flags PVID|UNTAGGED (6), vid 10 }.
        $writes = Get-NetlinkWrites { Add-NetBridgeVlan p0 10 -Pvid -Untagged -Namespace $hostNs -ErrorAction SilentlyContinue }
        $set = $writes | Where-Object { [BitConverter]::ToUInt16($_, 4) -eq 19 } | Select-Object -First 1
        $set | Should -Not -BeNullOrEmpty
        $set[16] | Should -Be 7
        $info = [BitConverter]::ToString($set, $set.Length - 8)
        $info | Should -Be '08-00-02-00-06-00-0A-00'
    }

    It 'adds VLANs to a port of a VLAN-filtering bridge as bridge vlan show lists them' {
        $null = New-NetBridge vfbr -VlanFiltering -Namespace $hostNs -ErrorVariable err -ErrorAction SilentlyContinue
        if (Skip-IfKernelLacks $err) { return }
        $null = New-VethPair vp0 vp0peer -Namespace $hostNs -Master vfbr
        $vlans = Add-NetBridgeVlan vp0 10, 20 -Namespace $hostNs -PassThru
        $vlans.VlanId | Should -Contain 20
        $json = bridge -n $hostNs -j vlan show dev vp0 | ConvertFrom-Json
        $json[0].vlans.vlan | Should -Contain 10
    }

    It 'refuses -Pvid with several VLANs before anything is sent' {
        { Add-NetBridgeVlan p0 10, 20 -Pvid -Namespace $hostNs } | Should -Throw -ErrorId 'PvidWithManyVlans,PSContainerNet.Commands.AddNetBridgeVlanCommand'
    }

    It 'reports a link that is not a bridge port as NotImplemented with the reason' {
        Add-NetBridgeVlan p0peer 10 -Namespace $hostNs -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $err[0].Exception.Message | Should -Match "'p0peer' is not a bridge port"
    }

    It 'sends nothing with -WhatIf' {
        $writes = Get-NetlinkWrites { Add-NetBridgeVlan p0 30 -Namespace $hostNs -WhatIf }
        $writes | Where-Object { [BitConverter]::ToUInt16($_, 4) -eq 19 } | Should -BeNullOrEmpty
    }
}
