BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $ns = New-TestNamespace 'nat'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Remove-NatRule' {
    BeforeEach {
        Remove-NatRule -All -Namespace $ns -Confirm:$false
        $rules = @(
            Add-NatRule -Masquerade -Comment keep -Namespace $ns -EnableForwarding -PassThru
            Add-NatRule -Dnat -Protocol tcp -DestinationPort 8080 -ToAddress 10.1.1.1 -Comment lab-web -Namespace $ns -PassThru
            Add-NatRule -Dnat -Protocol tcp -DestinationPort 8443 -ToAddress 10.1.1.1 -Comment lab-tls -Namespace $ns -PassThru
        )
    }

    It 'removes piped rules, and again without error' {
        $rules | Where-Object Comment -eq lab-web | Remove-NatRule -Confirm:$false
        (Get-NatRule -Namespace $ns).Comment | Should -Not -Contain 'lab-web'
        { $rules | Where-Object Comment -eq lab-web | Remove-NatRule -Confirm:$false -ErrorAction Stop } | Should -Not -Throw
    }

    It 'removes by comment wildcard' {
        Remove-NatRule -Comment 'lab-*' -Namespace $ns -Confirm:$false
        (Get-NatRule -Namespace $ns).Comment | Should -Be 'keep'
    }

    It 'removes by handle' {
        Remove-NatRule -Handle ($rules | Where-Object Comment -eq keep).Handle -Namespace $ns -Confirm:$false
        (Get-NatRule -Namespace $ns).Comment | Sort-Object | Should -Be @('lab-tls', 'lab-web')
    }

    It 'removes everything with -All' {
        Remove-NatRule -All -Namespace $ns -Confirm:$false
        Get-NatRule -Namespace $ns | Should -BeNullOrEmpty
    }

    It 'keeps the rules with -WhatIf' {
        Remove-NatRule -All -Namespace $ns -WhatIf
        (Get-NatRule -Namespace $ns).Count | Should -Be 3
    }
}
