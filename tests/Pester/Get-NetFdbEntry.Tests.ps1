BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $ns = New-TestNamespace 'fdb'
    $null = New-VxlanLink vx0 -Vni 42 -Namespace $ns -Up
    $null = New-NetFdbEntry 00:00:00:00:00:00 -InterfaceAlias vx0 -Destination 10.96.0.2 -Namespace $ns
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Get-NetFdbEntry' {
    It 'lists a VXLAN''s entries as bridge fdb show does' {
        $entry = Get-NetFdbEntry vx0 -Namespace $ns | Where-Object Destination
        ($entry.MacAddress, $entry.Destination, $entry.State, $entry.Self) | Should -Be @('00:00:00:00:00:00', '10.96.0.2', 'Permanent', $true)
        $ip = (Invoke-Ip @('netns', 'exec', $ns, 'bridge', '-j', 'fdb', 'show', 'dev', 'vx0') | ConvertFrom-Json) | Where-Object dst
        ($ip.mac, $ip.dst) | Should -Be @('00:00:00:00:00:00', '10.96.0.2')
        ($entry | Out-String -Width 200) | Should -Match '00:00:00:00:00:00\s+vx0\s+10\.96\.0\.2'
    }

    It 'filters by MAC, in any of its spellings' {
        (Get-NetFdbEntry -MacAddress 00-00-00-00-00-00 -Namespace $ns).Destination | Should -Be '10.96.0.2'
    }
}
