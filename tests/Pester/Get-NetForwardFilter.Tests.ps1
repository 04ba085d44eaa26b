BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    $box1 = New-TestNamespace 'box1'
    $box2 = New-TestNamespace 'box2'
    $null = New-NetBridge br0 -Namespace $hostNs -Up
    $i = 0
    foreach ($box in $box1, $box2) {
        $i++
        New-VethPair "h$i" eth0 -Namespace $hostNs -PeerNamespace $box -Up | Where-Object Name -eq "h$i" | Set-NetLink -Master br0
        $null = New-NetIPAddress "10.78.0.$i/24" -InterfaceAlias eth0 -Namespace $box
    }
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Get-NetForwardFilter' {
    It 'reports a clean namespace' {
        # A new namespace copies the root's forwarding (on wherever Docker runs): turn it off here.
        $null = Set-NetSysctl net.ipv4.ip_forward 0 -Namespace $hostNs
        $r = Get-NetForwardFilter -Namespace $hostNs
        $r.DropsBridgedTraffic | Should -BeFalse
        $r.IPv4Forwarding | Should -BeFalse
        ($r.Advice -join ' ') | Should -BeLike '*IPv4 forwarding is off*'
    }

    It 'names a foreign DROP policy, warns, and the advised setting lets bridged traffic through' {
        if (-not (Get-NetForwardFilter -Namespace $hostNs).BridgeNetfilter) {
            Set-ItResult -Skipped -Because 'br_netfilter is not active here, so bridged traffic never meets the ip hooks'
            return
        }

        # What Docker does to the root namespace, done to the test's host namespace.
        (Invoke-NetNamespace $hostNs nft -ArgumentList 'add', 'table', 'ip', 'filter').ExitCode | Should -Be 0
        (Invoke-NetNamespace $hostNs nft -ArgumentList 'add', 'chain', 'ip', 'filter', 'FORWARD', '{ type filter hook forward priority 0; policy drop; }').ExitCode | Should -Be 0
        Test-NetPing 10.78.0.2 -Namespace $box1 -Count 1 -TimeoutMilliseconds 300 -Quiet | Should -BeFalse

        $r = Get-NetForwardFilter -Namespace $hostNs -WarningVariable warnings -WarningAction SilentlyContinue
        $r.DropsBridgedTraffic | Should -BeTrue
        $r.DropChains[0].ToString() | Should -Be 'ip filter FORWARD (priority 0, policy drop)'
        ($warnings -join ' ') | Should -BeLike '*is dropped by ip filter FORWARD*'

        Set-NetSysctl net.bridge.bridge-nf-call-iptables 0 -Namespace $hostNs
        Test-NetPing 10.78.0.2 -Namespace $box1 -Count 1 -Quiet | Should -BeTrue
        (Get-NetForwardFilter -Namespace $hostNs).DropsBridgedTraffic | Should -BeFalse
    }

    It 'formats as a list' {
        Get-NetForwardFilter -Namespace $hostNs | Out-String | Should -Match 'BridgeNetfilter\s*:'
    }
}
