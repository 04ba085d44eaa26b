BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    $box1 = New-TestNamespace 'box1'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'New-VethPair' {
    It 'creates the peer directly inside the target namespace and returns both ends' {
        $ends = New-VethPair h1 eth0 -Namespace $hostNs -PeerNamespace $box1 -Mtu 1400 -MacAddress 02:00:00:00:00:01 -PeerMacAddress 02:00:00:00:00:02

        $ends.Count | Should -Be 2
        $ends[0].Name | Should -Be 'h1'
        $ends[0].Namespace | Should -Be $hostNs
        $ends[1].Name | Should -Be 'eth0'
        $ends[1].Namespace | Should -Be $box1
        $ends[0].PeerIndex | Should -Be $ends[1].Index
        (Get-IpLink eth0 $box1).mtu | Should -Be 1400
        (Get-IpLink eth0 $box1).address | Should -Be '02:00:00:00:00:02'
        (Get-IpLink h1 $hostNs).address | Should -Be '02:00:00:00:00:01'
    }

    It 'gives each end its own MTU, txqueuelen and queue count' {
        $ends = New-VethPair pe0 pe0peer -Namespace $hostNs -Mtu 9000 -TxQueueLength 500 -Queues 2 -PeerMtu 1500 -PeerTxQueueLength 100 -PeerQueues 1
        $ends[0].Mtu, $ends[0].TxQueueLength, $ends[0].TransmitQueues | Should -Be @(9000, 500, 2)
        $ends[1].Mtu, $ends[1].TxQueueLength, $ends[1].TransmitQueues | Should -Be @(1500, 100, 1)
        $ip = Get-IpLink pe0peer $hostNs
        $ip.mtu, $ip.txqlen, $ip.num_rx_queues | Should -Be @(1500, 100, 1)
        (Get-IpLink pe0 $hostNs).num_rx_queues | Should -Be 2
    }

    It 'brings both ends up with -Up' {
        $ends = New-VethPair u1 u1peer -Namespace $hostNs -Up
        $ends.AdminState | Should -Be @('Up', 'Up')
    }

    It 'feeds Set-NetLink to make a bridge port' {
        $null = New-NetBridge br0 -Namespace $hostNs
        New-VethPair p1 p1peer -Namespace $hostNs | Where-Object Name -eq p1 | Set-NetLink -Master br0
        (Get-NetLink -Master br0 -Namespace $hostNs).Name | Should -Be 'p1'
    }

    It 'joins a bridge as it is made with -Master, the peer in another namespace' {
        $null = New-NetBridge mbr0 -Namespace $hostNs -Up
        $ends = New-VethPair port1 eth1 -Namespace $hostNs -PeerNamespace $box1 -Master mbr0 -Up
        $ends[0].Master | Should -Be 'mbr0'
        $ends.AdminState | Should -Be @('Up', 'Up')
        (Get-IpLink port1 $hostNs).master | Should -Be 'mbr0'
    }

    It 'makes nothing when -Master cannot take ports, and says so' {
        $null = New-VethPair notbr notbrp -Namespace $hostNs
        New-VethPair port2 port2p -Namespace $hostNs -Master notbr -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike "*'notbr' cannot take ports*"
        (Get-NetLink -Namespace $hostNs).Name | Should -Not -Contain 'port2'
    }

    It 'leaves nothing behind when the peer name is taken in the target' {
        $null = New-NetBridge taken -Namespace $box1
        New-VethPair h9 taken -Namespace $hostNs -PeerNamespace $box1 -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        (Get-NetLink -Namespace $hostNs).Name | Should -Not -Contain 'h9'
    }

    It 'refuses bad names with InvalidArgument: <Name>' -ForEach @(
        @{ Name = 'verylongname123x'; Message = "*is 16 characters; Linux allows at most 15*" }
        @{ Name = 'a/b'; Message = "*contains '/'*" }
        @{ Name = 'a b'; Message = '*contains whitespace*' }
    ) {
        New-VethPair $Name okpeer -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike $Message
        (Get-NetLink -Namespace $hostNs).Name | Should -Not -Contain 'okpeer'
    }

    It 'reports an unknown peer namespace as ObjectNotFound' {
        New-VethPair h8 eth0 -Namespace $hostNs -PeerNamespace ($TestPrefix + 'nope') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'makes nothing with -WhatIf' {
        New-VethPair w1 w1peer -Namespace $hostNs -WhatIf
        (Get-NetLink -Namespace $hostNs).Name | Should -Not -Contain 'w1'
    }
}
