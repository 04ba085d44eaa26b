BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $ns = New-TestNamespace 'router'
    $hostForwarding = (Get-Content /proc/sys/net/ipv4/ip_forward).Trim()
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Set-NetSysctl' {
    It 'turns forwarding on in that namespace only' {
        (Set-NetSysctl net.ipv4.ip_forward 1 -Namespace $ns -PassThru).Value | Should -Be '1'
        (Invoke-Ip @('netns', 'exec', $ns, 'cat', '/proc/sys/net/ipv4/ip_forward')).Trim() | Should -Be '1'
        (Get-Content /proc/sys/net/ipv4/ip_forward).Trim() | Should -Be $hostForwarding
    }

    It 'takes settings from the pipeline' {
        Get-NetSysctl 'net.ipv4.conf.*.rp_filter' -Namespace $ns | Set-NetSysctl -Value 2
        (Get-NetSysctl 'net.ipv4.conf.*.rp_filter' -Namespace $ns).Value | Sort-Object -Unique | Should -Be '2'
    }

    It 'reports a value the kernel refuses as InvalidArgument' {
        Set-NetSysctl net.ipv4.conf.all.rp_filter banana -Namespace $ns -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'refuses wildcards' {
        Set-NetSysctl 'net.ipv4.conf.*.rp_filter' 1 -Namespace $ns -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].Exception.Message | Should -BeLike '*without wildcards*'
    }

    It 'changes nothing with -WhatIf' {
        Set-NetSysctl net.ipv4.conf.all.proxy_arp 1 -Namespace $ns -WhatIf
        (Get-NetSysctl net.ipv4.conf.all.proxy_arp -Namespace $ns).Value | Should -Be '0'
    }
}
