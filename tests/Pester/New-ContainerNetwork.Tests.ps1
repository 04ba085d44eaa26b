BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll { . (Join-Path $PSScriptRoot 'Common.ps1') }
AfterAll { Remove-TestDocker }

Describe 'New-ContainerNetwork' -Skip:([bool]$noDocker) {
    It 'creates a network with subnet, gateway, range, aux address, labels and flags, as docker inspect sees it' {
        $name = $DockerPrefix + 'full'
        $net = New-ContainerNetwork $name -Subnet 10.232.10.0/24 -Gateway 10.232.10.1 -IPRange 10.232.10.128/25 `
            -AuxAddress @{ router = '10.232.10.2' } -Label @{ lab = $DockerPrefix } -Internal -Attachable

        $net.Name | Should -Be $name
        $net.Subnet | Should -Be '10.232.10.0/24'
        $net.Gateway | Should -Be '10.232.10.1'
        $net.IpamConfigs[0].IPRange | Should -Be '10.232.10.128/25'
        $net.IpamConfigs[0].AuxAddresses['router'] | Should -Be '10.232.10.2'
        $net.Labels['lab'] | Should -Be $DockerPrefix
        $net.Internal | Should -BeTrue
        $inspect = docker network inspect $name | ConvertFrom-Json
        $inspect.Id | Should -Be $net.Id
        $inspect.IPAM.Config[0].Gateway | Should -Be '10.232.10.1'
        $inspect.Internal | Should -BeTrue
    }

    It 'passes driver options: a bridge named by the user' {
        $bridge = $DockerPrefix.Substring(0, 10) + 'br'
        $net = New-ContainerNetwork ($DockerPrefix + 'named') -Subnet 10.232.11.0/24 -Option @{ 'com.docker.network.bridge.name' = $bridge }
        $net.BridgeName | Should -Be $bridge
        $null = New-TestContainer 'named' -Network $net.Name   # Docker makes the bridge when the first container joins
        (Get-NetLink $bridge).Kind | Should -Be 'bridge'
    }

    It 'refuses a gateway outside the subnet before asking Docker' {
        New-ContainerNetwork ($DockerPrefix + 'badgw') -Subnet 10.232.12.0/24 -Gateway 10.9.9.1 -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike "*gateway '10.9.9.1' is in none of the subnets*"
        docker network ls -q --filter "name=$($DockerPrefix)badgw" | Should -BeNullOrEmpty
    }

    It 'refuses a duplicate name and an overlapping subnet with Docker''s words' {
        $null = New-TestContainerNetwork 'dup' '10.232.13.0/24'
        New-TestContainerNetwork 'dup' '10.232.14.0/24' -ErrorAction SilentlyContinue -ErrorVariable dup
        $dup[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $dup[0].Exception.Message | Should -BeLike '*already exists*'
        New-TestContainerNetwork 'over' '10.232.13.0/25' -ErrorAction SilentlyContinue -ErrorVariable over
        $over[0].Exception.Message | Should -BeLike '*overlaps*'
    }

    It 'makes nothing with -WhatIf' {
        New-ContainerNetwork ($DockerPrefix + 'whatif') -Subnet 10.232.15.0/24 -WhatIf
        Get-ContainerNetwork ($DockerPrefix + 'whatif') -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
