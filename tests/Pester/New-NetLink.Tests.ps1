BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'New-NetLink' {
    It 'creates a dummy link (skipped where the kernel has no dummy)' {
        $link = New-NetLink dum0 -Kind dummy -Namespace $hostNs -Up -ErrorAction SilentlyContinue -ErrorVariable err
        if (Skip-IfKernelLacks $err) { return }
        $link.Kind | Should -Be 'dummy'
        (Get-IpLink dum0 $hostNs).linkinfo.info_kind | Should -Be 'dummy'
    }

    It 'says which kind the kernel does not know' {
        New-NetLink x0 -Kind nosuchkind -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $err[0].Exception.Message | Should -BeLike "*no 'nosuchkind' link type*"
    }
}
