BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    $null = New-VethPair g0 g1 -Namespace $hostNs -Up
    $null = New-NetIPAddress 10.10.0.1/24 -InterfaceAlias g0 -Namespace $hostNs
    $null = New-NetIPAddress 10.11.0.1/24 -InterfaceAlias g1 -Namespace $hostNs
    $null = New-NetIPAddress fd00:10::1/64 -InterfaceAlias g0 -Namespace $hostNs -SkipDuplicateAddressDetection
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Get-NetIPAddress' {
    It 'lists what ip addr lists' {
        $ours = (Get-NetIPAddress -Namespace $hostNs).IPAddress | Sort-Object
        $oracle = (Invoke-Ip @('-n', $hostNs, '-j', 'addr', 'show') | ConvertFrom-Json).addr_info.local | Sort-Object
        $ours | Should -Be $oracle
    }

    It 'filters by link, family and wildcard address' {
        (Get-NetIPAddress -InterfaceAlias g0 -AddressFamily IPv4 -Namespace $hostNs).Cidr | Should -Be '10.10.0.1/24'
        (Get-NetIPAddress '10.1?.0.1' -Namespace $hostNs).InterfaceAlias | Sort-Object | Should -Be @('g0', 'g1')
        (Get-NetIPAddress 10.11.0.1/24 -Namespace $hostNs).InterfaceAlias | Should -Be 'g1'
    }

    It 'takes links from the pipeline' {
        (Get-NetLink g1 -Namespace $hostNs | Get-NetIPAddress -AddressFamily IPv4).IPAddress | Should -Be '10.11.0.1'
    }

    It 'reports a missing address as ObjectNotFound' {
        Get-NetIPAddress 10.99.0.1 -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'formats as a table grouped by namespace' {
        Get-NetIPAddress -Namespace $hostNs | Out-String | Should -Match "Namespace: $([regex]::Escape($hostNs))"
    }
}
