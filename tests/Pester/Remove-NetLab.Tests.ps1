BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Remove-NetLab' {
    It 'removes every namespace of the lab, with its links, and says what it removed' {
        $lab = New-TestLab 'nat.psd1' 'rm'
        (Get-NatRule -Namespace "$lab-router").Comment | Should -Contain "$($lab): web"

        $report = Remove-NetLab $lab -Confirm:$false

        $report.Lab | Should -Be $lab
        $report.Namespaces | Sort-Object | Should -Be @("$lab-box1", "$lab-router", "$lab-wan")
        Get-NetNamespace "$lab-*" | Should -BeNullOrEmpty
    }

    It 'is idempotent: a lab that is gone removes nothing and is no error' {
        $report = Remove-NetLab ($TestPrefix + 'never').ToLowerInvariant() -Confirm:$false -ErrorVariable err
        $err | Should -BeNullOrEmpty
        $report.Namespaces | Should -BeNullOrEmpty
    }

    It 'takes labs from Get-NetLab' {
        $lab = New-TestLab 'nat.psd1' 'piped'
        Get-NetLab $lab | Remove-NetLab -Confirm:$false | Out-Null
        Get-NetLab $lab -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'removes nothing with -WhatIf' {
        $lab = New-TestLab 'nat.psd1' 'kept'
        Remove-NetLab $lab -WhatIf
        (Get-NetLab $lab).Nodes.Count | Should -Be 3
    }
}
