BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $ns = New-TestNamespace 'rules'
    $null = New-VethPair u1 u1p -Namespace $ns
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'New-NetRoutingRule' {
    It 'adds a rule with every selector that ip rule shows' {
        $rule = New-NetRoutingRule 100 -From 10.65.0.0/16 -To 10.66.0.0/24 -InInterface u1 -FirewallMark 16 -FirewallMask 255 -Table 100 -Namespace $ns
        $rule.ToString() | Should -Be '100: from 10.65.0.0/16 to 10.66.0.0/24 fwmark 0x10/0xff iif u1 lookup 100'
        $ip = (Invoke-Ip @('-n', $ns, '-j', 'rule', 'show') | ConvertFrom-Json) | Where-Object priority -eq 100
        ($ip.src, $ip.dst, $ip.iif, $ip.fwmark, $ip.fwmask, $ip.table) | Should -Be @('10.65.0.0', '10.66.0.0', 'u1', '0x10', '0xff', '100')
    }

    It 'adds goto (implied by -Goto), not + prohibit, suppress_prefixlength and IPv6 rules' {
        (New-NetRoutingRule 200 -From 10.67.0.0/16 -Goto 300 -Namespace $ns).Does | Should -Be 'goto 300'
        (New-NetRoutingRule 300 -Not -From 10.68.0.0/16 -Action Prohibit -Namespace $ns).ToString() | Should -Be '300: not from 10.68.0.0/16 prohibit'
        (New-NetRoutingRule 400 -Table 254 -SuppressPrefixLength 0 -Namespace $ns).Does | Should -Be 'lookup main suppress_prefixlength 0'
        (New-NetRoutingRule 500 -From fd68::/64 -Table 100 -Namespace $ns).AddressFamily | Should -Be 'IPv6'
        ((Invoke-Ip @('-n', $ns, '-j', '-6', 'rule', 'show') | ConvertFrom-Json) | Where-Object priority -eq 500).table | Should -Be '100'
    }

    It 'refuses an identical rule as ResourceExists, and mixed families as InvalidArgument' {
        New-NetRoutingRule 100 -From 10.65.0.0/16 -To 10.66.0.0/24 -InInterface u1 -FirewallMark 16 -FirewallMask 255 -Table 100 -Namespace $ns -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        New-NetRoutingRule -From 10.0.0.0/8 -To fd00::/8 -Namespace $ns -ErrorAction SilentlyContinue -ErrorVariable err2
        $err2[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'adds nothing with -WhatIf' {
        New-NetRoutingRule 900 -From 10.69.0.0/16 -Namespace $ns -WhatIf
        Get-NetRoutingRule 900 -Namespace $ns | Should -BeNullOrEmpty
    }
}
