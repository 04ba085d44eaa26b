BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $a = New-TestNamespace 'a'
    $b = New-TestNamespace 'b'
    Connect-TestNamespaces $a 10.233.71.1/24 $b 10.233.71.2/24
}
AfterAll { Remove-TestNamespaces }

Describe 'Get-NetLinkImpairment' {
    AfterEach { Remove-NetLinkImpairment a-b -Namespace $a -Confirm:$false -ErrorAction SilentlyContinue }

    It 'lists impaired links as a table, with the burst read back from the kernel''s ticks' {
        Set-NetLinkImpairment a-b -Namespace $a -Rate 500kbit -Burst 4000
        $found = Get-NetLinkImpairment -Namespace $a
        $found.Name | Should -Be 'a-b'
        $found.Burst | Should -BeIn 3999, 4000, 4001
        ($found | Out-String) | Should -Match 'a-b\s+tbf\s+500kbit'
    }

    It 'writes nothing for a link without an impairment, and takes piped links' {
        Get-NetLinkImpairment a-b -Namespace $a | Should -BeNullOrEmpty
        Set-NetLinkImpairment a-b -Namespace $a -Rate 1mbit
        (Get-NetLink a-b -Namespace $a | Get-NetLinkImpairment).Rate | Should -Be 1000000
    }
}
