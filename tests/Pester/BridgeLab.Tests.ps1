# The runbook: the seeds' box1/box2 on docker0 from kernel objects, pinging both ways, then gone.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $labScript = Join-Path $PSScriptRoot '../../examples/BridgeLab.ps1'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Bridge lab runbook' {
    BeforeAll {
        $result = & $labScript -Prefix $TestPrefix 6>$null
    }

    It 'box1 and box2 ping each other and the gateway' {
        $result.Pings.Count | Should -Be 3
        $result.Pings | ForEach-Object { $_.Success | Should -BeTrue -Because "$($_.Namespace) -> $($_.Target)" }
    }

    It 'both host-side veths are ports of docker0' {
        $result.BridgePorts | Sort-Object | Should -Be @('veth1', 'veth2')
    }

    It 'box1''s eth0 is the peer of veth1 in the host namespace' {
        $result.Box1Eth0.PeerName | Should -Be 'veth1'
        $result.Box1Eth0.PeerNamespace | Should -Be ($TestPrefix + 'host')
    }

    It 'box1 routes by default through the bridge address' {
        ($result.Box1Routes | Where-Object IsDefault).NextHop | Should -Be '172.17.0.1'
    }

    It 'leaves nothing behind' {
        Get-NetNamespace "$TestPrefix*" | Should -BeNullOrEmpty
    }
}
