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
}
