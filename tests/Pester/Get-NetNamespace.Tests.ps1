BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $a = New-TestNamespace 'a'
    $b = New-TestNamespace 'b'
    Invoke-Ip @('netns', 'add', ($TestPrefix + 'iproute'))
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Get-NetNamespace' {
    It 'lists namespaces by wildcard, iproute2''s included' {
        (Get-NetNamespace "$TestPrefix*").Name | Should -Be @($a, $b, ($TestPrefix + 'iproute'))
    }

    It 'returns one by name with its inode and path' {
        $ns = Get-NetNamespace $a
        $ns.Path | Should -Be "/run/netns/$a"
        $ns.Inode | Should -Not -Be (Get-NetNamespace $b).Inode
    }

    It 'shows the netns id that ip netns list shows' {
        Invoke-Ip @('netns', 'set', $b, 'auto')
        $id = (Get-NetNamespace $b).NetNsId
        $id | Should -Not -BeNullOrEmpty
        (Invoke-Ip @('netns', 'list')) -join "`n" | Should -Match ([regex]::Escape("$b (id: $id)"))
    }

    It 'reports a missing name as ObjectNotFound but a wildcard without match as nothing' {
        Get-NetNamespace ($TestPrefix + 'missing') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-NetNamespace ($TestPrefix + 'zz*') | Should -BeNullOrEmpty
    }

    It 'pipes into Get-NetLink' {
        (Get-NetNamespace $a | Get-NetLink).Name | Should -Be 'lo'
    }
}
