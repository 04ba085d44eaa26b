# The runbook of a lab that changes while it runs: build it with an impaired link, see the impairment limit a transfer,
# fail a link and see Test-NetLab say why, bring it back and wait for convergence, check ports, apply a grown definition
# (and take it back), remove it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $lab = New-TestLab 'impaired.psd1'
}
AfterAll {
    Remove-NetLab $lab -Confirm:$false -ErrorAction SilentlyContinue | Out-Null
    Remove-TestNamespaces
}

Describe 'Impaired lab runbook' {
    It 'builds the access link impaired at both ends, as the definition says' {
        (Get-NetLinkImpairment eth0 -Namespace "$lab-box1").Rate | Should -Be 1000000
        (Get-NetLinkImpairment eth0 -Namespace "$lab-router").Rate | Should -Be 1000000
        Get-NetLinkImpairment eth1 -Namespace "$lab-router" | Should -BeNullOrEmpty
        Test-NetLab $lab -Wait | Should -Reach
    }

    It 'limits a transfer across the impaired link: 200 KB take more than a second' {
        $listener = New-TestListener "$lab-wan" 9600
        try {
            $client = [PSContainerNet.Engine.Diagnostics.NamespaceSocket]::Open(
                [PSContainerNet.Engine.Namespaces.NamespaceHandle]::Resolve("$lab-box1"), 'InterNetwork', 'Stream', 'Tcp')
            $elapsed = Measure-Command {
                $client.Connect([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Parse('10.240.2.2'), 9600))
                $server = $listener.Accept()
                $null = $client.Send([byte[]]::new(200000))
                $client.Shutdown('Send')
                $buffer = [byte[]]::new(65536); $total = 0
                while (($n = $server.Receive($buffer)) -gt 0) { $total += $n }
                $server.Dispose()
            }
            $total | Should -Be 200000
            # 200 KB at 1 Mbit/s (125 KB/s) take about 1.6 s; a lower bound only, so a slow machine cannot fail it.
            $elapsed.TotalSeconds | Should -BeGreaterThan 1
        }
        finally { $client.Dispose(); $listener.Dispose() }
    }

    It 'takes a link down by its lab name, and Test-NetLab says what that breaks' {
        Disable-NetLabLink $lab router:eth1 -Confirm:$false
        $path = Test-NetLab $lab -Expect @{ From = 'box1'; To = 'wan' }
        $path.Passed | Should -BeFalse
        # The far end is what the sender's path runs into: wan's eth0 lost its carrier with the router's end.
        $path.Reason | Should -Be '10.240.2.2 is on wan:eth0, which is up but down (no carrier: is its peer up?)'
        { Test-NetLab $lab -Expect @{ From = 'box1'; To = 'wan' } | Should -Reach } | Should -Throw '*box1 -> wan*'
    }

    It 'brings it back up, waits for the lab to converge, and checks a port open and one closed' {
        (Enable-NetLabLink $lab router:eth1 -PassThru -Confirm:$false).AdminState | Should -Be 'Up'
        Test-NetLab $lab -Wait -TimeoutSeconds 20 | Should -Reach
        $web = New-TestListener "$lab-wan" 80
        try {
            Test-NetLab $lab -Expect @{ From = 'box1'; To = 'wan'; Port = 80 }, @{ From = 'box1'; To = 'wan'; Port = 81; Reachable = $false } -Wait |
                ForEach-Object { $_.Passed | Should -BeTrue -Because $_.ToString() }
        }
        finally { $web.Dispose() }
    }

    It 'applies a grown definition while the lab runs: -WhatIf lists exactly its differences, then only they are made' {
        $grown = Get-TestLabDefinition 'impaired-grown.psd1' 'impaired'
        $plan = Set-NetLab -Definition $grown -WhatIf
        $plan | ForEach-Object { $_.Applied | Should -BeFalse }
        $plan | ForEach-Object { "$($_.Action) $($_.Part) $($_.Where) $($_.Name)" } | Should -Be @(
            'Remove Route wan 10.240.1.0/24'
            'Add Node server server'
            'Add Link router router:eth2 <-> server:eth0'
            'Add Address router 10.240.3.1/24 on eth2'
            'Add Address server 10.240.3.2/24 on eth0'
            'Modify Impairment box1 eth0'
            'Modify Impairment router eth0'
            'Add Route server 0.0.0.0/0'
            'Add Route wan 10.240.0.0/22')
        ($plan | Where-Object Part -eq 'Impairment').Detail | Should -Be @('rate 1mbit -> rate 2mbit', 'rate 1mbit -> rate 2mbit')
        Get-NetLab $lab | ForEach-Object { $_.Nodes.Name } | Should -Not -Contain 'server'   # -WhatIf made nothing

        $applied = Set-NetLab -Definition $grown -Confirm:$false -PassThru
        $applied | ForEach-Object { $_.Applied | Should -BeTrue -Because $_.ToString() }
        (Get-NetLinkImpairment eth0 -Namespace "$lab-box1").Rate | Should -Be 2000000
        Test-NetLab $lab -Expect @{ From = 'box1'; To = 'server' }, @{ From = 'wan'; To = 'server' } -Wait | Should -Reach
        Compare-NetLab -Definition $grown | Should -BeNullOrEmpty
        Set-NetLab -Definition $grown -Confirm:$false 6>&1 | ForEach-Object { "$_" } | Should -Be "Lab '$lab' matches its definition: nothing to change."
    }

    It 'takes the change back with the first definition, and a failing change is undone whole' {
        $first = Get-TestLabDefinition 'impaired.psd1'
        (Set-NetLab -Definition $first -Confirm:$false -PassThru).Action | Should -Contain 'Remove'
        Get-NetLab $lab | ForEach-Object { $_.Nodes.Name } | Should -Be @('box1', 'router', 'wan')
        Compare-NetLab -Definition $first | Should -BeNullOrEmpty

        $broken = Get-TestLabDefinition 'impaired-grown.psd1' 'impaired'
        $broken.Routes += @{ Node = 'server'; Destination = '10.99.0.0/16'; Gateway = '10.250.0.1' }   # a gateway on no link
        Set-NetLab -Definition $broken -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike "*changing lab '$lab' failed at step * (add route 10.99.0.0/16 in server*Nexthop has invalid gateway*step(s) it had made were undone"
        Compare-NetLab -Definition $first | Should -BeNullOrEmpty
        Test-NetLab $lab -Wait | Should -Reach
    }

    It 'names a link the lab does not have' {
        Disable-NetLabLink $lab router:eth9 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -Be "node 'router' of lab '$lab' has no link 'eth9' (links: eth0, eth1)"
        Disable-NetLabLink $lab eth0 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].Exception.Message | Should -BeLike "*'eth0' is not a lab link: name it NODE:LINK*"
    }

    It 'refuses netem settings on a kernel without netem in its words, undoing the build, or builds them where it has it' {
        $definition = Get-TestLabDefinition 'impaired.psd1' 'netem'
        $definition.Links[0].Impair = @{ Delay = '40ms'; Jitter = '5ms'; Loss = 0.5 }
        $built = New-NetLab -Definition $definition -ErrorAction SilentlyContinue -ErrorVariable err
        if ($built) {
            (Get-NetLinkImpairment eth0 -Namespace "$($built.Name)-box1").Delay.TotalMilliseconds | Should -Be 40
            Remove-NetLab $built.Name -Confirm:$false | Out-Null
            return
        }
        $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $err[0].Exception.Message | Should -BeLike "*this kernel has no 'netem' qdisc (Specified qdisc kind is unknown*everything it had made was removed*"
        { Get-NetLab $definition.Name -ErrorAction Stop } | Should -Throw "*no lab named*"
        Set-ItResult -Skipped -Because $err[0].Exception.Message
    }
}
