BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $ns = New-TestNamespace 'fdb'
    $null = New-VxlanLink vx0 -Vni 42 -Namespace $ns -Up
    $null = New-NetBridge br0 -Namespace $ns -Up
    $null = New-VethPair p0 p0peer -Namespace $ns -Master br0 -Up
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'New-NetFdbEntry' {
    It 'builds a VXLAN flood list with -Append and pins a MAC to a VTEP, as flannel does' {
        $null = New-NetFdbEntry 00:00:00:00:00:00 -InterfaceAlias vx0 -Destination 10.97.0.2 -Namespace $ns
        $null = New-NetFdbEntry 00:00:00:00:00:00 -InterfaceAlias vx0 -Destination 10.97.0.3 -Namespace $ns -Append
        (New-NetFdbEntry 02:42:0a:00:00:09 -InterfaceAlias vx0 -Destination 10.97.0.2 -Namespace $ns).Destination | Should -Be '10.97.0.2'
        ((Invoke-Ip @('netns', 'exec', $ns, 'bridge', '-j', 'fdb', 'show', 'dev', 'vx0') | ConvertFrom-Json) | Where-Object dst | ForEach-Object { "$($_.mac) $($_.dst)" } | Sort-Object) |
            Should -Be @('00:00:00:00:00:00 10.97.0.2', '00:00:00:00:00:00 10.97.0.3', '02:42:0a:00:00:09 10.97.0.2')
    }

    It 'puts a static entry into the bridge''s table with -Master' {
        $entry = New-NetFdbEntry 02:00:00:00:97:01 -InterfaceAlias p0 -Master -State Static -Namespace $ns
        ($entry.Master, $entry.State, $entry.Self) | Should -Be @('br0', 'Static', $false)
    }

    It 'refuses an entry that exists, and -Append with -Replace' {
        New-NetFdbEntry 02:42:0a:00:00:09 -InterfaceAlias vx0 -Destination 10.97.0.2 -Namespace $ns -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        { New-NetFdbEntry 02:42:0a:00:00:10 -InterfaceAlias vx0 -Append -Replace -Namespace $ns } | Should -Throw -ErrorId 'AppendAndReplace,*'
    }

    It 'adds nothing with -WhatIf' {
        New-NetFdbEntry 02:42:0a:00:00:11 -InterfaceAlias vx0 -Destination 10.97.0.2 -Namespace $ns -WhatIf
        Get-NetFdbEntry vx0 -MacAddress 02:42:0a:00:00:11 -Namespace $ns | Should -BeNullOrEmpty
    }
}
