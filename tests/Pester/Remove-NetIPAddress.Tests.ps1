BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    $null = New-VethPair r0 r1 -Namespace $hostNs -Up
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Remove-NetIPAddress' {
    It 'removes an address found by itself' {
        $null = New-NetIPAddress 10.20.0.1/24 -InterfaceAlias r0 -Namespace $hostNs
        Remove-NetIPAddress 10.20.0.1 -Namespace $hostNs -Confirm:$false
        Get-NetIPAddress -InterfaceAlias r0 -AddressFamily IPv4 -Namespace $hostNs | Should -BeNullOrEmpty
    }

    It 'removes piped addresses' {
        $null = New-NetIPAddress 10.21.0.1/24 -InterfaceAlias r0 -Namespace $hostNs
        $null = New-NetIPAddress 10.21.1.1/24 -InterfaceAlias r0 -Namespace $hostNs
        Get-NetIPAddress '10.21.*' -Namespace $hostNs | Remove-NetIPAddress -Confirm:$false
        Get-NetIPAddress '10.21.*' -Namespace $hostNs | Should -BeNullOrEmpty
    }

    It 'asks which link when the address is on several' {
        $null = New-NetIPAddress 10.22.0.1/24 -InterfaceAlias r0 -Namespace $hostNs
        $null = New-NetIPAddress 10.22.0.1/24 -InterfaceAlias r1 -Namespace $hostNs
        Remove-NetIPAddress 10.22.0.1 -Namespace $hostNs -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].Exception.Message | Should -BeLike '*is on several links*-InterfaceAlias*'
        Remove-NetIPAddress 10.22.0.1 -InterfaceAlias r1 -Namespace $hostNs -Confirm:$false
        (Get-NetIPAddress 10.22.0.1 -Namespace $hostNs).InterfaceAlias | Should -Be 'r0'
    }

    It 'reports a missing address as ObjectNotFound' {
        Remove-NetIPAddress 10.23.0.1 -Namespace $hostNs -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
