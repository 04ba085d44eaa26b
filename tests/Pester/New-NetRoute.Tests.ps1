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

    It 'refuses mixed families' {
        New-NetRoute 10.44.0.0/16 fd00:40::2 -Namespace $a -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'adds nothing with -WhatIf' {
        New-NetRoute 10.45.0.0/16 10.40.0.2 -Namespace $a -WhatIf
        Get-NetRoute 10.45.0.0/16 -Namespace $a | Should -BeNullOrEmpty
    }
}
