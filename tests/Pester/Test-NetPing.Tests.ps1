BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $a = New-TestNamespace 'a'
    $b = New-TestNamespace 'b'
    Connect-TestNamespaces $a 10.60.0.1/24 $b 10.60.0.2/24
    $null = New-NetIPAddress fd00:60::1/64 -InterfaceAlias a-b -Namespace $a -SkipDuplicateAddressDetection
    $null = New-NetIPAddress fd00:60::2/64 -InterfaceAlias b-a -Namespace $b -SkipDuplicateAddressDetection
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Test-NetPing' {
    It 'pings IPv4 with a summary and per-reply objects' {
        $r = Test-NetPing 10.60.0.2 -Namespace $a -Count 3 -IntervalMilliseconds 50
        $r.Success | Should -BeTrue
        $r.Sent | Should -Be 3
        $r.Received | Should -Be 3
        $r.LossPercent | Should -Be 0
        $r.Replies.Status | Sort-Object -Unique | Should -Be 'Success'
        $r.Replies[0].Ttl | Should -Be 64
        $r.AverageRoundTripTime | Should -BeGreaterThan 0
    }

    It 'pings IPv6' {
        # The first echo may wait out neighbour discovery on a link that came up a moment ago.
        $r = Test-NetPing fd00:60::1 -Namespace $b -Count 3 -IntervalMilliseconds 50
        $r.Received | Should -BeGreaterOrEqual 2
        $r.Replies[-1].Status | Should -Be 'Success'
    }

    It 'returns a boolean with -Quiet' {
        Test-NetPing 10.60.0.2 -Namespace $a -Count 1 -Quiet | Should -BeTrue
        Test-NetPing 10.60.0.77 -Namespace $a -Count 1 -TimeoutMilliseconds 200 -Quiet | Should -BeFalse
    }

    It 'reports a silent address as timed out and no route as unreachable' {
        (Test-NetPing 10.60.0.77 -Namespace $a -Count 2 -TimeoutMilliseconds 200 -IntervalMilliseconds 0).Replies.Status | Should -Be @('TimedOut', 'TimedOut')
        (Test-NetPing 10.123.0.1 -Namespace $a -Count 1).Replies[0].Status | Should -Be 'NetworkUnreachable'
    }

    It 'pings piped addresses from the namespace given' {
        $results = Get-NetIPAddress -Namespace $b -AddressFamily IPv4 | Where-Object Scope -eq Global | Test-NetPing -Namespace $a -Count 1
        $results.Target | Should -Be '10.60.0.2'
        $results.Success | Should -BeTrue
    }

    It 'refuses a host name' {
        Test-NetPing box2 -Namespace $a -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike '*names are not resolved inside namespaces*'
    }
}
