BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $ns = New-TestNamespace 'rules'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Get-NetRoutingRule' {
    It 'lists the rules ip rule lists, lowest priority first, with their selector and action' {
        $null = New-NetRoutingRule 150 -From 10.64.0.0/16 -Table 100 -Namespace $ns
        $rules = @(Get-NetRoutingRule -AddressFamily IPv4 -Namespace $ns)
        $rules.Priority | Should -Be ((Invoke-Ip @('-n', $ns, '-j', 'rule', 'show') | ConvertFrom-Json).priority)
        ($rules | Where-Object Priority -eq 150 | ForEach-Object { "$($_.Selector) $($_.Does)" }) | Should -Be 'from 10.64.0.0/16 lookup 100'
        ($rules | Out-String -Width 200) | Should -Match '150 IPv4\s+from 10\.64\.0\.0/16\s+lookup 100'
    }

    It 'filters by priority and family, and takes namespaces from the pipeline' {
        (Get-NetRoutingRule 32766 -AddressFamily IPv6 -Namespace $ns).Does | Should -Be 'lookup main'
        @(Get-NetNamespace $ns | Get-NetRoutingRule -AddressFamily IPv4).Count | Should -BeGreaterOrEqual 3
    }
}
