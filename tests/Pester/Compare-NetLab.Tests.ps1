BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}
AfterAll {
    Get-NetLab "$TestPrefix*" | Remove-NetLab -Confirm:$false | Out-Null
    Remove-TestNamespaces
}

Describe 'Compare-NetLab' {
    It 'finds no difference between a lab just built and its definition: <_>' -ForEach 'bridge.psd1', 'nat.psd1', 'macvlan.psd1', 'vxlan.psd1', 'impaired.psd1' {
        $definition = Get-TestLabDefinition $_ "cmp-$($_ -replace '\.psd1$')"
        $null = New-NetLab -Definition $definition -ErrorAction Stop
        try {
            Compare-NetLab -Definition $definition | Should -BeNullOrEmpty
        }
        finally { Remove-NetLab $definition.Name -Confirm:$false | Out-Null }
    }

    It 'reports drift made by hand, part by part, reading the definition from a file' {
        $definition = Get-TestLabDefinition 'nat.psd1' 'drift'
        $lab = (New-NetLab -Definition $definition -ErrorAction Stop).Name
        $file = Join-Path TestDrive: 'drifted.psd1'
        (Get-Content (Join-Path $PSScriptRoot '../../examples/labs/nat.psd1') -Raw) -replace "Name\s*=\s*'nat'", "Name = '$lab'" | Set-Content $file
        Remove-NetIPAddress 10.200.0.2 -Namespace "$lab-wan" -Confirm:$false
        Set-NetSysctl net.ipv4.ip_forward 0 -Namespace "$lab-router" -Confirm:$false
        New-NetBridge extra -Namespace "$lab-wan" | Out-Null

        $drift = Compare-NetLab $file

        $drift | ForEach-Object { "$($_.Action) $($_.Part) $($_.Where) $($_.Name)" } | Should -Be @(
            'Remove Bridge wan extra'
            'Modify Sysctl router net.ipv4.ip_forward'
            'Add Address wan 10.200.0.2/24 on eth0')
        $drift[1].Detail | Should -Be '0 -> 1'
        $drift.Applied | Should -Not -Contain $true
    }

    It 'takes definitions from the pipeline' {
        $definition = Get-TestLabDefinition 'bridge.psd1' 'piped'
        $null = New-NetLab -Definition $definition -ErrorAction Stop
        $definition.Routes = @()
        ($definition | Compare-NetLab).Action | Sort-Object -Unique | Should -Be 'Remove'
    }

    It 'reports a lab that is not running as ObjectNotFound' {
        Compare-NetLab -Definition (Get-TestLabDefinition 'bridge.psd1' 'absent') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -BeLike "no lab named '*absent'*"
    }

    It 'finds no difference in a Docker lab just built: <_>' -ForEach 'custom-network.psd1', 'two-networks.psd1', 'modes.psd1' -Skip:([bool]$noDocker) {
        $definition = Get-TestLabDefinition $_ "cmp-$($_ -replace '\.psd1$')"
        $null = New-NetLab -Definition $definition -ErrorAction Stop
        try {
            Compare-NetLab -Definition $definition | Should -BeNullOrEmpty
        }
        finally { Remove-NetLab $definition.Name -Confirm:$false | Out-Null }
    }
}
