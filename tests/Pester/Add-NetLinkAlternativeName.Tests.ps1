BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Add-NetLinkAlternativeName' {
    BeforeEach {
        Get-NetLink -Kind veth -Namespace $hostNs | Remove-NetLink -Confirm:$false
        $null = New-VethPair a0 a0peer -Namespace $hostNs
    }

    It 'adds names longer than 15 bytes that ip lists as altnames, and Get-NetLink finds the link by them' {
        $link = Add-NetLinkAlternativeName a0 'uplink-to-spine-1-port-49', 'a0-short' -Namespace $hostNs -PassThru
        $link.AlternativeNames | Should -Be @('uplink-to-spine-1-port-49', 'a0-short')
        (Get-IpLink a0 $hostNs).altnames | Should -Be @('uplink-to-spine-1-port-49', 'a0-short')
        (Get-NetLink a0-short -Namespace $hostNs).Name | Should -Be 'a0'
    }

    It 'adds none of the names when one is taken' {
        Add-NetLinkAlternativeName a0 'a0-taken' -Namespace $hostNs
        Add-NetLinkAlternativeName a0peer 'a0peer-new', 'a0-taken' -Namespace $hostNs -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err[0].Exception.Message | Should -Match "'a0-taken' is already"
        (Get-NetLink a0peer -Namespace $hostNs).AlternativeNames | Should -BeNullOrEmpty
    }

    It 'refuses a name with a space before asking the kernel' {
        Add-NetLinkAlternativeName a0 'has space' -Namespace $hostNs -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'changes nothing with -WhatIf' {
        Add-NetLinkAlternativeName a0 'a0-whatif' -Namespace $hostNs -WhatIf
        (Get-NetLink a0 -Namespace $hostNs).AlternativeNames | Should -BeNullOrEmpty
    }
}
