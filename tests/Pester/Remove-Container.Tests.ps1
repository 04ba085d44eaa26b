BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll { . (Join-Path $PSScriptRoot 'Common.ps1') }
AfterAll { Remove-TestDocker }

Describe 'Remove-Container' -Skip:([bool]$noDocker) {
    It 'refuses a running container without -Force, as ResourceBusy' {
        $c = New-TestContainer 'run'
        Remove-Container $c.Name -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        (Get-Container $c.Name).State | Should -Be 'running'
    }

    It 'removes piped containers with -Force, their veths going with them' {
        $a = New-TestContainer 'rma'
        $b = New-TestContainer 'rmb'
        $peer = (Get-NetLink eth0 -Namespace $a).PeerName
        $a, $b | Remove-Container -Force -Confirm:$false
        docker ps -a -q --filter "name=$($DockerPrefix)rm" | Should -BeNullOrEmpty
        Get-NetLink $peer -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'reports an unknown container as ObjectNotFound' {
        Remove-Container ($DockerPrefix + 'ghost') -Force -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'removes nothing with -WhatIf' {
        $c = New-TestContainer 'keep'
        Remove-Container $c.Name -Force -WhatIf
        (Get-Container $c.Name).Name | Should -Be $c.Name
    }
}
