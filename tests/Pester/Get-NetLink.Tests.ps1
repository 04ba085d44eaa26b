BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    $box1 = New-TestNamespace 'box1'
    $null = New-NetBridge br0 -Namespace $hostNs -Up
    $null = New-VethPair h1 eth0 -Namespace $hostNs -PeerNamespace $box1 -Up
    $null = New-VethPair h2 h2peer -Namespace $hostNs
    Set-NetLink h1 -Namespace $hostNs -Master br0
    Set-NetLink h2 -Namespace $hostNs -Master br0
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Get-NetLink' {
    It 'refuses -Namespace given as an empty string, with InvalidArgument naming the parameter' {
        $err = $null
        try { Get-NetLink -Namespace '' -ErrorAction Stop } catch { $err = $_ }
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be 'Namespace'
        $err.Exception.Message | Should -BeLike '*Leave the parameter out*'
    }

    It 'reads a VXLAN device in external (collect-metadata) mode as external, with no VNI of its own' {
        Invoke-Ip @('-n', $hostNs, 'link', 'add', 'vxe', 'type', 'vxlan', 'external', 'dstport', '4789') | Out-Null
        $vxlan = Get-NetLink vxe -Namespace $hostNs
        $vxlan.KindProperties['External'] | Should -BeTrue
        $vxlan.KindProperties.ContainsKey('Vni') | Should -BeFalse
    }

    It 'lists what ip link lists' {
        $ours = (Get-NetLink -Namespace $hostNs).Name | Sort-Object
        $oracle = (Invoke-Ip @('-n', $hostNs, '-j', 'link', 'show') | ConvertFrom-Json).ifname | Sort-Object
        $ours | Should -Be $oracle
    }

    It 'shows the netlink requests it makes with -Verbose' {
        $verbose = Get-NetLink -Namespace $hostNs -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'netlink rtnetlink RTM_GETLINK dump seq \d+: '
        (Get-NetLink -Namespace $hostNs 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
    }

    It 'lists the ports of a bridge like brctl show' {
        (Get-NetLink -Master br0 -Namespace $hostNs).Name | Should -Be @('h1', 'h2')
    }

    It 'resolves the veth pair relation across namespaces (eth0@ifN)' {
        $h1 = Get-NetLink h1 -Namespace $hostNs
        $eth0 = Get-NetLink eth0 -Namespace $box1
        $eth0.PeerIndex | Should -Be $h1.Index
        $eth0.PeerName | Should -Be 'h1'
        $eth0.PeerNamespace | Should -Be $hostNs
        $h1.PeerName | Should -Be 'eth0'
        $h1.PeerNamespace | Should -Be $box1
        $eth0.DisplayName | Should -Be "eth0@if$($h1.Index)"
        (Get-IpLink eth0 $box1).link_index | Should -Be $h1.Index
    }

    It 'filters by wildcard and kind' {
        (Get-NetLink 'h?' -Namespace $hostNs).Name | Should -Be @('h1', 'h2')
        (Get-NetLink -Kind bridge -Namespace $hostNs).Name | Should -Be 'br0'
        (Get-NetLink -Kind device -Namespace $hostNs).Name | Should -Be 'lo'
    }

    It 'reports state, MTU and MAC as ip does' {
        $h1 = Get-NetLink h1 -Namespace $hostNs
        $ip = Get-IpLink h1 $hostNs
        $h1.Mtu | Should -Be $ip.mtu
        $h1.MacAddress | Should -Be $ip.address
        $h1.AdminState | Should -Be 'Up'
        $h1.Master | Should -Be 'br0'
    }

    It 'takes the namespace from a Get-NetNamespace object' {
        (Get-NetNamespace $box1 | Get-NetLink eth0).Name | Should -Be 'eth0'
    }

    It 'completes namespace names, link names inside -Namespace, and kinds' {
        $line = "Get-NetLink -Namespace $TestPrefix"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $box1
        $line = "Get-NetLink -Namespace $box1 -Name e"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('eth0')
        $line = "Set-NetLink h1 -Namespace $hostNs -Master b"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('br0')
        $line = 'Get-NetLink -Kind mac'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('macvlan', 'macvtap')
    }

    It 'reports a missing link as ObjectNotFound, naming it' {
        Get-NetLink nosuch0 -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nosuch0'
    }

    It 'reports a missing namespace as ObjectNotFound' {
        Get-NetLink -Namespace ($TestPrefix + 'missing') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
