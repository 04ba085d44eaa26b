BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $a = New-TestNamespace 'a'
    $null = New-VethPair n1 n1p -Namespace $a -Up
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Remove-NetNeighbor' {
    It 'removes one entry, and then reports it as ObjectNotFound' {
        $null = New-NetNeighbor 10.84.0.5 02:00:00:00:84:05 -InterfaceAlias n1 -Namespace $a
        Remove-NetNeighbor 10.84.0.5 -InterfaceAlias n1 -Namespace $a -Confirm:$false
        Get-NetNeighbor 10.84.0.5 -Namespace $a | Should -BeNullOrEmpty
        Remove-NetNeighbor 10.84.0.5 -InterfaceAlias n1 -Namespace $a -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'flushes a link without an address, leaving the kernel''s NOARP entries, and takes piped entries (proxy too)' {
        $null = New-NetNeighbor 10.84.0.6 02:00:00:00:84:06 -InterfaceAlias n1 -Namespace $a
        $null = New-NetNeighbor fd84::6 02:00:00:00:84:07 -InterfaceAlias n1 -Namespace $a
        Remove-NetNeighbor -InterfaceAlias n1 -Namespace $a -Confirm:$false
        Get-NetNeighbor -InterfaceAlias n1 -Namespace $a | Where-Object State -ne 'NoArp' | Should -BeNullOrEmpty
        $null = New-NetNeighbor 10.84.0.99 -InterfaceAlias n1 -Proxy -Namespace $a
        Get-NetNeighbor -Proxy -Namespace $a | Remove-NetNeighbor -Confirm:$false
        Get-NetNeighbor -Proxy -Namespace $a | Should -BeNullOrEmpty
    }

    It 'removes nothing with -WhatIf' {
        $null = New-NetNeighbor 10.84.0.7 02:00:00:00:84:08 -InterfaceAlias n1 -Namespace $a
        Remove-NetNeighbor 10.84.0.7 -InterfaceAlias n1 -Namespace $a -WhatIf
        (Get-NetNeighbor 10.84.0.7 -Namespace $a).State | Should -Be 'Permanent'
    }
}
