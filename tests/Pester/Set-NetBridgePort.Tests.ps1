BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Set-NetBridgePort' {
    BeforeEach {
        Get-NetLink -Namespace $hostNs | Where-Object Kind -in 'bridge', 'veth' | Remove-NetLink -Confirm:$false
        $null = New-NetBridge br0 -Namespace $hostNs
        $null = New-VethPair p0 p0peer -Namespace $hostNs -Master br0
        $null = New-VethPair p1 p1peer -Namespace $hostNs -Master br0
    }

    It 'sets learning, flooding, isolation, BPDU guard, hairpin, cost and priority as ip reads them' {
        $port = Set-NetBridgePort p0 -Namespace $hostNs -Learning:$false -UnicastFlood:$false -MulticastFlood:$false -BroadcastFlood:$false -BpduGuard -Isolated -HairpinMode -Cost 200 -Priority 7 -PassThru
        $port.PortProperties.Learning | Should -BeFalse
        $port.PortProperties.Isolated | Should -BeTrue
        $port.PortProperties.Cost | Should -Be 200
        $port.HairpinMode | Should -BeTrue
        $ip = (Get-IpLink p0 $hostNs).linkinfo.info_slave_data
        $ip.learning, $ip.flood, $ip.mcast_flood, $ip.bcast_flood, $ip.guard, $ip.isolated, $ip.hairpin |
            Should -Be @($false, $false, $false, $false, $true, $true, $true)
        $ip.cost, $ip.priority | Should -Be @(200, 7)
    }

    It 'isolates every port of a bridge from the pipeline and undoes it' {
        Get-NetLink -Master br0 -Namespace $hostNs | Set-NetBridgePort -Isolated
        (Get-NetLink -Master br0 -Namespace $hostNs).PortProperties.Isolated | Should -Be @($true, $true)
        Get-NetLink -Master br0 -Namespace $hostNs | Set-NetBridgePort -Isolated:$false
        (Get-IpLink p1 $hostNs).linkinfo.info_slave_data.isolated | Should -BeFalse
    }

    It 'refuses a link that is not a bridge port, saying how to make it one' {
        Set-NetBridgePort p0peer -Namespace $hostNs -Learning:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match 'not a port of a bridge.*Set-NetLink -Master'
    }

    It 'refuses an out-of-range priority before asking the kernel' {
        { Set-NetBridgePort p0 -Namespace $hostNs -Priority 64 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSContainerNet.Commands.SetNetBridgePortCommand'
    }

    It 'changes nothing with -WhatIf' {
        Set-NetBridgePort p0 -Namespace $hostNs -Learning:$false -WhatIf
        (Get-IpLink p0 $hostNs).linkinfo.info_slave_data.learning | Should -BeTrue
    }
}
