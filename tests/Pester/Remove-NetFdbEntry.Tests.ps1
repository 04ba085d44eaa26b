BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $ns = New-TestNamespace 'fdb'
    $null = New-VxlanLink vx0 -Vni 42 -Namespace $ns -Up
    $null = New-NetBridge br0 -Namespace $ns -Up
    $null = New-VethPair p0 p0peer -Namespace $ns -Master br0 -Up
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Remove-NetFdbEntry' {
    It 'takes one VTEP out of a flood list, and piped entries of the bridge''s table' {
        $null = New-NetFdbEntry 00:00:00:00:00:00 -InterfaceAlias vx0 -Destination 10.98.0.2 -Namespace $ns
        $null = New-NetFdbEntry 00:00:00:00:00:00 -InterfaceAlias vx0 -Destination 10.98.0.3 -Namespace $ns -Append
        Remove-NetFdbEntry 00:00:00:00:00:00 -InterfaceAlias vx0 -Destination 10.98.0.3 -Namespace $ns -Confirm:$false
        (Get-NetFdbEntry vx0 -Namespace $ns | Where-Object Destination).Destination | Should -Be '10.98.0.2'

        $null = New-NetFdbEntry 02:00:00:00:98:01 -InterfaceAlias p0 -Master -State Static -Namespace $ns
        Get-NetFdbEntry p0 -MacAddress 02:00:00:00:98:01 -Namespace $ns | Remove-NetFdbEntry -Confirm:$false
        Get-NetFdbEntry p0 -MacAddress 02:00:00:00:98:01 -Namespace $ns | Should -BeNullOrEmpty
    }

    It 'reports an entry that is not there as ObjectNotFound' {
        Remove-NetFdbEntry 02:00:00:00:98:99 -InterfaceAlias vx0 -Destination 10.98.0.9 -Namespace $ns -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'removes nothing with -WhatIf' {
        $null = New-NetFdbEntry 02:42:0a:00:98:05 -InterfaceAlias vx0 -Destination 10.98.0.2 -Namespace $ns
        Remove-NetFdbEntry 02:42:0a:00:98:05 -InterfaceAlias vx0 -Namespace $ns -WhatIf
        Get-NetFdbEntry vx0 -MacAddress 02:42:0a:00:98:05 -Namespace $ns | Should -Not -BeNullOrEmpty
    }
}
