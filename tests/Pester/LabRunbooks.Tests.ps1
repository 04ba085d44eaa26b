# The seed labs as runbooks: each examples/labs definition is built under this file's prefix, checked for what
# the seed lab shows, and removed. Everything stays inside the namespaces the lab makes.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $noDocker = Get-DockerSkipReason
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $labs = [System.Collections.Generic.List[string]]::new()
    function New-RunbookLab([string] $File) {
        $name = New-TestLab $File
        $labs.Add($name)
        $name
    }
}

AfterAll {
    $labs | Remove-NetLab -Confirm:$false | Out-Null   # containers and networks too
    Remove-TestNamespaces
}

Describe 'Lab runbooks' {
    It '1. box1/box2 on a bridge: ping both ways, the veths are the bridge''s ports' {
        $lab = New-RunbookLab 'bridge.psd1'
        Test-NetPing 172.17.0.3 -Namespace "$lab-box1" -Count 1 -Quiet | Should -BeTrue
        Test-NetPing 172.17.0.2 -Namespace "$lab-box2" -Count 1 -Quiet | Should -BeTrue
        $eth0 = Get-NetLink eth0 -Namespace "$lab-box1"
        $eth0.PeerName | Should -Be 'veth-box1'
        $eth0.PeerNamespace | Should -Be "$lab-host"
        (Get-NetLink veth-box1 -Namespace "$lab-host").Master | Should -Be 'docker0'
        (Remove-NetLab $lab -Confirm:$false).Namespaces.Count | Should -Be 3
    }

    It '2. SNAT out and DNAT in, with the wan namespace as the outside world' {
        $lab = New-RunbookLab 'nat.psd1'
        $server = New-TestListener "$lab-wan" 9000
        try {
            $probe = Test-NetTcpConnection 10.200.0.2 9000 -Namespace "$lab-box1"
            $probe.Success | Should -BeTrue
            $accepted = $server.Accept()
            $accepted.RemoteEndPoint.Address.ToString() | Should -Be '10.200.0.1'   # masqueraded
            $accepted.Dispose()
        }
        finally { $server.Dispose() }
        $web = New-TestListener "$lab-box1" 80
        try { Test-NetTcpConnection 10.200.0.1 8080 -Namespace "$lab-wan" -Quiet | Should -BeTrue }
        finally { $web.Dispose() }
        (Get-NatRule -Namespace "$lab-router" | Where-Object Comment -eq "$($lab): web").Packets | Should -BeGreaterThan 0
        Remove-NetLab $lab -Confirm:$false | Out-Null
    }

    It '3. a custom network with subnet, gateway and a static address; names resolve on it' -Skip:([bool]$noDocker) {
        $lab = New-RunbookLab 'custom-network.psd1'
        (Get-ContainerNetwork "$lab-front").Gateway | Should -Be '192.168.0.1'
        (Get-Container "$lab-web").IPAddress | Should -Be '192.168.0.10'
        Test-NetPing 192.168.0.10 -Namespace "$lab-client" -Count 1 -Quiet | Should -BeTrue
        $lookup = Invoke-NetNamespace "$lab-client" busybox -ArgumentList 'nslookup', "$lab-web", '127.0.0.11' -TimeoutSeconds 10
        ($lookup.Output -join "`n") | Should -Match '192\.168\.0\.10'
        $report = Remove-NetLab $lab -Confirm:$false
        $report.Containers.Count | Should -Be 2
        $report.Networks | Should -Be @("$lab-front")
    }

    It '4. a container on two networks reaches both; the others stay isolated' -Skip:([bool]$noDocker) {
        $lab = New-RunbookLab 'two-networks.psd1'
        Test-NetLab $lab -Quiet -Expect @{ From = 'both'; To = 'ona' }, @{ From = 'both'; To = 'onb' }, @{ From = 'ona'; To = 'onb'; Reachable = $false } |
            Should -BeTrue
        Remove-NetLab $lab -Confirm:$false | Out-Null
    }

    It '5. host, none and container:NAME modes' -Skip:([bool]$noDocker) {
        $lab = New-RunbookLab 'modes.psd1'
        (Get-NetLab $lab).Nodes.Name | Should -Be @('isolated', 'owner')
        (Get-NetLink -Namespace "$lab-isolated").Name | Should -Be @('lo')
        (Get-Item "/proc/$((Get-Container "$lab-sharer").Pid)/ns/net").LinkTarget | Should -Be (Get-Item "/proc/$((Get-Container "$lab-owner").Pid)/ns/net").LinkTarget
        (Get-Item "/proc/$((Get-Container "$lab-onhost").Pid)/ns/net").LinkTarget | Should -Be (Get-Item /proc/self/ns/net).LinkTarget
        (Remove-NetLab $lab -Confirm:$false).Containers.Count | Should -Be 4
    }

    It '6. two macvlan networks: isolated at L2, joined at L3 through the router' {
        $lab = New-RunbookLab 'macvlan.psd1'
        (Get-NetLink eth0 -Namespace "$lab-a1").Kind | Should -Be 'macvlan'
        $direct = Test-NetPing 192.168.10.12 -Namespace "$lab-a1" -Count 1
        $direct.Success | Should -BeTrue
        $direct.Replies[0].Ttl | Should -Be 64
        $routed = Test-NetPing 192.168.20.11 -Namespace "$lab-a1" -Count 1
        $routed.Success | Should -BeTrue
        $routed.Replies[0].Ttl | Should -Be 63   # one router hop: the networks meet only at L3
        Remove-NetLab $lab -Confirm:$false | Out-Null
    }

    It '7. VXLAN between two host namespaces over an underlay veth' {
        $lab = New-RunbookLab 'vxlan.psd1'
        $vx = Get-NetLink vx42 -Namespace "$lab-host1"
        $vx.Kind | Should -Be 'vxlan'
        $vx.KindProperties['Vni'] | Should -Be 42
        Test-NetPing 10.42.0.2 -Namespace "$lab-host1" -Count 2 -Quiet | Should -BeTrue
        Remove-NetLab $lab -Confirm:$false | Out-Null
    }
}
