BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Set-NetBridge' {
    BeforeEach {
        Get-NetLink -Namespace $hostNs | Where-Object Kind -in 'bridge', 'veth' | Remove-NetLink -Confirm:$false
        $null = New-NetBridge br0 -Namespace $hostNs
    }

    It 'changes STP, timers, priority, ageing and snooping of an existing bridge as ip reads them' {
        $bridge = Set-NetBridge br0 -Namespace $hostNs -Stp -ForwardDelay 4 -HelloTime 1 -MaxAge 12 -AgeingTime 60 -Priority 4096 -MulticastSnooping:$false -PassThru
        $bridge.KindProperties.Stp | Should -BeTrue
        $bridge.KindProperties.HelloTimeSeconds | Should -Be 1
        $bridge.KindProperties.Priority | Should -Be 4096
        $bridge.KindProperties.MulticastSnooping | Should -BeFalse
        $ip = (Get-IpLink br0 $hostNs).linkinfo.info_data
        $ip.stp_state, $ip.forward_delay, $ip.hello_time, $ip.max_age, $ip.ageing_time, $ip.priority, $ip.mcast_snooping |
            Should -Be @(1, 400, 100, 1200, 6000, 4096, 0)
    }

    It 'leaves settings it was not given alone, and takes bridges from the pipeline' {
        Set-NetBridge br0 -Namespace $hostNs -Priority 100
        Get-NetLink br0 -Namespace $hostNs | Set-NetBridge -AgeingTime 30
        $ip = (Get-IpLink br0 $hostNs).linkinfo.info_data
        $ip.priority, $ip.ageing_time | Should -Be @(100, 3000)
    }

    It 'refuses a link that is not a bridge with InvalidArgument' {
        $null = New-VethPair v0 v0peer -Namespace $hostNs
        Set-NetBridge v0 -Namespace $hostNs -Priority 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match "'v0' is not a bridge"
        $err[0].TargetObject | Should -Be 'v0'
    }

    It 'reports a missing bridge as ObjectNotFound' {
        Set-NetBridge nosuchbr -Namespace $hostNs -Priority 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'changes nothing with -WhatIf' {
        Set-NetBridge br0 -Namespace $hostNs -Priority 1 -WhatIf
        (Get-IpLink br0 $hostNs).linkinfo.info_data.priority | Should -Be 32768
    }
}
