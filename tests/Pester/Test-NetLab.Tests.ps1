BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $lab = New-TestLab 'nat.psd1' 'test'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Test-NetLab' {
    It 'checks a declared matrix: box1 reaches the outside, the outside does not reach box1' {
        $paths = Test-NetLab $lab -Expect @{ From = 'box1'; To = 'wan' }, @{ From = 'wan'; To = 'box1'; Reachable = $false }
        $paths.Count | Should -Be 2
        $paths | ForEach-Object { $_.Passed | Should -BeTrue -Because $_.ToString() }
        ($paths | Where-Object From -eq 'wan').Reason | Should -Be 'wan has no route to 172.30.0.2'
        Test-NetLab $lab -Expect @{ From = 'box1'; To = 'wan' } -Quiet | Should -BeTrue
    }

    It 'tests every pair without a matrix' {
        $paths = Test-NetLab $lab
        # 3 nodes: box1 (1 address), wan (1), router (2): each node tries every address of the other two.
        $paths.Count | Should -Be 8
        ($paths | Where-Object { $_.From -eq 'box1' }).Reachable | Should -Not -Contain $false
    }

    It 'says why a path fails: a router that stopped forwarding' {
        $null = Set-NetSysctl net.ipv4.ip_forward 0 -Namespace "$lab-router"
        try {
            $path = Test-NetLab $lab -Expect @{ From = 'box1'; To = 'wan' }
            $path.Passed | Should -BeFalse
            $path.Reason | Should -BeLike 'router, the gateway from box1, does not forward*'
            Test-NetLab $lab -Expect @{ From = 'box1'; To = 'wan' } -Quiet | Should -BeFalse
        }
        finally {
            $null = Set-NetSysctl net.ipv4.ip_forward 1 -Namespace "$lab-router"
        }
    }

    It 'says why a path fails: a link set down' {
        Set-NetLink eth0 -Namespace "$lab-wan" -Down
        try {
            (Test-NetLab $lab -Expect @{ From = 'router'; To = 'wan' }).Reason | Should -Be '10.200.0.2 is on wan:eth0, which is set down'
        }
        finally {
            Set-NetLink eth0 -Namespace "$lab-wan" -Up
        }
    }

    It 'refuses a node the lab does not have, and a lab that is not there' {
        Test-NetLab $lab -Expect @{ From = 'box1'; To = 'nowhere' } -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Test-NetLab ($lab + '-none') -ErrorAction SilentlyContinue -ErrorVariable err2
        $err2[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'tries TCP ports: open where a listener is, refused where none is, and says which' {
        $listener = New-TestListener "$lab-wan" 9100
        try {
            $paths = Test-NetLab $lab -Expect @{ From = 'box1'; To = 'wan'; Port = 9100 }, @{ From = 'box1'; To = 'wan'; Port = 9101; Reachable = $false }
            $paths | ForEach-Object { $_.Passed | Should -BeTrue -Because $_.ToString() }
            $paths.Protocol | Should -Be @('TCP', 'TCP')
            ($paths | Where-Object Port -eq 9101).Reason | Should -Be 'connection refused: 10.200.0.2 answers, but nothing listens on TCP port 9101 there (or a firewall rejects it)'
            (Test-NetLab $lab -Expect @{ From = 'box1'; To = 'wan'; Port = 9101 } | Out-String) | Should -Match '10\.200\.0\.2 tcp/9101\s+no'
        }
        finally { $listener.Dispose() }
    }

    It 'waits with -Wait until a path converges, trying only what fails' {
        Set-NetLink eth0 -Namespace "$lab-wan" -Down
        $module = (Get-Module PSContainerNet).Path
        $up = Start-ThreadJob { Import-Module $using:module; Start-Sleep -Seconds 2; Set-NetLink eth0 -Namespace "$using:lab-wan" -Up }
        try {
            $path = Test-NetLab $lab -Expect @{ From = 'box1'; To = 'wan' } -Wait -TimeoutSeconds 20
            $path.Passed | Should -BeTrue
            $path.Attempts | Should -BeGreaterThan 1
        }
        finally { $up | Wait-Job | Remove-Job; Set-NetLink eth0 -Namespace "$lab-wan" -Up }
    }

    It 'says what never converged within -TimeoutSeconds, and why' {
        Set-NetLink eth0 -Namespace "$lab-wan" -Down
        try {
            $path = Test-NetLab $lab -Expect @{ From = 'box1'; To = 'wan' } -Wait -TimeoutSeconds 2
            $path.Passed | Should -BeFalse
            $path.Reason | Should -Match '^did not converge within 2 s \(\d+ attempts\): 10\.200\.0\.2 is on wan:eth0, which is set down$'
        }
        finally { Set-NetLink eth0 -Namespace "$lab-wan" -Up }
    }

    It 'registers Should -Reach with Pester, its failures carrying Test-NetLab''s reasons' {
        # The link the tests above set down and up again may take a moment to carry traffic again: let it converge.
        Test-NetLab $lab -Expect @{ From = 'box1'; To = 'wan' } -Wait | Should -Reach
        Test-NetLab $lab -Expect @{ From = 'wan'; To = 'box1' } | Should -Not -Reach
        (Get-NetLab $lab).Nodes | Where-Object Name -eq 'box1' | Should -Reach wan
        { Test-NetLab $lab -Expect @{ From = 'wan'; To = 'box1' } | Should -Reach -Because 'the runbook says so' } |
            Should -Throw -ExpectedMessage '*every path to reach because the runbook says so, but:*wan -> box1 (172.30.0.2): wan has no route to 172.30.0.2*'
    }
}

Describe 'Test-NetLab over IPv6' {
    BeforeAll {
        $v6 = New-NetLab -Definition @{
            Name  = ($TestPrefix + 'v6').ToLowerInvariant()
            Nodes = @{ a = @{}; b = @{} }
            Links = @(@{ Node = 'a'; Name = 'eth0'; Address = '10.233.60.1/24', 'fd00:233:60::1/64'; Peer = 'b'; PeerName = 'eth0'; PeerAddress = '10.233.60.2/24', 'fd00:233:60::2/64' })
        }
    }

    It 'tries the global IPv6 addresses with -AddressFamily IPv6, both with All, never link-local ones' {
        $paths = Test-NetLab $v6.Name -AddressFamily IPv6
        $paths.Target | Sort-Object | Should -Be @('fd00:233:60::1', 'fd00:233:60::2')
        $paths | ForEach-Object { $_.Passed | Should -BeTrue -Because $_.ToString() }
        (Test-NetLab $v6.Name -AddressFamily All).Count | Should -Be 4
        (Test-NetLab $v6.Name).Target | Sort-Object | Should -Be @('10.233.60.1', '10.233.60.2')
    }
}
