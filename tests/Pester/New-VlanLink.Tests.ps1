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

    It 'sets the flags given and leaves the others to the kernel (-ReorderHeader:$false -Gvrp -LooseBinding)' {
        $vlan = New-VlanLink -Parent trunk -VlanId 30 -ReorderHeader:$false -Gvrp -LooseBinding -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        if (Skip-IfKernelLacks $err) { return }
        $vlan.KindProperties['Flags'] | Should -Be ([PSContainerNet.Engine.Links.VlanFlags] 'Gvrp, LooseBinding')
        (Get-IpLink trunk.30 $hostNs).linkinfo.info_data.flags | Sort-Object | Should -Be @('GVRP', 'LOOSE_BINDING')
    }

    It 'sends the flags named and their mask, on every kernel (-ReorderHeader:$false -Gvrp is reorder_hdr off gvrp on)' {
        # The request as sent, whether or not the kernel has VLANs: IFLA_VLAN_FLAGS (len 12, type 2) { flags Gvrp, mask Gvrp|ReorderHeader }.
        try {
            $writes = Get-NetlinkWrites { New-VlanLink -Parent trunk -VlanId 31 -ReorderHeader:$false -Gvrp -Namespace $hostNs -ErrorAction SilentlyContinue }
        }
        finally {
            Remove-NetLink trunk.31 -Namespace $hostNs -Confirm:$false -ErrorAction SilentlyContinue
        }
        $create = $writes | Where-Object { [BitConverter]::ToUInt16($_, 4) -eq 16 -and ([BitConverter]::ToUInt16($_, 6) -band 0x400) } | Select-Object -First 1
        $create | Should -Not -BeNullOrEmpty
        [Convert]::ToHexString($create) | Should -Match '0C0002000200000003000000'
    }

    It 'rejects VLAN id 4095 at parameter binding' {
        { New-VlanLink -Parent trunk -VlanId 4095 -Namespace $hostNs } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}
