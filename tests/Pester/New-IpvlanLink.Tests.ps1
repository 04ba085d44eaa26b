BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    $null = New-VethPair uplink uplinkpeer -Namespace $hostNs
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'New-IpvlanLink' {
    It 'creates an L3 private ipvlan (skipped where the kernel has no ipvlan)' {
        $link = New-IpvlanLink ipv0 -Parent uplink -Mode L3 -Isolation Private -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        if (Skip-IfKernelLacks $err) { return }
        $err | Should -BeNullOrEmpty
        $link.KindProperties['Mode'] | Should -Be 'L3'
        $link.KindProperties['Isolation'] | Should -Be 'Private'
        $link.MacAddress | Should -Be (Get-NetLink uplink -Namespace $hostNs).MacAddress
    }

    It 'reports an unknown parent as ObjectNotFound' {
        New-IpvlanLink ipvx -Parent nosuchparent -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
