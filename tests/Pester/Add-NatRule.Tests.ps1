BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $t = New-TestNatTopology
    $server = New-TestListener $t.Wan 9000
    $web = New-TestListener $t.Box1 80
}

AfterAll {
    $server.Dispose()
    $web.Dispose()
    Remove-TestNamespaces
}

Describe 'Add-NatRule' {
    AfterEach {
        Remove-NatRule -All -Namespace $t.Host -Confirm:$false
    }

    It 'masquerades box1 out to the wan as the host address' {
        Test-NetTcpConnection 10.200.0.2 9000 -Namespace $t.Box1 -TimeoutMilliseconds 500 -Quiet | Should -BeFalse
        $rule = Add-NatRule -Masquerade -SourcePrefix 172.30.0.0/24 -NotOutInterface br0 -Comment lab-out -Namespace $t.Host -EnableForwarding -PassThru
        $rule.Chain | Should -Be 'postrouting'
        $rule.Rule | Should -Be 'oifname != "br0" ip saddr 172.30.0.0/24 counter masquerade comment "lab-out"'
        Test-NetTcpConnection 10.200.0.2 9000 -Namespace $t.Box1 -Quiet | Should -BeTrue
        $accepted = $server.Accept()
        $accepted.RemoteEndPoint.Address.ToString() | Should -Be '10.200.0.1'
        $accepted.Dispose()
    }

    It 'forwards a wan port to box1 and counts it' {
        $rule = Add-NatRule -Dnat -Protocol tcp -DestinationPort 8080 -ToAddress 172.30.0.2 -ToPort 80 -NotInInterface br0 -Namespace $t.Host -EnableForwarding -PassThru
        $rule.Chain | Should -Be 'prerouting'
        Test-NetTcpConnection 10.200.0.1 8080 -Namespace $t.Wan -Quiet | Should -BeTrue
        $web.Accept().Dispose()
        (Get-NatRule -Namespace $t.Host).Packets | Should -BeGreaterThan 0
    }

    It 'commits a pipeline of rules as one transaction that nft lists' {
        $rules = 10000..10049 | ForEach-Object { [pscustomobject]@{ DestinationPort = "$_"; ToPort = "$($_ + 10000)"; Comment = "bulk-$_" } } |
            Add-NatRule -Dnat -Protocol tcp -ToAddress 172.30.0.2 -Namespace $t.Host -EnableForwarding -PassThru
        $rules.Count | Should -Be 50
        $nft = Invoke-Ip @('netns', 'exec', $t.Host, 'nft', '-j', 'list', 'table', 'ip', 'pscontainernet') | ConvertFrom-Json
        @($nft.nftables | Where-Object { $_.rule }).Count | Should -Be 50
    }

    It 'adds nothing of a pipeline when one rule is bad' {
        @(
            [pscustomobject]@{ DestinationPort = '81'; ToPort = '80' }
            [pscustomobject]@{ DestinationPort = '82'; ToPort = '70000' }
        ) | Add-NatRule -Dnat -Protocol tcp -ToAddress 172.30.0.2 -Namespace $t.Host -EnableForwarding -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[-1].Exception.Message | Should -BeLike '*no NAT rule was added*1 valid one(s) were not committed either*'
        Get-NatRule -Namespace $t.Host | Should -BeNullOrEmpty
    }

    It 'refuses bad input with InvalidArgument: <Case>' -ForEach @(
        @{ Case = 'port without protocol'; Splat = @{ Dnat = $true; ToAddress = '172.30.0.2'; DestinationPort = '80' }; Message = '*a port needs -Protocol tcp or udp*' }
        @{ Case = 'bad address'; Splat = @{ Snat = $true; ToAddress = '10.0.0.300' }; Message = "*'10.0.0.300' is not an IPv4 or IPv6 address*" }
        @{ Case = 'bad range'; Splat = @{ Dnat = $true; ToAddress = '172.30.0.2'; Protocol = 'tcp'; DestinationPort = '90-80' }; Message = '*is not a range*' }
        @{ Case = 'bad port text'; Splat = @{ Dnat = $true; ToAddress = '172.30.0.2'; Protocol = 'tcp'; DestinationPort = 'http' }; Message = "*'http' is not a port*" }
    ) {
        Add-NatRule @Splat -Namespace $t.Host -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike $Message
    }

    It 'names the rule in the error''s target, not only its action' {
        Add-NatRule -Dnat -ToAddress 172.30.0.2 -DestinationPort 80 -Namespace $t.Host -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].TargetObject | Should -Be 'Dnat dport 80 -> 172.30.0.2'
    }

    It 'warns about an interface the namespace does not have, and about forwarding being off' {
        $fresh = New-TestNamespace 'fresh'
        # A new namespace copies the root's forwarding (on wherever Docker runs): turn it off here.
        $null = Set-NetSysctl net.ipv4.ip_forward 0 -Namespace $fresh
        $null = Add-NatRule -Masquerade -OutInterface nosuch0 -Namespace $fresh -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings -join "`n") | Should -BeLike "*has no interface 'nosuch0'*"
        ($warnings -join "`n") | Should -BeLike '*IPv4 forwarding is off*'
    }

    It 'reports an unknown namespace as ObjectNotFound' {
        Add-NatRule -Masquerade -Namespace ($TestPrefix + 'missing') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'adds nothing with -WhatIf' {
        Add-NatRule -Masquerade -Comment whatif -Namespace $t.Host -WhatIf
        Get-NatRule whatif -Namespace $t.Host | Should -BeNullOrEmpty
    }
}
