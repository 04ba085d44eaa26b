BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $engines = Use-TestEngines
    $h1, $h2 = $engines.h1, $engines.h2
}
AfterAll { Stop-TestEngines $engines }

Describe 'Exit-ContainerSwarm' -Skip:([bool]$noDocker) {
    BeforeEach { $null = New-TestSwarm $engines }
    AfterEach { Exit-TestSwarm $engines }

    It 'leaves as a worker; the manager then sees the node down' {
        Exit-ContainerSwarm -DockerHost $h2 -Confirm:$false
        docker -H $h2 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'inactive'
        # The manager notices within its heartbeat period (5 s); look for up to 20 s.
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while (($state = (Get-ContainerSwarmNode pscn-bed-h2 -DockerHost $h1).State) -ne 'down' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 500 }
        $state | Should -Be 'down'
    }

    It 'refuses a manager without -Force with the engine''s warning, and leaves with -Force' {
        Exit-ContainerSwarm -DockerHost $h1 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].Exception.Message | Should -BeLike '*--force*'
        docker -H $h1 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'active'
        Exit-ContainerSwarm -DockerHost $h1 -Force -Confirm:$false
        docker -H $h1 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'inactive'
    }

    It 'changes nothing with -WhatIf' {
        Exit-ContainerSwarm -DockerHost $h2 -Force -WhatIf
        docker -H $h2 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'active'
    }

    It 'says an engine in no swarm is in none' {
        Exit-ContainerSwarm -DockerHost $h2 -Confirm:$false
        Exit-ContainerSwarm -DockerHost $h2 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -BeLike '*is in no swarm*'
    }
}
