BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $ns = New-TestNamespace 'exec'
    $null = New-VethPair x0 x0peer -Namespace $ns
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Invoke-NetNamespace' {
    It 'runs inside the namespace and returns output and exit code' {
        $r = Invoke-NetNamespace $ns ip -ArgumentList '-br', 'link'
        $r.ExitCode | Should -Be 0
        $r.Success | Should -BeTrue
        ($r.Output | ForEach-Object { ($_ -split '\s+')[0] -replace '@.*' } | Sort-Object) | Should -Be @('lo', 'x0', 'x0peer')
    }

    It 'shows the namespace''s interfaces under /sys' {
        (Invoke-NetNamespace $ns ls -ArgumentList '/sys/class/net').Output | Sort-Object | Should -Be @('lo', 'x0', 'x0peer')
    }

    It 'keeps the exit code and standard error' {
        $r = Invoke-NetNamespace $ns sh -ArgumentList '-c', 'echo oops >&2; exit 3'
        $r.ExitCode | Should -Be 3
        $r.ErrorOutput | Should -Be 'oops'
    }

    It 'streams lines and sets $LASTEXITCODE with -Stream' {
        $lines = Invoke-NetNamespace $ns sh -ArgumentList '-c', 'echo one; echo two; exit 4' -Stream
        $lines | Should -Be @('one', 'two')
        $LASTEXITCODE | Should -Be 4
    }

    It 'stops a program after -TimeoutSeconds' {
        $r = Invoke-NetNamespace $ns sleep -ArgumentList '30' -TimeoutSeconds 1
        $r.TimedOut | Should -BeTrue
        $r.Duration.TotalSeconds | Should -BeLessThan 10
    }

    It 'takes namespace objects from the pipeline' {
        (Get-NetNamespace $ns | Invoke-NetNamespace -Command true).Namespace | Should -Be $ns
    }

    It 'reports an unknown program as ObjectNotFound before running anything' {
        Invoke-NetNamespace $ns no-such-program-xyz -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'is PermissionDenied without privilege, not an exit code with nsenter''s complaint in the output' {
        $text = Invoke-Unprivileged "Invoke-NetNamespace '$ns' ip -ArgumentList link -ErrorAction SilentlyContinue -ErrorVariable e; 'CATEGORY=' + `$e[0].CategoryInfo.Category"
        $text | Should -Match 'CATEGORY=PermissionDenied'
        $text | Should -Not -Match 'ExitCode'
    }

    It 'reports an unknown namespace as ObjectNotFound' {
        Invoke-NetNamespace ($TestPrefix + 'missing') true -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
