BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $a = New-TestNamespace 'a'
    $b = New-TestNamespace 'b'
    Connect-TestNamespaces $a 10.48.0.1/24 $b 10.48.0.2/24
    $null = New-NetRoute default 10.48.0.2 -Namespace $a
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Find-NetRoute' {
    It 'says which route, interface, gateway and source the kernel would use, as ip route get does' {
        $found = Find-NetRoute 198.51.100.7 -Namespace $a
        $ip = (Invoke-Ip @('-n', $a, '-j', 'route', 'get', '198.51.100.7') | ConvertFrom-Json)[0]
        ($found.NextHop, $found.InterfaceAlias, $found.PreferredSource) | Should -Be @($ip.gateway, $ip.dev, $ip.prefsrc)
        $found.DestinationPrefix | Should -Be '198.51.100.7/32'
    }

    It 'takes addresses from the pipeline and names the connected route''s interface' {
        ('10.48.0.2' | Find-NetRoute -Namespace $a).InterfaceAlias | Should -Be 'a-b'
    }

    It 'reports no route as ObjectNotFound saying why' {
        Find-NetRoute 203.0.113.9 -Namespace $b -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -BeLike '*no route leads there*'
        $null = New-NetRoute 10.49.0.0/16 -Type Prohibit -Namespace $a
        Find-NetRoute 10.49.0.1 -Namespace $a -ErrorAction SilentlyContinue -ErrorVariable err2
        $err2[0].Exception.Message | Should -BeLike '*a prohibit route covers it*'
    }
}
