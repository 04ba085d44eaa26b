BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    $box = New-TestNamespace 'box'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Set-NetLink' {
    BeforeEach {
        Get-NetLink -Kind veth -Namespace $hostNs | Remove-NetLink -Confirm:$false
        $null = New-VethPair s1 s1peer -Namespace $hostNs
    }

    It 'sets MTU, MAC, alias, promiscuity and state in one call' {
        $link = Set-NetLink s1 -Namespace $hostNs -Mtu 1300 -MacAddress 02:aa:bb:cc:dd:ee -Alias 'lab uplink' -Promiscuous -Up -PassThru
        $link.Mtu | Should -Be 1300
        $link.MacAddress | Should -Be '02:aa:bb:cc:dd:ee'
        $link.Alias | Should -Be 'lab uplink'
        $link.Promiscuous | Should -BeTrue
        $link.AdminState | Should -Be 'Up'
        $ip = Get-IpLink s1 $hostNs
        $ip.mtu | Should -Be 1300
        $ip.ifalias | Should -Be 'lab uplink'
        $ip.promiscuity | Should -Be 1
    }

    It 'turns promiscuity off with -Promiscuous:$false and clears the alias with an empty string' {
        Set-NetLink s1 -Namespace $hostNs -Promiscuous -Alias x
        $link = Set-NetLink s1 -Namespace $hostNs -Promiscuous:$false -Alias '' -PassThru
        $link.Promiscuous | Should -BeFalse
        $link.Alias | Should -BeNullOrEmpty
    }

    It 'sets NOARP, allmulticast, txqueuelen and group as ip link set does, and undoes them' {
        $link = Set-NetLink s1 -Namespace $hostNs -Arp:$false -AllMulticast -TxQueueLength 321 -Group 7 -PassThru
        $link.Flags | Should -Contain 'NOARP'
        $link.Flags | Should -Contain 'ALLMULTI'
        $link.TxQueueLength | Should -Be 321
        $link.Group | Should -Be 7
        $ip = Get-IpLink s1 $hostNs
        $ip.flags | Should -Contain 'NOARP'
        $ip.txqlen | Should -Be 321
        $ip.group | Should -Be '7'
        $link = Set-NetLink s1 -Namespace $hostNs -Arp -AllMulticast:$false -Group 0 -PassThru
        $link.Flags | Should -Not -Contain 'NOARP'
        $link.Flags | Should -Not -Contain 'ALLMULTI'
        (Get-IpLink s1 $hostNs).group | Should -Be 'default'
    }

    It 'attaches piped links to a bridge and detaches them' {
        $null = New-NetBridge brs -Namespace $hostNs
        Get-NetLink 's1*' -Namespace $hostNs | Set-NetLink -Master brs -Up
        (Get-NetLink -Master brs -Namespace $hostNs).Name | Sort-Object | Should -Be @('s1', 's1peer')
        Set-NetLink s1 -Namespace $hostNs -NoMaster
        (Get-NetLink -Master brs -Namespace $hostNs).Name | Should -Be 's1peer'
    }

    It 'turns hairpin mode on and off on a bridge port, and refuses it elsewhere' {
        $null = New-NetBridge brh -Namespace $hostNs
        Set-NetLink s1 -Namespace $hostNs -Master brh
        (Set-NetLink s1 -Namespace $hostNs -HairpinMode -PassThru).HairpinMode | Should -BeTrue
        (Get-IpLink s1 $hostNs).linkinfo.info_slave_data.hairpin | Should -BeTrue
        (Set-NetLink s1 -Namespace $hostNs -HairpinMode:$false -PassThru).HairpinMode | Should -BeFalse
        Set-NetLink s1peer -Namespace $hostNs -HairpinMode -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].Exception.Message | Should -BeLike '*not a port of a bridge*'
    }

    It 'moves a link into another namespace and brings it up there' {
        $moved = Set-NetLink s1 -Namespace $hostNs -DestinationNamespace $box -Up -PassThru
        $moved.Namespace | Should -Be $box
        $moved.AdminState | Should -Be 'Up'
        (Get-NetLink -Namespace $hostNs).Name | Should -Not -Contain 's1'
        (Get-NetLink s1peer -Namespace $hostNs).PeerNamespace | Should -Be $box
    }

    It 'renames a link' {
        (Set-NetLink s1 -Namespace $hostNs -NewName s1new -PassThru).Name | Should -Be 's1new'
        (Get-IpLink s1new $hostNs).ifname | Should -Be 's1new'
    }

    It 'refuses -Up with -Down before doing anything' {
        { Set-NetLink s1 -Namespace $hostNs -Up -Down } | Should -Throw -ErrorId 'UpAndDown*'
    }

    It 'refuses a name longer than 15 bytes with an actionable message' {
        Set-NetLink s1 -Namespace $hostNs -NewName verylongname123x -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike "*'verylongname123x' is 16 characters; Linux allows at most 15*"
    }

    It 'passes the kernel''s own reason through' {
        $null = New-NetBridge outer -Namespace $hostNs
        $null = New-NetBridge inner -Namespace $hostNs
        Set-NetLink inner -Namespace $hostNs -Master outer -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].Exception.Message | Should -BeLike '*Can not enslave a bridge to a bridge*'
    }

    It 'changes nothing with -WhatIf' {
        Set-NetLink s1 -Namespace $hostNs -Mtu 1280 -WhatIf
        (Get-NetLink s1 -Namespace $hostNs).Mtu | Should -Be 1500
    }
}
