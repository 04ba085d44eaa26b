BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $engines = Use-TestEngines
    $h1 = $engines.h1
}
AfterAll { Stop-TestEngines $engines }

Describe 'Initialize-ContainerSwarm' -Skip:([bool]$noDocker) {
    AfterEach { Exit-TestSwarm $engines }

    It 'starts a swarm with its advertise address, data-path port and address pool, as docker info sees it' {
        $swarm = Initialize-ContainerSwarm 10.77.0.1 -DockerHost $h1 -DataPathPort 4790 -DefaultAddressPool 10.90.0.0/16 -SubnetSize 26 -Confirm:$false

        $swarm.IsManager | Should -BeTrue
        $swarm.LocalNodeState | Should -Be 'active'
        $swarm.NodeAddress | Should -Be '10.77.0.1'
        $swarm.ManagerAddresses | Should -Be '10.77.0.1:2377'
        $swarm.DataPathPort | Should -Be 4790
        $swarm.DefaultAddressPools | Should -Be '10.90.0.0/16'
        $swarm.SubnetSize | Should -Be 26
        $swarm.WorkerToken | Should -Match '^SWMTKN-1-'
        $swarm.DockerHost | Should -Be $h1
        $cluster = docker -H $h1 info --format '{{json .Swarm.Cluster}}' | ConvertFrom-Json
        $cluster.ID | Should -Be $swarm.Id
        $cluster.DataPathPort | Should -Be 4790
        $cluster.SubnetSize | Should -Be 26
        (docker -H $h1 swarm join-token -q worker) | Should -Be $swarm.WorkerToken
    }

    It 'changes nothing with -WhatIf' {
        Initialize-ContainerSwarm 10.77.0.1 -DockerHost $h1 -WhatIf | Should -BeNullOrEmpty
        docker -H $h1 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'inactive'
    }

    It 'refuses an engine already in a swarm with InvalidOperation, saying how to leave' {
        $null = Initialize-ContainerSwarm 10.77.0.1 -DockerHost $h1 -Confirm:$false
        Initialize-ContainerSwarm 10.77.0.1 -DockerHost $h1 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -BeLike '*already in a swarm*Exit-ContainerSwarm*'
        $err[0].TargetObject | Should -Be $h1
    }

    It 'passes on the engine''s refusal of an advertise interface it does not have' {
        Initialize-ContainerSwarm nosuchlink0 -DockerHost $h1 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike "*$h1*advertise address 'nosuchlink0'*network interface*"
        $err[0].TargetObject | Should -Be 'nosuchlink0'
        docker -H $h1 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'inactive'
    }
}
