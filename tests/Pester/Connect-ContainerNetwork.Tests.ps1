BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll { . (Join-Path $PSScriptRoot 'Common.ps1') }
AfterAll { Remove-TestDocker }

Describe 'Connect-ContainerNetwork' -Skip:([bool]$noDocker) {
    BeforeAll {
        $netA = New-TestContainerNetwork 'a' '10.232.30.0/24'
        $netB = New-TestContainerNetwork 'b' '10.232.31.0/24'
        $onA = New-TestContainer 'ona' -Network $netA.Name -IPAddress 10.232.30.11
        $onB = New-TestContainer 'onb' -Network $netB.Name -IPAddress 10.232.31.11
    }

    It 'lets a container on two networks reach both, while the others stay isolated' {
        $router = New-TestContainer 'router' -Network $netA.Name -IPAddress 10.232.30.10
        Test-NetPing 10.232.31.11 -Namespace $router -Count 1 -Quiet | Should -BeFalse

        $after = Connect-ContainerNetwork $netB.Name $router.Name -IPAddress 10.232.31.10 -Alias gw -PassThru

        $after.Endpoints.Network | Should -Be @($netA.Name, $netB.Name)
        ($after.Endpoints | Where-Object Network -eq $netB.Name).IPv4Address | Should -Be '10.232.31.10/24'
        ($after.Endpoints | Where-Object Network -eq $netB.Name).Aliases | Should -Contain 'gw'
        Test-NetPing 10.232.30.11 -Namespace $after -Count 1 -Quiet | Should -BeTrue
        Test-NetPing 10.232.31.11 -Namespace $after -Count 1 -Quiet | Should -BeTrue
        Test-NetPing 10.232.31.11 -Namespace $onA -Count 1 -Quiet | Should -BeFalse
        (Get-NetLink -Namespace $after).Name | Should -Contain 'eth1'
    }

    It 'takes containers and networks from the pipeline' {
        $c1 = New-TestContainer 'p1'
        $c2 = New-TestContainer 'p2'
        $c1, $c2 | Connect-ContainerNetwork $netB.Name
        $netB | Connect-ContainerNetwork -Container $onA.Name
        (Get-ContainerNetwork $netB.Name).Containers.ContainerName | Should -Contain $c1.Name
        (Get-ContainerNetwork $netB.Name).Containers.ContainerName | Should -Contain $c2.Name
        (Get-ContainerNetwork $netB.Name).Containers.ContainerName | Should -Contain $onA.Name
    }

    It 'refuses an address that is taken or outside the subnet, with Docker''s words' {
        $c = New-TestContainer 'ip'
        Connect-ContainerNetwork $netB.Name $c.Name -IPAddress 10.232.31.11 -ErrorAction SilentlyContinue -ErrorVariable taken
        $taken[0].Exception.Message | Should -BeLike '*Address already in use*'
        Connect-ContainerNetwork $netB.Name $c.Name -IPAddress 10.99.99.99 -ErrorAction SilentlyContinue -ErrorVariable outside
        $outside[0].Exception.Message | Should -BeLike "*does not belong to any of this network's subnets*"
    }

    It 'reports an unknown container as ObjectNotFound' {
        Connect-ContainerNetwork $netB.Name ($DockerPrefix + 'ghost') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -BeLike '*No such container*'
    }

    It 'refuses a per-network MAC on an engine older than API 1.44' {
        $api = [version](docker version --format '{{.Server.APIVersion}}')
        if ($api -ge [version]'1.44') { Set-ItResult -Skipped -Because "the engine speaks API $api, which supports it"; return }
        $c = New-TestContainer 'mac'
        Connect-ContainerNetwork $netB.Name $c.Name -MacAddress 02:42:0a:e8:1f:05 -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $err[0].Exception.Message | Should -BeLike '*needs Docker API 1.44*'
    }

    It 'refuses one fixed address for several containers' {
        { Connect-ContainerNetwork $netB.Name 'x', 'y' -IPAddress 10.232.31.50 -ErrorAction Stop } | Should -Throw -ErrorId 'AddressForSeveralContainers,*'
    }
}
