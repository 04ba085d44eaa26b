BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $ns = New-TestNamespace 'nat'
    $null = Add-NatRule -Masquerade -SourcePrefix 10.0.0.0/8 -Comment out-a -Namespace $ns -EnableForwarding
    $null = Add-NatRule -Dnat -Protocol udp -DestinationPort 5353 -ToAddress 10.1.1.1 -ToPort 53 -IncludeLocal -Comment dns -Namespace $ns
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Get-NatRule' {
    It 'lists every rule with chain, handle and counters' {
        $rules = Get-NatRule -Namespace $ns
        $rules.Count | Should -Be 3
        $rules.Chain | Sort-Object | Should -Be @('output', 'postrouting', 'prerouting')
        $rules | ForEach-Object { $_.Handle | Should -BeGreaterThan 0; $_.Packets | Should -Be 0 }
    }

    It 'filters by comment, action and chain' {
        (Get-NatRule 'out-*' -Namespace $ns).Action | Should -Be 'Masquerade'
        (Get-NatRule -Action Dnat -Namespace $ns).Count | Should -Be 2
        (Get-NatRule -Chain output -Namespace $ns).Rule | Should -BeLike '*ip daddr != 127.0.0.0/8 fib daddr type local udp dport 5353*dnat to 10.1.1.1:53*'
    }

    It 'returns nothing for a namespace without the module''s table' {
        Get-NatRule -Namespace (New-TestNamespace 'empty') | Should -BeNullOrEmpty
    }

    It 'formats as a table grouped by namespace' {
        Get-NatRule -Namespace $ns | Out-String | Should -Match 'Chain\s+Handle\s+Packets\s+Bytes\s+Rule'
    }
}
