BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll { . (Join-Path $PSScriptRoot 'Common.ps1') }
AfterAll {
    Get-NetLab "$TestPrefix*" | Remove-NetLab -Confirm:$false | Out-Null
    Remove-TestNamespaces
}

Describe 'Stop-NetLabNode' {
    It 'stops a namespace node: the links that were up go down, Test-NetLab says so, and it is stopped once' {
        $lab = New-TestLab 'bridge.psd1' 'stopns'
        Set-NetLink eth0 -Namespace "$lab-box2" -Down   # down before: Start-NetLabNode must leave it down
        Set-NetLink eth0 -Namespace "$lab-box2" -Up
        Stop-NetLabNode $lab box2 -Confirm:$false
        (Get-NetLink eth0 -Namespace "$lab-box2").AdminState | Should -Be 'Down'
        (Test-NetLab $lab -Expect @{ From = 'box1'; To = 'box2' }).Reason | Should -Be '172.17.0.3 is on box2:eth0, which is set down'
        Stop-NetLabNode $lab box2 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -Be "node 'box2' of lab '$lab' is stopped already; Start-NetLabNode starts it"
    }

    It 'names the nodes a lab has' {
        $lab = New-TestLab 'bridge.psd1' 'stopnone'
        Stop-NetLabNode $lab box9 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -Be "lab '$lab' has no node 'box9' (nodes: box1, box2, host)"
    }

    It 'stops a container node''s container, keeping it for Start-NetLabNode' -Skip:([bool]$noDocker) {
        $lab = New-TestLab 'custom-network.psd1' 'stopct'
        Stop-NetLabNode $lab web -TimeoutSeconds 1 -Confirm:$false
        (Get-Container "$lab-web" -All).State | Should -Be 'exited'
        (Test-NetLab $lab -Expect @{ From = 'client'; To = 'web' }).Passed | Should -BeFalse
    }
}
