BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $a = New-TestNamespace 'a'
    $b = New-TestNamespace 'b'
    Connect-TestNamespaces $a 10.82.0.1/24 $b 10.82.0.2/24
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Get-NetNeighbor' {
    It 'lists what a ping taught the kernel, with the peer''s MAC, as ip neigh does' {
        Test-NetPing 10.82.0.2 -Namespace $a -Count 1 -Quiet | Should -BeTrue
        $neighbor = Get-NetNeighbor 10.82.0.2 -Namespace $a
        $neighbor.LinkLayerAddress | Should -Be (Get-NetLink b-a -Namespace $b).MacAddress
        $neighbor.InterfaceAlias | Should -Be 'a-b'
        $ip = (Invoke-Ip @('-n', $a, '-j', 'neigh', 'show', '10.82.0.2') | ConvertFrom-Json)[0]
        $ip.state | Should -Contain $neighbor.State.ToString().ToUpperInvariant()
        ($neighbor | Out-String -Width 200) | Should -Match "10\.82\.0\.2\s+a-b\s+$($neighbor.LinkLayerAddress)\s+$($neighbor.State.ToString().ToUpperInvariant())"
    }

    It 'filters by state and family, and lists proxy entries apart' {
        $null = New-NetNeighbor 10.82.0.77 -InterfaceAlias a-b -Proxy -Namespace $a
        @(Get-NetNeighbor -State Permanent -Namespace $a) | Should -BeNullOrEmpty
        (Get-NetNeighbor -Proxy -Namespace $a).IPAddress | Should -Be '10.82.0.77'
        Get-NetNeighbor -AddressFamily IPv6 -State Reachable -Namespace $a | Where-Object IPAddress -eq '10.82.0.2' | Should -BeNullOrEmpty
    }
}
