BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll { . (Join-Path $PSScriptRoot 'Common.ps1') }
AfterAll { Remove-TestDocker }

Describe 'New-Container' -Skip:([bool]$noDocker) {
    It 'starts a container on a custom network with a static address' {
        $net = New-TestContainerNetwork 'static' '10.232.60.0/24' '10.232.60.1'
        $c = New-TestContainer 'static' -Network $net.Name -IPAddress 10.232.60.10
        $c.State | Should -Be 'running'
        $c.Endpoints.IPv4Address | Should -Be '10.232.60.10/24'
        $c.Endpoints.Gateway | Should -Be '10.232.60.1'
        docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' $c.Name | Should -Be '10.232.60.10'
    }

    It 'gives host, none and container:NAME modes their namespaces' {
        $onHost = New-TestContainer 'host' -Network host
        $none = New-TestContainer 'none' -Network none
        $owner = New-TestContainer 'owner'
        $sharer = New-TestContainer 'sharer' -Network "container:$($owner.Name)"

        (Get-Item -Path "/proc/$($onHost.Pid)/ns/net").LinkTarget | Should -Be (Get-Item /proc/self/ns/net).LinkTarget
        (Get-NetLink -Namespace $none).Name | Should -Be @('lo')
        (Get-Item "/proc/$($sharer.Pid)/ns/net").LinkTarget | Should -Be (Get-Item "/proc/$($owner.Pid)/ns/net").LinkTarget
        (Get-NetLink eth0 -Namespace $sharer).MacAddress | Should -Be (Get-NetLink eth0 -Namespace $owner).MacAddress
    }

    It 'resolves container names on a user network' {
        $net = New-TestContainerNetwork 'dns' '10.232.61.0/24'
        $a = New-TestContainer 'dnsa' -Network $net.Name
        $b = New-TestContainer 'dnsb' -Network $net.Name -IPAddress 10.232.61.20
        $lookup = Invoke-NetNamespace $a busybox -ArgumentList 'nslookup', $b.Name, '127.0.0.11' -TimeoutSeconds 10
        $lookup.ExitCode | Should -Be 0
        ($lookup.Output -join "`n") | Should -Match '10\.232\.61\.20'
    }

    It 'publishes a port reachable on the host''s loopback' {
        $port = Get-Random -Minimum 20000 -Maximum 40000
        $web = New-TestContainer 'web' -Command 'sh', '-c', 'echo hello-from-box > /tmp/index.html && exec httpd -f -p 80 -h /tmp' -Publish "127.0.0.1:$($port):80"
        $web.Ports[0].HostPort | Should -Be $port
        Test-NetTcpConnection 127.0.0.1 $port -Quiet | Should -BeTrue
        # docker-proxy accepts at once and resets until httpd in the container listens: retry for a while.
        $deadline = [datetime]::UtcNow.AddSeconds(10)
        do {
            $content = try { (Invoke-WebRequest "http://127.0.0.1:$port/index.html" -UseBasicParsing -TimeoutSec 2).Content } catch { Start-Sleep -Milliseconds 100 }
        } until ($content -or [datetime]::UtcNow -gt $deadline)
        $content | Should -Match 'hello-from-box'
    }

    It 'refuses bad -Publish text before anything is made' {
        New-TestContainer 'badp' -Publish '8080:http' -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike "*container port 'http' is not a port*"
        Get-Container ($DockerPrefix + 'badp') -All -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'removes a container that cannot start and reports Docker''s message' {
        New-TestContainer 'broken' -Command '/no/such/program' -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].Exception.Message | Should -BeLike '*/no/such/program*'
        docker ps -a -q --filter "name=$($DockerPrefix)broken" | Should -BeNullOrEmpty
    }

    It 'refuses a name in use as ResourceExists' {
        $null = New-TestContainer 'twin'
        New-TestContainer 'twin' -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'makes nothing with -WhatIf' {
        New-Container $DockerImage -Name ($DockerPrefix + 'wi') -WhatIf
        Get-Container ($DockerPrefix + 'wi') -All -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
