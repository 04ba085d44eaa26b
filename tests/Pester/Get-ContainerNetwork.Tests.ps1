BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll { . (Join-Path $PSScriptRoot 'Common.ps1') }
AfterAll { Remove-TestDocker }

Describe 'Get-ContainerNetwork' -Skip:([bool]$noDocker) {
    It 'lists what docker network ls lists' {
        $ours = (Get-ContainerNetwork).Name | Sort-Object
        $oracle = docker network ls --format '{{.Name}}' | Sort-Object
        $ours | Should -Be $oracle
    }

    It 'names the Linux bridge of the default network and of a user-defined one' {
        (Get-ContainerNetwork bridge).BridgeName | Should -Be 'docker0'
        $net = New-TestContainerNetwork 'gnet' '10.232.1.0/24' '10.232.1.1'
        (Get-ContainerNetwork $net.Name).BridgeName | Should -Be ('br-' + $net.Id.Substring(0, 12))
    }

    It 'shows the attached containers with their addresses' {
        $net = New-TestContainerNetwork 'att' '10.232.2.0/24'
        $box = New-TestContainer 'att' -Network $net.Name -IPAddress 10.232.2.20
        $endpoint = (Get-ContainerNetwork $net.Name).Containers
        $endpoint.ContainerName | Should -Be $box.Name
        $endpoint.IPv4Address | Should -Be '10.232.2.20/24'
        $endpoint.MacAddress | Should -Match '^([0-9a-f]{2}:){5}[0-9a-f]{2}$'
    }

    It 'takes wildcards, ids and piped names' {
        $net = New-TestContainerNetwork 'wild' '10.232.3.0/24'
        (Get-ContainerNetwork "$DockerPrefix*").Name | Should -Contain $net.Name
        (Get-ContainerNetwork $net.Id.Substring(0, 12)).Name | Should -Be $net.Name
        ($net.Name | Get-ContainerNetwork).Id | Should -Be $net.Id
    }

    It 'reports an unknown network as ObjectNotFound with Docker''s words' {
        Get-ContainerNetwork ($DockerPrefix + 'nope') -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -BeLike '*not found*'
        $err[0].TargetObject | Should -Be ($DockerPrefix + 'nope')
    }

    It 'reports an engine that cannot be reached as ConnectionError' {
        Get-ContainerNetwork -DockerHost 'unix:///nonexistent/docker.sock' -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $err[0].Exception.Message | Should -BeLike 'Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock*'
    }

    It 'shows the requests it makes with -Verbose' {
        $verbose = Get-ContainerNetwork bridge -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -BeLike '*GET /v1.*/networks/bridge*'
    }
}
