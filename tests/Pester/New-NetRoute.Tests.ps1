BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $a = New-TestNamespace 'a'
    $b = New-TestNamespace 'b'
    Connect-TestNamespaces $a 10.40.0.1/24 $b 10.40.0.2/24
    $null = New-NetIPAddress fd00:40::1/64 -InterfaceAlias a-b -Namespace $a -SkipDuplicateAddressDetection
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'New-NetRoute' {
    It 'adds a default route that ip route shows' {
        $r = New-NetRoute default 10.40.0.2 -Namespace $a
        $r.IsDefault | Should -BeTrue
        $r.Protocol | Should -Be 'static'
        $ip = Invoke-Ip @('-n', $a, '-j', 'route', 'show', 'default') | ConvertFrom-Json
        $ip.gateway | Should -Be '10.40.0.2'
        $ip.dev | Should -Be 'a-b'
    }

    It 'adds an on-link route with a metric' {
        $r = New-NetRoute 10.41.0.0/16 -InterfaceAlias a-b -RouteMetric 50 -Namespace $a
        $r.Scope | Should -Be 'Link'
        $r.RouteMetric | Should -Be 50
    }

    It 'takes the family of the next hop for default' {
        (New-NetRoute default fd00:40::2 -Namespace $a).DestinationPrefix | Should -Be '::/0'
    }

    It 'refuses a gateway on no link, with advice' {
        New-NetRoute 10.42.0.0/16 10.99.0.1 -Namespace $a -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike '*next hop 10.99.0.1 is not on any link*'
    }

    It 'refuses a duplicate with ResourceExists' {
        $null = New-NetRoute 10.43.0.0/16 10.40.0.2 -Namespace $a
        New-NetRoute 10.43.0.0/16 10.40.0.2 -Namespace $a -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'refuses an IPv6 route via an IPv4 gateway (only the other way round exists)' {
        New-NetRoute fd44::/64 10.40.0.2 -Namespace $a -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike '*an IPv6 route cannot go via an IPv4 gateway*'
    }

    It 'makes a multipath route with weights from -NextHops, read back with every hop' {
        $null = New-VethPair m1 m1p -Namespace $a -PeerNamespace $b -Up
        $null = New-NetIPAddress 10.41.0.1/24 -InterfaceAlias m1 -Namespace $a
        $route = New-NetRoute 10.42.0.0/24 -NextHops @{ NextHop = '10.40.0.2'; InterfaceAlias = 'a-b'; Weight = 2 }, @{ NextHop = '10.41.0.2'; InterfaceAlias = 'm1' } -Namespace $a
        $route.IsMultipath | Should -BeTrue
        ((Invoke-Ip @('-n', $a, '-j', 'route', 'show', '10.42.0.0/24') | ConvertFrom-Json)[0].nexthops | ForEach-Object { "$($_.gateway) $($_.dev) $($_.weight)" }) |
            Should -Be ($route.NextHops | ForEach-Object { "$($_.NextHop) $($_.InterfaceAlias) $($_.Weight)" })
    }

    It 'makes <Type> routes, which need no gateway' -ForEach @(
        @{ Type = 'Blackhole'; Ip = 'blackhole' }, @{ Type = 'Unreachable'; Ip = 'unreachable' }, @{ Type = 'Prohibit'; Ip = 'prohibit' }
    ) {
        $prefix = @{ Blackhole = '10.43.1.0/24'; Unreachable = '10.43.2.0/24'; Prohibit = '10.43.3.0/24' }[$Type]
        (New-NetRoute $prefix -Type $Type -Namespace $a).Type | Should -Be $Ip
        (Invoke-Ip @('-n', $a, '-j', 'route', 'show', $prefix) | ConvertFrom-Json)[0].type | Should -Be $Ip
    }

    It 'replaces idempotently, appends beside, and refuses both at once' {
        $null = New-NetRoute 10.44.0.0/24 10.40.0.2 -Namespace $a -Replace
        $null = New-NetRoute 10.44.0.0/24 10.40.0.2 -Namespace $a -Replace
        @(Get-NetRoute 10.44.0.0/24 -Namespace $a).Count | Should -Be 1
        { New-NetRoute 10.44.0.0/24 10.40.0.2 -Namespace $a -Replace -Append } | Should -Throw -ErrorId 'ReplaceAndAppend,*'
    }

    It 'sends onlink, protocol and metrics as ip route shows them, and an IPv4 route via an IPv6 gateway' {
        $route = New-NetRoute 10.45.0.0/24 10.99.0.1 -InterfaceAlias a-b -OnLink -Protocol bird -Mtu 1400 -HopLimit 30 -Namespace $a
        ($route.Protocol, $route.Mtu, $route.HopLimit, $route.NextHops[0].OnLink) | Should -Be @('bird', 1400, 30, $true)
        $ip = (Invoke-Ip @('-n', $a, '-j', 'route', 'show', '10.45.0.0/24') | ConvertFrom-Json)[0]
        ($ip.protocol, $ip.metrics[0].mtu, $ip.metrics[0].hoplimit, $ip.flags[0]) | Should -Be @('bird', 1400, 30, 'onlink')
        (New-NetRoute 10.46.0.0/24 fe80::2 -InterfaceAlias a-b -Namespace $a).NextHop | Should -Be 'fe80::2'
    }

    It 'refuses an unknown protocol name and an unknown -NextHops key' {
        New-NetRoute 10.47.0.0/24 -InterfaceAlias a-b -Protocol nosuch -Namespace $a -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].Exception.Message | Should -BeLike "*'nosuch' is not a route protocol*"
        New-NetRoute 10.47.0.0/24 -NextHops @{ Gateway = '10.40.0.2' } -Namespace $a -ErrorAction SilentlyContinue -ErrorVariable err2
        $err2[0].Exception.Message | Should -BeLike "*unknown key 'Gateway'*"
    }

    It 'adds nothing with -WhatIf' {
        New-NetRoute 10.45.0.0/16 10.40.0.2 -Namespace $a -WhatIf
        Get-NetRoute 10.45.0.0/16 -Namespace $a | Should -BeNullOrEmpty
    }
}
