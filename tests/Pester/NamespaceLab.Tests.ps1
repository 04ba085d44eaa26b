# The runbook: the seeds' box1/box2 wiring built from namespaces, checked, and torn down with nothing left.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $labScript = Join-Path $PSScriptRoot '../../examples/NamespaceLab.ps1'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Namespace lab runbook' {
    It 'builds box1/box2 on a bridge, shows the relations, and removes everything' {
        $result = & $labScript -Prefix $TestPrefix

        $result.BridgePorts | Should -Be @('h-box1', 'h-box2')
        $result.Box1Eth0.PeerName | Should -Be 'h-box1'
        $result.Box1Eth0.PeerNamespace | Should -Be ($TestPrefix + 'host')
        Get-NetNamespace "$TestPrefix*" | Should -BeNullOrEmpty
    }
}
