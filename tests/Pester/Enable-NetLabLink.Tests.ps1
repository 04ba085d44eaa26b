BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $lab = New-TestLab 'bridge.psd1'
}
AfterAll {
    Remove-NetLab $lab -Confirm:$false -ErrorAction SilentlyContinue | Out-Null
    Remove-TestNamespaces
}

Describe 'Enable-NetLabLink' {
    It 'brings links back by their lab names, and the lab converges' {
        Disable-NetLabLink $lab box1:eth0, box2:eth0 -Confirm:$false
        $links = Enable-NetLabLink $lab box1:eth0, box2:eth0 -PassThru -Confirm:$false
        $links.AdminState | Should -Be @('Up', 'Up')
        Test-NetLab $lab -Wait -TimeoutSeconds 20 | Should -Reach
    }

    It 'takes the lab piped by name' {
        Disable-NetLabLink $lab box1:eth0 -Confirm:$false
        Get-NetLab $lab | Enable-NetLabLink -Link box1:eth0 -Confirm:$false
        (Get-NetLink eth0 -Namespace "$lab-box1").AdminState | Should -Be 'Up'
    }
}
