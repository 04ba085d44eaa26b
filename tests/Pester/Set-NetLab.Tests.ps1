BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}
AfterAll {
    Get-NetLab "$TestPrefix*" | Remove-NetLab -Confirm:$false | Out-Null
    Remove-TestNamespaces
}

Describe 'Set-NetLab' {
    BeforeEach {
        $definition = Get-TestLabDefinition 'bridge.psd1' 'set'
        $lab = (New-NetLab -Definition $definition -ErrorAction Stop).Name
    }
    AfterEach { Remove-NetLab $lab -Confirm:$false | Out-Null }

    It 'lists the plan as change objects with -WhatIf, and changes nothing' {
        $definition.Bridges[0].Stp = $true
        $plan = Set-NetLab -Definition $definition -WhatIf

        $plan | Should -HaveCount 1
        $plan[0] | Should -BeOfType PSContainerNet.Engine.Labs.NetLabChange
        "$($plan[0].Action) $($plan[0].Part) $($plan[0].Where) $($plan[0].Name) $($plan[0].Detail) $($plan[0].Applied)" | Should -Be 'Modify Bridge host docker0 stp off -> stp on False'
        (Get-NetLink docker0 -Namespace "$lab-host").KindProperties.Stp | Should -BeFalse
    }

    It 'changes a bridge in place and adds a node on it, leaving the rest as it was' {
        $index = (Get-NetLink docker0 -Namespace "$lab-host").Index
        $box1 = (Get-NetLink eth0 -Namespace "$lab-box1").Index
        $definition.Bridges[0].Stp = $true
        $definition.Nodes.box3 = @{}
        $definition.Links += @{ Node = 'box3'; Name = 'eth0'; Address = '172.17.0.4/16'; Bridge = 'docker0' }

        $applied = Set-NetLab -Definition $definition -Confirm:$false -PassThru

        $applied.Applied | Should -Not -Contain $false
        $applied | ForEach-Object { "$($_.Action) $($_.Part)" } | Should -Be @('Add Node', 'Modify Bridge', 'Add Link', 'Add Address')
        $bridge = Get-NetLink docker0 -Namespace "$lab-host"
        ($bridge.Index, $bridge.KindProperties.Stp) | Should -Be @($index, $true)
        (Get-NetLink eth0 -Namespace "$lab-box1").Index | Should -Be $box1
        # With STP on, a new port forwards only after twice the forward delay (30 s): its place is checked, not traffic.
        (Get-NetLink box3-eth0 -Namespace "$lab-host").Master | Should -Be 'docker0'
        Compare-NetLab -Definition $definition | Should -BeNullOrEmpty
    }

    It 'writes nothing without -PassThru, and says what it changed with -Verbose' {
        $definition.Routes = @()
        $verbose = Set-NetLab -Definition $definition -Confirm:$false -Verbose 4>&1
        # (-Verbose also traces each netlink message.)
        $verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Lab *' } | ForEach-Object Message |
            Should -Be @("Lab $($lab): remove route 0.0.0.0/0 in box1 (via 172.17.0.1 dev eth0 metric 0)", "Lab $($lab): remove route 0.0.0.0/0 in box2 (via 172.17.0.1 dev eth0 metric 0)")
        $verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] } | Should -BeNullOrEmpty
    }

    It 'says so when the lab already matches, and writes nothing' {
        $output = Set-NetLab -Definition $definition -Confirm:$false 6>&1
        "$output" | Should -Be "Lab '$lab' matches its definition: nothing to change."
        Set-NetLab -Definition $definition -Confirm:$false 6>$null | Should -BeNullOrEmpty
    }

    It 'undoes a change whose step fails, saying which and that it was undone' {
        $definition.Nodes.box3 = @{}
        $definition.Routes += @{ Node = 'box3'; Destination = '10.99.0.0/16'; Gateway = '10.250.0.1' }
        Set-NetLab -Definition $definition -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike "changing lab '$lab' failed at step 2 of 2 (add route 10.99.0.0/16 in box3*the 1 step(s) it had made were undone"
        Get-NetNamespace "$lab-box3" -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses forming a swarm in a running lab before asking any engine' {
        $definition.Hosts = @{ h1 = 'unix:///nonexistent/docker.sock' }
        $definition.Swarm = @{ Manager = 'h1' }
        Set-NetLab -Definition $definition -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -BeLike "*formed no swarm, and the definition has one*Remove-NetLab $lab and New-NetLab*"
    }
}

Describe 'Set-NetLab with containers' -Skip:([bool]$noDocker) {
    It 'remakes only the container whose settings changed, with the links the lab has into it' {
        $definition = Get-TestLabDefinition 'custom-network.psd1' 'setc'
        $definition.Networks[0].Subnet = '10.233.7.0/24'; $definition.Networks[0].Gateway = '10.233.7.1'
        $definition.Containers[0].IPAddress = '10.233.7.10'
        $definition.Nodes = @{ probe = @{} }
        $definition.Links = @(@{ Node = 'probe'; Name = 'eth0'; Address = '10.233.8.1/24'; Peer = 'web'; PeerName = 'eth9'; PeerAddress = '10.233.8.2/24' })
        $lab = (New-NetLab -Definition $definition -ErrorAction Stop).Name
        try {
            $client = (Get-Container "$lab-client").Id
            $definition.Containers[0].IPAddress = '10.233.7.20'

            $change = Set-NetLab -Definition $definition -Confirm:$false -PassThru

            $change | ForEach-Object { "$($_.Action) $($_.Part) $($_.Name) $($_.Detail)" } | Should -Be 'Modify Container web IPAddress: 10.233.7.10 -> 10.233.7.20'
            (Get-Container "$lab-web").IPAddress | Should -Be '10.233.7.20'
            (Get-Container "$lab-client").Id | Should -Be $client
            # The new container is a new namespace: the probe's link into it was made again.
            Test-NetPing 10.233.8.2 -Namespace "$lab-probe" -Quiet | Should -BeTrue
            Compare-NetLab -Definition $definition | Should -BeNullOrEmpty
        }
        finally { Remove-NetLab $lab -Confirm:$false | Out-Null }
    }
}
