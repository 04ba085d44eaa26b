BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    $null = New-VethPair e0 e0peer -Namespace $hostNs -Up
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'New-NetIPAddress' {
    It 'adds CIDR text with a derived broadcast, as ip addr shows it' {
        $a = New-NetIPAddress 172.17.0.2/16 -InterfaceAlias e0 -Namespace $hostNs
        $a.IPAddress | Should -Be '172.17.0.2'
        $a.PrefixLength | Should -Be 16
        $a.Broadcast | Should -Be '172.17.255.255'
        $a.Prefix | Should -Be '172.17.0.0/16'
        $ip = (Invoke-Ip @('-n', $hostNs, '-j', 'addr', 'show', 'dev', 'e0') | ConvertFrom-Json).addr_info | Where-Object family -eq inet
        $ip.local | Should -Be '172.17.0.2'
        $ip.broadcast | Should -Be '172.17.255.255'
    }

    It 'takes -PrefixLength and a piped link, Windows style' {
        $a = Get-NetLink e0peer -Namespace $hostNs | New-NetIPAddress -IPAddress 10.1.0.1 -PrefixLength 24
        $a.Cidr | Should -Be '10.1.0.1/24'
        $a.InterfaceAlias | Should -Be 'e0peer'
    }

    It 'adds an IPv6 address usable at once with -SkipDuplicateAddressDetection' {
        $a = New-NetIPAddress fd00:17::2/64 -InterfaceAlias e0 -Namespace $hostNs -SkipDuplicateAddressDetection
        $a.AddressFamily | Should -Be 'IPv6'
        $a.AddressState | Should -Be 'Preferred'
        $a.Flags | Should -Contain 'nodad'
    }

    It 'adds a point-to-point address with -Peer, and one with no prefix route, as ip shows them' {
        $p2p = New-NetIPAddress 10.93.0.1/32 -Peer 10.93.0.2 -InterfaceAlias e0 -Namespace $hostNs
        $p2p.Peer | Should -Be '10.93.0.2/32'
        ((Invoke-Ip @('-n', $hostNs, '-j', 'addr', 'show', 'dev', 'e0') | ConvertFrom-Json)[0].addr_info | Where-Object local -eq '10.93.0.1').address | Should -Be '10.93.0.2'
        (New-NetIPAddress 10.94.0.1/24 -NoPrefixRoute -InterfaceAlias e0 -Namespace $hostNs).Flags | Should -Contain 'noprefixroute'
        Get-NetRoute 10.94.0.0/24 -Namespace $hostNs | Should -BeNullOrEmpty
    }

    It 'gives an address lifetimes, and -Replace changes them' {
        $timed = New-NetIPAddress fd94::1/64 -ValidLifetime ([timespan]::FromMinutes(5)) -PreferredLifetime ([timespan]::FromMinutes(1)) -SkipDuplicateAddressDetection -InterfaceAlias e0 -Namespace $hostNs
        $timed.ValidLifetime.TotalSeconds | Should -BeGreaterThan 290
        $timed.PreferredLifetime.TotalSeconds | Should -BeLessOrEqual 60
        $ip = (Invoke-Ip @('-n', $hostNs, '-j', 'addr', 'show', 'dev', 'e0') | ConvertFrom-Json)[0].addr_info | Where-Object local -eq 'fd94::1'
        $ip.valid_life_time | Should -BeGreaterThan 290
        $changed = New-NetIPAddress fd94::1/64 -ValidLifetime ([timespan]::FromMinutes(10)) -PreferredLifetime 0 -SkipDuplicateAddressDetection -Replace -InterfaceAlias e0 -Namespace $hostNs
        $changed.ValidLifetime.TotalSeconds | Should -BeGreaterThan 590
        $changed.Flags | Should -Contain 'deprecated'
    }

    It 'refuses a duplicate with ResourceExists' {
        $null = New-NetIPAddress 10.2.0.1/24 -InterfaceAlias e0 -Namespace $hostNs
        New-NetIPAddress 10.2.0.1/24 -InterfaceAlias e0 -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err[0].TargetObject | Should -Be '10.2.0.1/24'
    }

    It 'refuses bad input with InvalidArgument: <Case>' -ForEach @(
        @{ Case = 'bad text'; Address = '10.0.0.300/24'; Extra = @{}; Message = "*is not an IPv4 or IPv6 address*" }
        @{ Case = 'prefix out of range'; Address = '10.0.0.1/33'; Extra = @{}; Message = '*prefix length 33 is out of range*' }
        @{ Case = 'family mismatch'; Address = 'fd00::1/64'; Extra = @{ AddressFamily = 'IPv4' }; Message = '*IPv4 was asked for*' }
        @{ Case = 'lengths disagree'; Address = '10.0.0.1/24'; Extra = @{ PrefixLength = 16 }; Message = '*says /24 but the prefix length given is 16*' }
    ) {
        New-NetIPAddress $Address -InterfaceAlias e0 -Namespace $hostNs @Extra -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike $Message
    }

    It 'reports an unknown link as ObjectNotFound' {
        New-NetIPAddress 10.3.0.1/24 -InterfaceAlias nosuch0 -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'asks for a link when none is given' {
        New-NetIPAddress 10.4.0.1/24 -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].Exception.Message | Should -BeLike '*-InterfaceAlias or -InterfaceIndex*'
    }

    It 'adds nothing with -WhatIf' {
        New-NetIPAddress 10.5.0.1/24 -InterfaceAlias e0 -Namespace $hostNs -WhatIf
        Get-NetIPAddress 10.5.0.1 -Namespace $hostNs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
