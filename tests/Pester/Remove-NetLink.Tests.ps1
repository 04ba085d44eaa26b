BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    $box = New-TestNamespace 'box'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Remove-NetLink' {
    It 'removes both ends of a veth pair, across namespaces' {
        $null = New-VethPair r1 eth0 -Namespace $hostNs -PeerNamespace $box
        Remove-NetLink r1 -Namespace $hostNs -Confirm:$false
        (Get-NetLink -Namespace $hostNs).Name | Should -Not -Contain 'r1'
        (Get-NetLink -Namespace $box).Name | Should -Not -Contain 'eth0'
    }

    It 'removes piped links' {
        $null = New-NetBridge rb1 -Namespace $hostNs
        $null = New-NetBridge rb2 -Namespace $hostNs
        Get-NetLink 'rb*' -Namespace $hostNs | Remove-NetLink -Confirm:$false
        Get-NetLink 'rb*' -Namespace $hostNs | Should -BeNullOrEmpty
    }

    It 'refuses an empty or null -Namespace instead of acting on the current namespace' {
        $empty = ''
        foreach ($value in $empty, $null, ' ') {
            { Remove-NetLink lo -Namespace $value -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'EmptyNamespace,*'
        }
        (Get-NetLink lo).Index | Should -Be 1
        { New-VethPair e1 e2 -PeerNamespace $empty -Namespace $hostNs } | Should -Throw -ErrorId 'EmptyNamespace,*'
        (Get-NetLink -Namespace $hostNs).Name | Should -Not -Contain 'e1'
    }

    It 'still takes piped links of the current namespace, whose Namespace is null' {
        $lo = Get-NetLink lo
        $lo.Namespace | Should -BeNullOrEmpty
        { $lo | Remove-NetLink -WhatIf -ErrorAction Stop } | Should -Not -Throw
    }

    It 'takes every veth of a namespace from Get-NetLink: a peer gone with its other end is no error' {
        $null = New-VethPair p1 p1peer -Namespace $hostNs
        $null = New-VethPair p2 p2peer -Namespace $hostNs
        $null = New-VethPair p3 eth3 -Namespace $hostNs -PeerNamespace $box
        Get-NetLink -Kind veth -Namespace $hostNs | Remove-NetLink -Confirm:$false -ErrorVariable err
        $err | Should -BeNullOrEmpty
        Get-NetLink -Kind veth -Namespace $hostNs | Should -BeNullOrEmpty
        (Get-NetLink -Namespace $box).Name | Should -Not -Contain 'eth3'
    }

    It 'still reports a link that was never there, in the same pipeline' {
        $null = New-VethPair q1 q1peer -Namespace $hostNs
        @(Get-NetLink q1 -Namespace $hostNs) + [pscustomobject]@{ Name = 'nosuch'; Namespace = $hostNs } |
            Remove-NetLink -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nosuch'
    }

    It 'reports a missing link as ObjectNotFound' {
        Remove-NetLink nosuch0 -Namespace $hostNs -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nosuch0'
    }

    It 'keeps the link with -WhatIf' {
        $null = New-NetBridge keep0 -Namespace $hostNs
        Remove-NetLink keep0 -Namespace $hostNs -WhatIf
        (Get-NetLink keep0 -Namespace $hostNs).Name | Should -Be 'keep0'
    }
}
