BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    $null = New-NetBridge br0 -Namespace $hostNs
    $null = New-VethPair p0 p0peer -Namespace $hostNs -Master br0
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Get-NetBridgeVlan' {
    It 'lists what bridge vlan show lists' {
        $ours = @(Get-NetBridgeVlan -Namespace $hostNs | ForEach-Object { "$($_.Name) $($_.VlanId) $($_.Pvid) $($_.Untagged)" }) | Sort-Object
        $theirs = @(bridge -n $hostNs -j vlan show | ConvertFrom-Json | ForEach-Object {
                $port = $_.ifname
                foreach ($v in $_.vlans) { "$port $($v.vlan) $([bool]($v.flags -contains 'PVID')) $([bool]($v.flags -contains 'Egress Untagged'))" }
            }) | Sort-Object
        $ours | Should -Be $theirs
    }

    It 'lists one port''s VLANs, piped from Get-NetLink' {
        $null = New-NetBridge vfbr -VlanFiltering -Namespace $hostNs -ErrorVariable err -ErrorAction SilentlyContinue
        if (Skip-IfKernelLacks $err) { return }
        $null = New-VethPair vp1 vp1peer -Namespace $hostNs -Master vfbr
        Add-NetBridgeVlan vp1 42 -Namespace $hostNs
        $vlans = Get-NetLink vp1 -Namespace $hostNs | Get-NetBridgeVlan
        $vlans.Name | Select-Object -Unique | Should -Be 'vp1'
        $vlans.VlanId | Should -Contain 42
    }

    It 'reports an unknown link as ObjectNotFound' {
        Get-NetBridgeVlan nosuch -Namespace $hostNs -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
