# The runbook script of a lab that changes while it runs (examples/ChangingLab.ps1): built, failed, recovered, grown
# with Set-NetLab, found without drift, then gone.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $labScript = Join-Path $PSScriptRoot '../../examples/ChangingLab.ps1'
    $name = ($TestPrefix + 'changing').ToLowerInvariant()
}

AfterAll {
    Remove-NetLab $name -Confirm:$false -ErrorAction SilentlyContinue | Out-Null
    Remove-TestNamespaces
}

Describe 'Changing lab runbook script' {
    BeforeAll {
        $result = & $labScript -Name $name 6>$null | Select-Object -Last 1
    }

    It 'ends with the grown lab (a server node more) and no drift from its definition' {
        $result.Lab | Should -Be $name
        $result.Nodes | Should -Be @('box1', 'router', 'server', 'wan')
        $result.Drift | Should -BeNullOrEmpty
    }

    It 'removes the lab at the end' {
        { Get-NetLab $name -ErrorAction Stop } | Should -Throw '*no lab named*'
    }
}
