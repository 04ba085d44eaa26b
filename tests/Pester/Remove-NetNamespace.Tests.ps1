BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Remove-NetNamespace' {
    It 'removes the name and the veth pairs reaching into it' {
        $gone = New-TestNamespace 'gone'
        $null = New-VethPair toGone eth0 -Namespace $hostNs -PeerNamespace $gone

        Remove-NetNamespace $gone -Confirm:$false

        Test-Path "/run/netns/$gone" | Should -BeFalse
        $deadline = [datetime]::UtcNow.AddSeconds(10)
        while ((Get-NetLink -Namespace $hostNs).Name -contains 'toGone' -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        (Get-NetLink -Namespace $hostNs).Name | Should -Not -Contain 'toGone'
    }

    It 'takes namespace objects from the pipeline' {
        $null = New-TestNamespace 'piped1'
        $null = New-TestNamespace 'piped2'
        Get-NetNamespace "$($TestPrefix)piped*" | Remove-NetNamespace -Confirm:$false
        Get-NetNamespace "$($TestPrefix)piped*" | Should -BeNullOrEmpty
    }

    It 'reports a missing namespace as ObjectNotFound' {
        Remove-NetNamespace ($TestPrefix + 'missing') -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'keeps the namespace with -WhatIf' {
        $kept = New-TestNamespace 'kept'
        Remove-NetNamespace $kept -WhatIf
        Test-Path "/run/netns/$kept" | Should -BeTrue
    }
}
