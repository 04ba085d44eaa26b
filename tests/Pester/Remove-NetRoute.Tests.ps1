BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $a = New-TestNamespace 'a'
    $b = New-TestNamespace 'b'
    Connect-TestNamespaces $a 10.50.0.1/24 $b 10.50.0.2/24
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Remove-NetRoute' {
    It 'removes a route by destination' {
        $null = New-NetRoute default 10.50.0.2 -Namespace $a
        Remove-NetRoute default -Namespace $a -Confirm:$false
        Get-NetRoute default -Namespace $a | Should -BeNullOrEmpty
    }

    It 'removes piped static routes and keeps the connected one' {
        $null = New-NetRoute 10.51.0.0/16 10.50.0.2 -Namespace $a
        $null = New-NetRoute 10.52.0.0/16 10.50.0.2 -Namespace $a -RouteMetric 10
        Get-NetRoute -Namespace $a -AddressFamily IPv4 | Where-Object Protocol -eq static | Remove-NetRoute -Confirm:$false
        (Get-NetRoute -Namespace $a -AddressFamily IPv4).DestinationPrefix | Should -Be '10.50.0.0/24'
    }

    It 'reports a missing route as ObjectNotFound' {
        Remove-NetRoute 10.53.0.0/16 -Namespace $a -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
