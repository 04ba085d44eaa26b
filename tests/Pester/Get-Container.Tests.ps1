BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll { . (Join-Path $PSScriptRoot 'Common.ps1') }
AfterAll { Remove-TestDocker }

Describe 'Get-Container' -Skip:([bool]$noDocker) {
    BeforeAll {
        $box1 = New-TestContainer 'box1'
        $box2 = New-TestContainer 'box2'
    }

    It 'reports the PID, state and address docker inspect reports' {
        $c = Get-Container $box1.Name
        $c.State | Should -Be 'running'
        $c.Pid | Should -Be ([int](docker inspect -f '{{.State.Pid}}' $box1.Name))
        $c.IPAddress | Should -Be (docker inspect -f '{{.NetworkSettings.IPAddress}}' $box1.Name)
        $c.Namespace | Should -Be "/proc/$($c.Pid)/ns/net"
    }

    It 'pipes into the netlink cmdlets: box1 pings box2, and its eth0 pairs with a docker0 port' {
        Test-NetPing $box2.IPAddress -Namespace $box1 -Count 1 -Quiet | Should -BeTrue
        $eth0 = Get-Container $box1.Name | Get-NetLink eth0
        $eth0.Kind | Should -Be 'veth'
        $port = Get-NetLink -Master docker0 | Where-Object Name -eq $eth0.PeerName
        $port.PeerIndex | Should -Be $eth0.Index
        $eth0.DisplayName | Should -Be "eth0@if$($port.Index)"
    }

    It 'names a container''s hidden namespace from the pipeline (Name and Pid bind)' {
        $named = Get-Container $box1.Name | New-NetNamespace
        $named.Name | Should -Be $box1.Name
        (Invoke-Ip @('netns', 'list')) -join "`n" | Should -Match ([regex]::Escape($box1.Name))
        (Invoke-Ip @('-n', $box1.Name, '-j', 'addr', 'show', 'dev', 'eth0') | ConvertFrom-Json).addr_info.local | Should -Contain $box1.IPAddress
        Remove-NetNamespace $box1.Name -Confirm:$false
    }

    It 'lists running containers, and stopped ones with -All' {
        $stopped = New-Container $DockerImage true -Name ($DockerPrefix + 'stopped') -NoStart
        (Get-Container "$DockerPrefix*").Name | Should -Not -Contain $stopped.Name
        (Get-Container "$DockerPrefix*" -All).Name | Should -Contain $stopped.Name
        (Get-Container $stopped.Name).State | Should -Be 'created'
    }

    It 'refuses a stopped container where a namespace is wanted' {
        $stopped = Get-Container ($DockerPrefix + 'stopped')
        { Get-NetLink -Namespace $stopped -ErrorAction Stop } | Should -Throw '*is created: only a running container has a network namespace*'
    }

    It 'reports an unknown container as ObjectNotFound' {
        Get-Container ($DockerPrefix + 'ghost') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -BeLike '*No such container*'
    }
}
