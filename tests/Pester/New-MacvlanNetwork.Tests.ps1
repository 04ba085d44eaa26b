BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll { . (Join-Path $PSScriptRoot 'Common.ps1') }
AfterAll { Remove-TestDocker }

Describe 'New-MacvlanNetwork' -Skip:([bool]$noDocker) {
    BeforeAll {
        # The parent is a veth end this file makes in the engine's namespace, never a real uplink.
        $parent = $DockerPrefix + 'p'
        $null = New-VethPair $parent ($DockerPrefix + 'q') -Up
    }

    It 'puts two containers on the parent: they ping each other with no bridge in between' {
        $net = New-MacvlanNetwork ($DockerPrefix + 'mv') -Parent $parent -Subnet 10.232.50.0/24 -Gateway 10.232.50.1 -Mode bridge
        $net.Driver | Should -Be 'macvlan'
        $net.Parent | Should -Be $parent
        $net.BridgeName | Should -BeNullOrEmpty
        (docker network inspect $net.Name | ConvertFrom-Json).Options.parent | Should -Be $parent

        $a = New-TestContainer 'mva' -Network $net.Name -IPAddress 10.232.50.10
        $null = New-TestContainer 'mvb' -Network $net.Name -IPAddress 10.232.50.11

        Test-NetPing 10.232.50.11 -Namespace $a -Count 1 -Quiet | Should -BeTrue
        $eth0 = Get-NetLink eth0 -Namespace $a
        $eth0.Kind | Should -Be 'macvlan'
        $eth0.ParentIndex | Should -Be (Get-NetLink $parent).Index
    }

    It 'makes the parent.VID sub-interface for -VlanId and removes it with the network' {
        $net = New-MacvlanNetwork ($DockerPrefix + 'v10') -Parent $parent -VlanId 10 -Subnet 10.232.51.0/24 -ErrorAction SilentlyContinue -ErrorVariable err
        if (Skip-IfKernelLacks $err) { return }
        $err | Should -BeNullOrEmpty
        $net.Parent | Should -Be "$parent.10"
        (Get-NetLink "$parent.10").Kind | Should -Be 'vlan'
        Remove-ContainerNetwork $net.Name -Confirm:$false
        Get-NetLink "$parent.10" -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'names a parent that does not exist' {
        New-MacvlanNetwork ($DockerPrefix + 'nop') -Parent ($DockerPrefix + 'none') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -BeLike "*parent link '$($DockerPrefix)none'*"
    }

    It 'refuses a mode of the other driver' {
        New-MacvlanNetwork ($DockerPrefix + 'mode') -Parent $parent -Mode l3 -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike "*'l3' is not a macvlan mode*"
    }

    It 'makes nothing with -WhatIf' {
        New-MacvlanNetwork ($DockerPrefix + 'wi') -Parent $parent -VlanId 20 -WhatIf
        Get-ContainerNetwork ($DockerPrefix + 'wi') -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-NetLink "$parent.20" -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
