BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Remove-NetLinkAlternativeName' {
    BeforeEach {
        Get-NetLink -Kind veth -Namespace $hostNs | Remove-NetLink -Confirm:$false
        $null = New-VethPair r0 r0peer -Namespace $hostNs
        Add-NetLinkAlternativeName r0 'r0-one', 'r0-two' -Namespace $hostNs
    }

    It 'removes the named alternative names and keeps the others' {
        Remove-NetLinkAlternativeName r0 'r0-one' -Namespace $hostNs
        (Get-NetLink r0 -Namespace $hostNs).AlternativeNames | Should -Be @('r0-two')
        (Get-IpLink r0 $hostNs).altnames | Should -Be @('r0-two')
    }

    It 'takes links from the pipeline' {
        Get-NetLink r0 -Namespace $hostNs | Remove-NetLinkAlternativeName -AlternativeName 'r0-one', 'r0-two'
        (Get-NetLink r0 -Namespace $hostNs).AlternativeNames | Should -BeNullOrEmpty
    }

    It 'reports a name the link does not have as ObjectNotFound' {
        Remove-NetLinkAlternativeName r0 'r0-none' -Namespace $hostNs -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -Match "has no alternative name 'r0-none'"
    }

    It 'changes nothing with -WhatIf' {
        Remove-NetLinkAlternativeName r0 'r0-one' -Namespace $hostNs -WhatIf
        (Get-NetLink r0 -Namespace $hostNs).AlternativeNames | Should -Be @('r0-one', 'r0-two')
    }
}
