BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $lab = New-TestLab 'bridge.psd1'
}
AfterAll {
    Remove-NetLab $lab -Confirm:$false -ErrorAction SilentlyContinue | Out-Null
    Remove-TestNamespaces
}

Describe 'Disable-NetLabLink' {
    AfterEach { Set-NetLink eth0 -Namespace "$lab-box2" -Up }

    It 'takes a link down by its lab name; Test-NetLab says so' {
        $link = Disable-NetLabLink $lab box2:eth0 -PassThru -Confirm:$false
        $link.AdminState | Should -Be 'Down'
        (Get-NetLink eth0 -Namespace "$lab-box2").AdminState | Should -Be 'Down'
        (Test-NetLab $lab -Expect @{ From = 'box1'; To = 'box2' }).Reason | Should -Be '172.17.0.3 is on box2:eth0, which is set down'
    }

    It 'changes nothing with -WhatIf' {
        Disable-NetLabLink $lab box2:eth0 -WhatIf
        (Get-NetLink eth0 -Namespace "$lab-box2").AdminState | Should -Be 'Up'
    }

    It 'names the nodes a lab has when given one it does not' {
        Disable-NetLabLink $lab box9:eth0 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -Be "lab '$lab' has no node 'box9' here (nodes: box1, box2, host)"
        $err[0].TargetObject | Should -Be 'box9:eth0'
    }
}
