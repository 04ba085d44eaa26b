BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $a = New-TestNamespace 'a'
    $b = New-TestNamespace 'b'
    Connect-TestNamespaces $a 10.233.71.1/24 $b 10.233.71.2/24
}
AfterAll { Remove-TestNamespaces }

Describe 'Remove-NetLinkImpairment' {
    It 'removes a piped impairment: the link gets its default qdisc back' {
        Set-NetLinkImpairment a-b -Namespace $a -Rate 500kbit
        Get-NetLinkImpairment -Namespace $a | Remove-NetLinkImpairment -Confirm:$false
        Get-NetLinkImpairment a-b -Namespace $a | Should -BeNullOrEmpty
        (tc -n $a qdisc show dev a-b) | Should -Not -Match 'tbf'
    }

    It 'reports removing an impairment that is not there as ObjectNotFound' {
        Remove-NetLinkImpairment a-b -Namespace $a -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -BeLike "*link 'a-b'*has no impairment*"
    }

    It 'removes nothing with -WhatIf' {
        Set-NetLinkImpairment a-b -Namespace $a -Rate 500kbit
        Remove-NetLinkImpairment a-b -Namespace $a -WhatIf
        Get-NetLinkImpairment a-b -Namespace $a | Should -Not -BeNullOrEmpty
        Remove-NetLinkImpairment a-b -Namespace $a -Confirm:$false
    }
}
