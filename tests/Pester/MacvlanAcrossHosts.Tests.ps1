# Runbook 9 (seed-labs.md lab 7 across two hosts): a macvlan network on each engine over parents on one L2 segment.
BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $engines = Use-TestEngines
    $h1, $h2 = $engines.h1, $engines.h2
}
AfterAll { Stop-TestEngines $engines }

Describe 'Macvlan across hosts runbook' -Skip:([bool]$noDocker) {
    BeforeAll {
        $lab = & (Join-Path $PSScriptRoot '../../examples/MacvlanAcrossHosts.ps1') -Host1 $h1 -Host2 $h2 -Parent ul0 `
            -Image $DockerImage -Prefix $DockerPrefix 6>$null
    }

    It 'makes one macvlan network per engine on its ul0, each with its own range of the one subnet' {
        $lab.Networks | ForEach-Object { $_.Driver | Should -Be 'macvlan'; $_.Parent | Should -Be 'ul0'; $_.Subnet | Should -Be '10.79.0.0/24' }
        $lab.Networks | ForEach-Object { $_.IpamConfigs[0].IPRange } | Should -Be @('10.79.0.64/27', '10.79.0.96/27')
        $lab.Networks | ForEach-Object DockerHost | Should -Be @($h1, $h2)
    }

    It 'c1 on host 1 and c2 on host 2 ping each other' {
        $lab.C1ToC2.Success | Should -BeTrue -Because ($lab.C1ToC2.Output -join "`n")
        $lab.C2ToC1.Success | Should -BeTrue -Because ($lab.C2ToC1.Output -join "`n")
    }

    It 'gives c1 a macvlan eth0 on host 1''s ul0, in the engine''s own namespace' {
        $lab.C1Eth0.Kind | Should -Be 'macvlan'
        $lab.C1Eth0.Parent | Should -Be 'ul0'
        $lab.C1Eth0.KindProperties.Mode | Should -Be 'Bridge'
    }

    It 'leaves no container or network behind' {
        foreach ($dockerHost in $h1, $h2) {
            Get-Container "$DockerPrefix*" -All -DockerHost $dockerHost | Should -BeNullOrEmpty
            Get-ContainerNetwork "$DockerPrefix*" -DockerHost $dockerHost | Should -BeNullOrEmpty
        }
    }
}
