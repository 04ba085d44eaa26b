BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $a = New-TestNamespace 'a'
    $null = New-VethPair n1 n1p -Namespace $a -Up
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'New-NetNeighbor' {
    It 'adds a permanent entry that ip neigh shows, and -Replace changes it' {
        $entry = New-NetNeighbor 10.83.0.5 02:00:00:00:83:05 -InterfaceAlias n1 -Namespace $a
        $entry.State | Should -Be 'Permanent'
        $ip = (Invoke-Ip @('-n', $a, '-j', 'neigh', 'show', '10.83.0.5') | ConvertFrom-Json)[0]
        ($ip.lladdr, $ip.state[0]) | Should -Be @('02:00:00:00:83:05', 'PERMANENT')
        (New-NetNeighbor 10.83.0.5 02:00:00:00:83:06 -InterfaceAlias n1 -Namespace $a -Replace).LinkLayerAddress | Should -Be '02:00:00:00:83:06'
    }

    It 'refuses an entry that exists as ResourceExists, and one without a MAC as InvalidArgument' {
        New-NetNeighbor 10.83.0.5 02:00:00:00:83:07 -InterfaceAlias n1 -Namespace $a -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        New-NetNeighbor 10.83.0.8 -InterfaceAlias n1 -Namespace $a -ErrorAction SilentlyContinue -ErrorVariable err2
        $err2[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'adds IPv6 and proxy entries' {
        (New-NetNeighbor fd83::9 02:00:00:00:83:09 -InterfaceAlias n1 -Namespace $a).AddressFamily | Should -Be 'IPv6'
        (New-NetNeighbor 10.83.0.99 -InterfaceAlias n1 -Proxy -Namespace $a).IsProxy | Should -BeTrue
    }

    It 'adds nothing with -WhatIf' {
        New-NetNeighbor 10.83.0.10 02:00:00:00:83:10 -InterfaceAlias n1 -Namespace $a -WhatIf
        Get-NetNeighbor 10.83.0.10 -Namespace $a | Should -BeNullOrEmpty
    }
}
