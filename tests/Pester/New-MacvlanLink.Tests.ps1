BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    # The parent is a veth end the test made, never a real uplink.
    $null = New-VethPair uplink uplinkpeer -Namespace $hostNs -Up
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'New-MacvlanLink' {
    It 'creates a <Mode> macvlan on the parent' -ForEach @(
        @{ Mode = 'Bridge' }, @{ Mode = 'Private' }, @{ Mode = 'Vepa' }, @{ Mode = 'Source' }
    ) {
        $name = 'mv' + $Mode.ToLowerInvariant().Substring(0, 3)
        $mv = New-MacvlanLink $name -Parent uplink -Mode $Mode -Namespace $hostNs
        $mv.Kind | Should -Be 'macvlan'
        $mv.Parent | Should -Be 'uplink'
        $mv.KindProperties['Mode'] | Should -Be $Mode
        (Get-IpLink $name $hostNs).linkinfo.info_data.mode | Should -Be $Mode.ToLowerInvariant()
    }

    It 'moves into a namespace through the pipeline' {
        $box = New-TestNamespace 'box'
        New-MacvlanLink mvbox -Parent uplink -Namespace $hostNs | Set-NetLink -DestinationNamespace $box -Up
        (Get-NetLink mvbox -Namespace $box).AdminState | Should -Be 'Up'
    }

    It 'reports an unknown parent as ObjectNotFound, naming it' {
        New-MacvlanLink mvx -Parent nosuchparent -Namespace $hostNs -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -BeLike "*parent link 'nosuchparent' not found*"
    }
}
