BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $a = New-TestNamespace 'a'
    $b = New-TestNamespace 'b'
    Connect-TestNamespaces $a 10.30.0.1/24 $b 10.30.0.2/24
    $null = New-NetRoute default 10.30.0.2 -Namespace $a
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Get-NetRoute' {
    It 'lists the main table as ip route does' {
        $ours = Get-NetRoute -Namespace $a -AddressFamily IPv4
        $oracle = Invoke-Ip @('-n', $a, '-j', 'route', 'show') | ConvertFrom-Json
        $ours.Count | Should -Be $oracle.Count
        ($ours | Where-Object IsDefault).NextHop | Should -Be ($oracle | Where-Object dst -eq default).gateway
        ($ours | Where-Object DestinationPrefix -eq '10.30.0.0/24').Protocol | Should -Be 'kernel'
    }

    It 'finds the default route by name' {
        $r = Get-NetRoute default -Namespace $a
        $r.NextHop | Should -Be '10.30.0.2'
        $r.InterfaceAlias | Should -Be 'a-b'
    }

    It 'reads every table with -AllTables' {
        (Get-NetRoute -AllTables -Namespace $a -AddressFamily IPv4).Table | Should -Contain 255
        (Get-NetRoute -Namespace $a -AddressFamily IPv4).Table | Should -Not -Contain 255
    }

    It 'filters by interface and next hop' {
        (Get-NetRoute -NextHop 10.30.0.2 -Namespace $a).DestinationPrefix | Should -Be '0.0.0.0/0'
        (Get-NetRoute -InterfaceAlias lo -Namespace $a -AddressFamily IPv4) | Should -BeNullOrEmpty
    }

    It 'reads back a multipath route made by ip with every next hop and weight, and shows them in the table' {
        $null = New-VethPair m1 m1p -Namespace $a -PeerNamespace $b -Up
        $null = New-NetIPAddress 10.31.0.1/24 -InterfaceAlias m1 -Namespace $a
        Invoke-Ip @('-n', $a, 'route', 'add', '10.32.0.0/24', 'nexthop', 'via', '10.30.0.2', 'dev', 'a-b', 'weight', '2', 'nexthop', 'via', '10.31.0.2', 'dev', 'm1') | Out-Null
        $route = Get-NetRoute 10.32.0.0/24 -Namespace $a
        $route.IsMultipath | Should -BeTrue
        $route.NextHops | ForEach-Object { "$($_.NextHop) $($_.InterfaceAlias) $($_.Weight)" } | Should -Be @('10.30.0.2 a-b 2', '10.31.0.2 m1 1')
        ($route | Out-String) | Should -Match '10\.30\.0\.2 dev a-b weight 2; 10\.31\.0\.2 dev m1 weight 1'
    }

    It 'keeps the IPv6 gateway of an IPv4 route (via inet6)' {
        Invoke-Ip @('-n', $a, 'route', 'add', '10.33.0.0/24', 'via', 'inet6', 'fe80::1', 'dev', 'a-b') | Out-Null
        $route = Get-NetRoute 10.33.0.0/24 -Namespace $a
        $route.NextHop | Should -Be 'fe80::1'
        $route.InterfaceAlias | Should -Be 'a-b'
    }

    It 'rejects a destination that is not a prefix' {
        Get-NetRoute 'nowhere' -Namespace $a -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}
