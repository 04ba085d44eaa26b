# Runbooks 8 and 9 as lab definitions (examples/labs/overlay.psd1, macvlan-hosts.psd1): New-NetLab builds them on two
# engines of the test bed, Get-NetLab finds them there, Test-NetLab and Export-NetLabGraph see across the engines, and
# Remove-NetLab removes them from both (and leaves the swarm the lab formed).
BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $engines = Use-TestEngines
    $h1, $h2 = $engines.h1, $engines.h2
    # An examples/labs definition on the bed's engines, named with this file's prefix.
    function Get-HostsLabDefinition([string] $File, [string] $Suffix) {
        Repair-TestEngines $engines   # a lab removed before may have left an engine with the gossip port it kept
        $definition = Get-TestLabDefinition $File $Suffix
        $definition.Hosts = @{ h1 = $h1; h2 = $h2 }
        $definition
    }
    function Get-SwarmState([string] $DockerHost) { docker -H $DockerHost info --format '{{.Swarm.LocalNodeState}}' }
}
AfterAll {
    Get-NetLab "$TestPrefix*" | Remove-NetLab -Confirm:$false | Out-Null
    Remove-TestNamespaces
    Stop-TestEngines $engines
}

Describe 'Labs across hosts' -Skip:([bool]$noDocker) {
    Context '8. the overlay lab: a swarm the lab forms, an overlay, c1 on h1 and c2 on h2' {
        BeforeAll {
            $lab = (New-NetLab -Definition (Get-HostsLabDefinition 'overlay.psd1' 'ovl') -ErrorAction Stop).Name
        }

        It 'forms the swarm and puts each container on its engine' {
            Get-SwarmState $h1 | Should -Be 'active'
            Get-SwarmState $h2 | Should -Be 'active'
            (Get-Container "$lab-c1" -DockerHost $h1).IPAddress | Should -Be '10.78.0.11'
            (Get-Container "$lab-c2" -DockerHost $h2).IPAddress | Should -Be '10.78.0.12'
            (Get-ContainerNetwork "$lab-ovl" -DockerHost $h1).Vnis | Should -Be 4242
        }

        It 'is found on both engines by Get-NetLab' {
            $found = Get-NetLab $lab
            $found.Engines.DockerHost | Should -Be @($h1, $h2)
            ($found.Engines | Where-Object DockerHost -eq $h2).Containers | Should -Be "$lab-c2"
            $found.Nodes.Name | Should -Be @('c1', 'c2')
        }

        It 'c1 and c2 reach each other across the engines, by address (Test-NetLab) and by name' {
            $paths = Test-NetLab $lab
            $paths | ForEach-Object { $_.Passed | Should -BeTrue -Because $_.ToString() }
            # Only the overlay's addresses: each engine's docker_gwbridge is its own (c1 and c2 both have 172.18.0.3 there).
            $paths.Target | Sort-Object | Should -Be @('10.78.0.11', '10.78.0.12')
            (Invoke-ContainerCommand "$lab-c1" ping '-c', 1, '-W', 2, c2 -DockerHost $h1).Success | Should -BeTrue
        }

        It 'draws each engine as a box with its tunnel end, joined by the overlay''s VXLAN' {
            $graph = Export-NetLabGraph $lab
            $graph | Should -Match ([regex]::Escape("engine $h1 (10.77.0.1)"))
            $graph | Should -Match ([regex]::Escape("engine $h2 (10.77.0.2)"))
            $graph | Should -Match ([regex]::Escape("engine0_vtep ---|VXLAN 4242 ($lab-ovl)| engine1_vtep"))
        }

        It 'lets a container of another engine join the overlay with a static address and an alias' {
            $c3 = New-Container $DockerImage sleep, 600 -Name "$lab-c3" -DockerHost $h2
            Connect-ContainerNetwork "$lab-ovl" $c3.Name -IPAddress 10.78.0.13 -Alias web -DockerHost $h2
            (Get-Container $c3.Name -DockerHost $h2).Endpoints.IPAddress | Should -Contain '10.78.0.13'
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            do { $ping = Invoke-ContainerCommand "$lab-c1" ping '-c', 1, '-W', 1, web -DockerHost $h1 }
            until ($ping.Success -or [DateTime]::UtcNow -ge $deadline)
            $ping.Success | Should -BeTrue -Because ($ping.Output + $ping.ErrorOutput -join "`n")
            ($ping.Output -join "`n") | Should -Match '10\.78\.0\.13'
            Remove-Container $c3.Name -Force -DockerHost $h2
        }

        It 'applies a changed definition on both engines: c2 readdressed on h2, c4 added there, the overlay left as it is' {
            $definition = Get-HostsLabDefinition 'overlay.psd1' 'ovl'
            Compare-NetLab -Definition $definition | Should -BeNullOrEmpty
            $definition.Containers[1].IPAddress = '10.78.0.22'
            $definition.Containers += @{ Name = 'c4'; Host = 'h2'; Image = $DockerImage; Command = 'sleep', '600'; Network = 'ovl'; IPAddress = '10.78.0.14'; Alias = 'c4' }

            $changes = Set-NetLab -Definition $definition -Confirm:$false -PassThru

            $changes | ForEach-Object { "$($_.Action) $($_.Part) $($_.Where) $($_.Name)" } | Should -Be @('Modify Container h2 c2', 'Add Container h2 c4')
            (Get-Container "$lab-c2" -DockerHost $h2).IPAddress | Should -Be '10.78.0.22'
            Compare-NetLab -Definition $definition | Should -BeNullOrEmpty
            Test-NetLab $lab -Wait | Should -Reach
        }

        It 'is removed from both engines, and the swarm it formed is left' {
            $removal = Remove-NetLab $lab -Confirm:$false
            $removal.Containers | Sort-Object | Should -Be @("$lab-c1", "$lab-c2", "$lab-c4")
            Get-Container "$lab-*" -All -DockerHost $h1 | Should -BeNullOrEmpty
            Get-Container "$lab-*" -All -DockerHost $h2 | Should -BeNullOrEmpty
            Get-SwarmState $h1 | Should -Be 'inactive'
            Get-SwarmState $h2 | Should -Be 'inactive'
            { Get-NetLab $lab -ErrorAction Stop } | Should -Throw "*no lab named*"
        }
    }

    It '9. the macvlan lab across two hosts: one network per engine over ul0, c1 and c2 reach each other' {
        $lab = (New-NetLab -Definition (Get-HostsLabDefinition 'macvlan-hosts.psd1' 'mvh') -ErrorAction Stop).Name
        (Get-ContainerNetwork "$lab-mv" -DockerHost $h1).IpamConfigs[0].IPRange | Should -Be '10.79.0.64/27'
        (Get-ContainerNetwork "$lab-mv" -DockerHost $h2).IpamConfigs[0].IPRange | Should -Be '10.79.0.96/27'
        Test-NetLab $lab | ForEach-Object { $_.Passed | Should -BeTrue -Because $_.ToString() }
        (Get-NetLink eth0 -Namespace "$lab-c1").Kind | Should -Be 'macvlan'
        (Remove-NetLab $lab -Confirm:$false).Networks | Should -Be "$lab-mv"
        Get-ContainerNetwork "$lab-*" -DockerHost $h2 | Should -BeNullOrEmpty
    }

    It 'tests a container of an engine on another machine (tcp:// with verified TLS) through docker exec, and draws it' {
        # The bed's engines answer on tcp://10.77.0.N:2376 too; over TCP, an engine's containers are not namespaces here.
        $env:DOCKER_TLS_VERIFY = '1'
        $env:DOCKER_CERT_PATH = '/run/pscn-bed/tls'
        $definition = Get-HostsLabDefinition 'overlay.psd1' 'rem'
        $definition.Hosts.h2 = 'tcp://10.77.0.2:2376'
        try {
            $lab = (New-NetLab -Definition $definition -ErrorAction Stop).Name
            (Get-NetLab $lab).Nodes.Name | Should -Be 'c1'
            $paths = Test-NetLab $lab
            $paths | ForEach-Object { $_.Passed | Should -BeTrue -Because $_.ToString() }
            $paths.From | Sort-Object | Should -Be @('c1', 'c2')
            ($paths | Where-Object From -eq 'c2').RoundTripTime | Should -BeNullOrEmpty   # timed on the other machine, not here
            Set-NetLink eth0 -Namespace "$lab-c1" -Down
            $back = Test-NetLab $lab -Expect @{ From = 'c2'; To = 'c1' }
            $back.Reachable | Should -BeFalse
            $back.Reason | Should -BeLike "*in $lab-c2 on tcp://10.77.0.2:2376 (docker exec)*"
            Export-NetLabGraph $lab | Should -Match ([regex]::Escape("$lab-c2 (container)<br/>$lab-ovl: 10.78.0.12/24"))
            $null = Remove-NetLab $lab -Confirm:$false
            Get-SwarmState $h2 | Should -Be 'inactive'
        }
        finally {
            Remove-NetLab $definition.Name -Confirm:$false -ErrorAction SilentlyContinue | Out-Null   # also when a check failed
            Remove-Item Env:DOCKER_TLS_VERIFY, Env:DOCKER_CERT_PATH
        }
    }

    It 'uses a swarm that exists, and leaves it in place when removed' {
        $null = New-TestSwarm $engines
        try {
            $definition = Get-HostsLabDefinition 'overlay.psd1' 'own'
            $definition.Remove('Swarm')
            $definition.Networks[0].Host = 'h1'   # a manager of the existing swarm
            $lab = (New-NetLab -Definition $definition -ErrorAction Stop).Name
            Test-NetLab $lab | ForEach-Object { $_.Passed | Should -BeTrue -Because $_.ToString() }
            $null = Remove-NetLab $lab -Confirm:$false
            Get-SwarmState $h1 | Should -Be 'active'
            Get-SwarmState $h2 | Should -Be 'active'
            Get-ContainerNetwork "$lab-ovl" -DockerHost $h1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
        finally {
            Exit-TestSwarm $engines
        }
    }

    It 'undoes a build that fails on the second engine on both engines, swarm included' {
        $definition = Get-HostsLabDefinition 'overlay.psd1' 'bad'
        $definition.Containers[1].Image = 'pscn-no-such-image:latest'
        New-NetLab -Definition $definition -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].Exception.Message | Should -BeLike "*container c2 on h2*everything it had made was removed*"
        Get-Container "$($definition.Name)-*" -All -DockerHost $h1 | Should -BeNullOrEmpty
        Get-SwarmState $h1 | Should -Be 'inactive'
        Get-SwarmState $h2 | Should -Be 'inactive'
        { Get-NetLab $definition.Name -ErrorAction Stop } | Should -Throw "*no lab named*"
    }

    It 'finds a lab whose only leftovers are on the engines, and removes them' {
        $lab = (New-NetLab -Definition (Get-HostsLabDefinition 'macvlan-hosts.psd1' 'left') -ErrorAction Stop).Name
        Get-NetNamespace -Name "$lab-*" | Remove-NetNamespace -Force -Confirm:$false   # the local part gone by hand
        $found = Get-NetLab $lab
        $found.Nodes | Should -BeNullOrEmpty
        $found.Containers | Sort-Object | Should -Be @("$lab-c1", "$lab-c2")
        $null = Remove-NetLab $lab -Confirm:$false
        Get-Container "$lab-*" -All -DockerHost $h1 | Should -BeNullOrEmpty
        Get-Container "$lab-*" -All -DockerHost $h2 | Should -BeNullOrEmpty
    }

    It 'refuses a definition whose containers name no host, or a host it does not have, before anything is made' {
        $definition = Get-HostsLabDefinition 'overlay.psd1' 'nohost'
        $definition.Containers[0].Remove('Host')
        $definition.Containers[1].Host = 'h9'
        New-NetLab -Definition $definition -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike '*Host is missing; name one of the Hosts (h1, h2)*'
        $err[0].Exception.Message | Should -BeLike "*Host 'h9' is not one of the Hosts (h1, h2)*"
        Get-SwarmState $h1 | Should -Be 'inactive'
    }
}
