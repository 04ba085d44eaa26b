BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $engines = Use-TestEngines
    $h1, $h2 = $engines.h1, $engines.h2
}
AfterAll { Stop-TestEngines $engines }

Describe 'Join-ContainerSwarm' -Skip:([bool]$noDocker) {
    BeforeEach { $swarm = Initialize-ContainerSwarm 10.77.0.1 -DockerHost $h1 -Confirm:$false -ErrorAction Stop }
    AfterEach { Exit-TestSwarm $engines }

    It 'joins the engine named on the command line as a worker when the manager''s swarm is piped in' {
        $joined = $swarm | Join-ContainerSwarm -DockerHost $h2 -PassThru -Confirm:$false

        $joined.DockerHost | Should -Be $h2
        $joined.IsManager | Should -BeFalse
        $joined.ManagerAddresses | Should -Be '10.77.0.1:2377'
        $nodes = docker -H $h1 node ls --format '{{.Hostname}} {{.ManagerStatus}}'
        $nodes | Should -Contain 'pscn-bed-h2 '
    }

    It 'joins as a manager with -AsManager (the manager token)' {
        $swarm | Join-ContainerSwarm -DockerHost $h2 -AsManager -Confirm:$false
        (Get-ContainerSwarm -DockerHost $h2).IsManager | Should -BeTrue
        docker -H $h1 node ls --format '{{.Hostname}} {{.ManagerStatus}}' | Should -Contain 'pscn-bed-h2 Reachable'
    }

    It 'joins by address and token' {
        Join-ContainerSwarm 10.77.0.1 $swarm.WorkerToken -DockerHost $h2 -Confirm:$false
        docker -H $h2 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'active'
    }

    It 'refuses joining twice with InvalidOperation' {
        $swarm | Join-ContainerSwarm -DockerHost $h2 -Confirm:$false
        $swarm | Join-ContainerSwarm -DockerHost $h2 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -BeLike '*already in a swarm*'
    }

    It 'says a token of another swarm is wrong, and leaves the engine in no swarm' {
        # SWMTKN-1-<the swarm CA's digest>-<secret>: another CA's digest is another swarm's token.
        $foreign = 'SWMTKN-1-' + ('0' * 50) + '-' + $swarm.WorkerToken.Split('-')[-1]
        Join-ContainerSwarm 10.77.0.1 $foreign -DockerHost $h2 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike '*join token is not one of the swarm at 10.77.0.1:2377*'
        docker -H $h2 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'inactive'
    }

    It 'reports a manager that cannot be reached as ConnectionError and calls the join off' {
        Join-ContainerSwarm 10.77.0.99 $swarm.WorkerToken -DockerHost $h2 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $err[0].Exception.Message | Should -BeLike '*could not reach a manager at 10.77.0.99:2377*called off*'
        docker -H $h2 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'inactive'
    }

    It 'refuses an engine whose swarm gossip port is taken, before joining, saying by whom' {
        # What a dockerd that kept the port of a swarm it left (moby/moby#31913) looks like, made on purpose.
        $listener = Start-Process ip -ArgumentList 'netns', 'exec', 'pscn-bed-h2', 'busybox', 'nc', '-l', '-p', '7946' -PassThru
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(5)
            while (-not (ip netns exec pscn-bed-h2 ss -Hltn 'sport = :7946') -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $swarm | Join-ContainerSwarm -DockerHost $h2 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            $err[0].Exception.Message | Should -BeLike '*another process listens on TCP port 7946, the swarm''s gossip port*stop that process*'
            docker -H $h2 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'inactive'
        }
        finally {
            Stop-Process -Id $listener.Id -ErrorAction SilentlyContinue
            $listener.WaitForExit()
        }
    }

    It 'refuses a swarm object without tokens (a worker''s view)' {
        $swarm | Join-ContainerSwarm -DockerHost $h2 -Confirm:$false
        $workerView = Get-ContainerSwarm -DockerHost $h2
        $workerView | Join-ContainerSwarm -DockerHost $h1 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike '*no worker token*'
    }
}
