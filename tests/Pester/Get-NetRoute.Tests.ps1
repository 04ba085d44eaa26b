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

    It 'rejects a destination that is not a prefix' {
        Get-NetRoute 'nowhere' -Namespace $a -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}
