BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $ns = New-TestNamespace 'rules'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Remove-NetRoutingRule' {
    It 'removes rules piped from Get-NetRoutingRule, of both families' {
        $null = New-NetRoutingRule 100 -From 10.70.0.0/16 -Table 100 -Namespace $ns
        $null = New-NetRoutingRule 100 -From fd70::/64 -Table 100 -Namespace $ns
        Get-NetRoutingRule 100 -Namespace $ns | Remove-NetRoutingRule -Confirm:$false
        Get-NetRoutingRule 100 -Namespace $ns | Should -BeNullOrEmpty
        (Invoke-Ip @('-n', $ns, 'rule', 'show')) -join "`n" | Should -Not -Match '^100:'
    }

    It 'reports a priority no rule has as ObjectNotFound' {
        Remove-NetRoutingRule 4242 -Namespace $ns -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'removes nothing with -WhatIf' {
        $null = New-NetRoutingRule 101 -From 10.71.0.0/16 -Namespace $ns
        Remove-NetRoutingRule 101 -Namespace $ns -WhatIf
        (Get-NetRoutingRule 101 -Namespace $ns).Priority | Should -Be 101
    }
}
