BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $engines = Use-TestEngines
    $h1, $h2 = $engines.h1, $engines.h2
}
AfterAll { Stop-TestEngines $engines }

Describe 'Get-ContainerSwarm' -Skip:([bool]$noDocker) {
    It 'says an engine in no swarm is in none, with InvalidOperation and what to do' {
        Get-ContainerSwarm -DockerHost $h1 -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -BeLike '*is in no swarm*Initialize-ContainerSwarm*Join-ContainerSwarm*'
    }

    Context 'in a swarm of two' {
        BeforeAll { $null = New-TestSwarm $engines }
        AfterAll { Exit-TestSwarm $engines }

        It 'shows a manager its swarm, settings and tokens as docker info and docker swarm inspect do' {
            $swarm = Get-ContainerSwarm -DockerHost $h1
            $info = docker -H $h1 info --format '{{json .Swarm}}' | ConvertFrom-Json
            $swarm.NodeId | Should -Be $info.NodeID
            $swarm.Nodes | Should -Be 2
            $swarm.Managers | Should -Be 1
            $swarm.Id | Should -Be $info.Cluster.ID
            $swarm.DataPathPort | Should -Be 4789
            $swarm.ManagerToken | Should -Be (docker -H $h1 swarm join-token -q manager)
        }

        It 'shows a worker what it knows: its node and the managers, no tokens' {
            $swarm = Get-ContainerSwarm -DockerHost $h2
            $swarm.IsManager | Should -BeFalse
            $swarm.NodeAddress | Should -Be '10.77.0.2'
            $swarm.ManagerAddresses | Should -Be '10.77.0.1:2377'
            $swarm.Id | Should -BeNullOrEmpty
            $swarm.WorkerToken | Should -BeNullOrEmpty
        }

        It 'formats as a list with the role' {
            $text = Get-ContainerSwarm -DockerHost $h2 | Out-String
            $text | Should -Match 'Role\s+: worker'
            $text | Should -Not -Match 'Token'
        }
    }
}
