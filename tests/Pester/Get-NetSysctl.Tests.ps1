BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $ns = New-TestNamespace 'sys'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Get-NetSysctl' {
    It 'returns the lab settings of a fresh namespace' {
        $settings = Get-NetSysctl -Namespace $ns
        $settings.Name | Should -Contain 'net.ipv4.ip_forward'
        $settings.Name | Should -Contain 'net.ipv6.conf.all.forwarding'
        # A new namespace copies the root's IPv4 forwarding (on wherever Docker runs): compare with its /proc/sys.
        $oracle = (Invoke-Ip @('netns', 'exec', $ns, 'cat', '/proc/sys/net/ipv4/ip_forward')).Trim()
        ($settings | Where-Object Name -eq 'net.ipv4.ip_forward').Value | Should -Be $oracle
    }

    It 'reads what the namespace''s /proc/sys says' {
        $oracle = (Invoke-Ip @('netns', 'exec', $ns, 'cat', '/proc/sys/net/ipv4/conf/all/rp_filter')).Trim()
        (Get-NetSysctl net.ipv4.conf.all.rp_filter -Namespace $ns).Value | Should -Be $oracle
    }

    It 'expands wildcards per interface' {
        (Get-NetSysctl 'net.ipv4.conf.*.proxy_arp' -Namespace $ns).Name | Should -Contain 'net.ipv4.conf.lo.proxy_arp'
    }

    It 'refuses settings outside net.*' {
        Get-NetSysctl kernel.hostname -Namespace $ns -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike '*only net.* settings belong to a network namespace*'
    }

    It 'reports an unknown setting as ObjectNotFound' {
        Get-NetSysctl net.ipv4.nonexistent -Namespace $ns -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
