BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll { . (Join-Path $PSScriptRoot 'Common.ps1') }
AfterAll {
    Get-NetLab "$TestPrefix*" | Remove-NetLab -Confirm:$false | Out-Null
    Remove-TestNamespaces
}

Describe 'Start-NetLabNode' {
    It 'brings back up exactly the links Stop-NetLabNode took down, and the lab converges' {
        $lab = New-TestLab 'nat.psd1' 'startns'
        Set-NetLink wan0 -Namespace "$lab-router" -Down   # down before the stop: it stays down after the start
        Stop-NetLabNode $lab router -Confirm:$false
        (Get-NetLink -Namespace "$lab-router" | Where-Object Name -ne 'lo').AdminState | Should -Not -Contain 'Up'
        $node = Start-NetLabNode $lab router -PassThru -Confirm:$false
        $node.Name | Should -Be 'router'
        (Get-NetLink br0 -Namespace "$lab-router").AdminState | Should -Be 'Up'
        (Get-NetLink wan0 -Namespace "$lab-router").AdminState | Should -Be 'Down'
        Set-NetLink wan0 -Namespace "$lab-router" -Up
        Test-NetLab $lab -Expect @{ From = 'box1'; To = 'wan' } -Wait | Should -Reach
    }

    It 'says a node that is not stopped is not' {
        $lab = New-TestLab 'bridge.psd1' 'startnot'
        Start-NetLabNode $lab box1 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -Be "node 'box1' of lab '$lab' is not stopped (Stop-NetLabNode stops it)"
    }

    It 'starts a container node again: new namespace under the lab''s name, same address, reachable again' -Skip:([bool]$noDocker) {
        $lab = New-TestLab 'custom-network.psd1' 'startct'
        $before = (Get-Container "$lab-web").Pid
        Stop-NetLabNode $lab web -TimeoutSeconds 1 -Confirm:$false
        $node = Start-NetLabNode $lab web -PassThru -Confirm:$false
        (Get-Container "$lab-web").Pid | Should -Not -Be $before
        $node.Namespace | Should -Be "$lab-web"
        ($node.Addresses | Where-Object InterfaceAlias -eq 'eth0').IPAddress | Should -Contain '192.168.0.10'
        Test-NetLab $lab -Expect @{ From = 'client'; To = 'web' } -Wait | Should -Reach
        (Get-NetLab $lab).Nodes.Name | Should -Contain 'web'
    }
}
