BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll { . (Join-Path $PSScriptRoot 'Common.ps1') }
AfterAll { Remove-TestDocker }

Describe 'Remove-ContainerNetwork' -Skip:([bool]$noDocker) {
    It 'removes networks by name and from the pipeline' {
        $a = New-TestContainerNetwork 'rma' '10.232.20.0/24'
        $b = New-TestContainerNetwork 'rmb' '10.232.21.0/24'
        Remove-ContainerNetwork $a.Name -Confirm:$false
        $b | Remove-ContainerNetwork -Confirm:$false
        Get-ContainerNetwork "$DockerPrefix*" | Where-Object Name -in $a.Name, $b.Name | Should -BeNullOrEmpty
    }

    It 'refuses a network in use as ResourceBusy and leaves it' {
        $net = New-TestContainerNetwork 'busy' '10.232.22.0/24'
        $null = New-TestContainer 'busy' -Network $net.Name
        Remove-ContainerNetwork $net.Name -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        $err[0].Exception.Message | Should -BeLike '*active endpoints*'
        (Get-ContainerNetwork $net.Name).Name | Should -Be $net.Name
    }

    It 'prunes unused networks carrying a label and writes their names' {
        $label = @{ 'pscn-prune' = $DockerPrefix }
        $idle = New-ContainerNetwork ($DockerPrefix + 'idle') -Label $label
        $used = New-ContainerNetwork ($DockerPrefix + 'used') -Label $label
        $null = New-TestContainer 'keeper' -Network $used.Name

        $pruned = Remove-ContainerNetwork -Unused -Label $label -Confirm:$false

        $pruned | Should -Be @($idle.Name)
        (Get-ContainerNetwork $used.Name).Name | Should -Be $used.Name
    }

    It 'removes nothing with -WhatIf' {
        $net = New-TestContainerNetwork 'keep' '10.232.23.0/24'
        Remove-ContainerNetwork $net.Name -WhatIf
        (Get-ContainerNetwork $net.Name).Name | Should -Be $net.Name
    }
}
