BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
    # The parent is a veth end the test made, never a real uplink.
    $null = New-VethPair uplink uplinkpeer -Namespace $hostNs
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Set-MacvlanLink' {
    BeforeEach {
        Get-NetLink -Kind macvlan -Namespace $hostNs | Remove-NetLink -Confirm:$false
    }

    It 'changes the mode in place, keeping the link and its index' {
        $before = New-MacvlanLink mv0 -Parent uplink -Mode Bridge -Namespace $hostNs
        $after = Set-MacvlanLink mv0 Vepa -Namespace $hostNs -PassThru
        $after.Index | Should -Be $before.Index
        $after.KindProperties.Mode | Should -Be 'Vepa'
        (Get-IpLink mv0 $hostNs).linkinfo.info_data.mode | Should -Be 'vepa'
    }

    It 'takes macvlans from the pipeline' {
        $null = New-MacvlanLink mv1 -Parent uplink -Namespace $hostNs
        $null = New-MacvlanLink mv2 -Parent uplink -Namespace $hostNs
        Get-NetLink -Kind macvlan -Namespace $hostNs | Set-MacvlanLink -Mode Private
        (Get-NetLink -Kind macvlan -Namespace $hostNs).KindProperties.Mode | Should -Be @('Private', 'Private')
    }

    It 'refuses passthru with the reason' {
        $null = New-MacvlanLink mv3 -Parent uplink -Namespace $hostNs
        Set-MacvlanLink mv3 Passthru -Namespace $hostNs -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match 'passthru'
    }

    It 'refuses a link that is not a macvlan' {
        Set-MacvlanLink uplink Private -Namespace $hostNs -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -Match "'uplink' is not a macvlan"
        $err[0].TargetObject | Should -Be 'uplink'
    }

    It 'changes nothing with -WhatIf' {
        $null = New-MacvlanLink mv4 -Parent uplink -Mode Bridge -Namespace $hostNs
        Set-MacvlanLink mv4 Private -Namespace $hostNs -WhatIf
        (Get-IpLink mv4 $hostNs).linkinfo.info_data.mode | Should -Be 'bridge'
    }
}
