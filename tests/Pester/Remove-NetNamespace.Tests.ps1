BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $hostNs = New-TestNamespace 'host'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Remove-NetNamespace' {
    It 'removes the name and the veth pairs reaching into it' {
        $gone = New-TestNamespace 'gone'
        $null = New-VethPair toGone eth0 -Namespace $hostNs -PeerNamespace $gone

        Remove-NetNamespace $gone -Force -Confirm:$false

        Test-Path "/run/netns/$gone" | Should -BeFalse
        $deadline = [datetime]::UtcNow.AddSeconds(10)
        while ((Get-NetLink -Namespace $hostNs).Name -contains 'toGone' -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        (Get-NetLink -Namespace $hostNs).Name | Should -Not -Contain 'toGone'
    }

    It 'takes namespace objects from the pipeline' {
        $null = New-TestNamespace 'piped1'
        $null = New-TestNamespace 'piped2'
        Get-NetNamespace "$($TestPrefix)piped*" | Remove-NetNamespace -Confirm:$false   # empty: nothing to ask
        Get-NetNamespace "$($TestPrefix)piped*" | Should -BeNullOrEmpty
    }

    It 'asks before destroying links, and -Force does not ask' {
        $held = New-TestNamespace 'held'
        $null = New-VethPair toHeld eth0 -Namespace $hostNs -PeerNamespace $held
        $module = (Get-Module PSContainerNet).Path
        # A non-interactive pwsh cannot answer the question, so the namespace must survive there.
        $pwsh = Get-PwshCommand
        $output = & $pwsh.FilePath $pwsh.Arguments -NoProfile -NonInteractive -Command "Import-Module '$module'; Remove-NetNamespace '$held' -Confirm:`$false" 2>&1
        ($output | Out-String) | Should -BeLike '*NonInteractive*'
        Test-Path "/run/netns/$held" | Should -BeTrue

        Remove-NetNamespace $held -Force -Confirm:$false
        Test-Path "/run/netns/$held" | Should -BeFalse
    }

    It 'does not ask for an empty namespace, nor for one a process keeps alive' {
        $empty = New-TestNamespace 'empty'
        Remove-NetNamespace $empty -Confirm:$false
        Test-Path "/run/netns/$empty" | Should -BeFalse

        $busy = New-TestNamespace 'busy'
        $null = New-VethPair toBusy eth0 -Namespace $hostNs -PeerNamespace $busy
        $sleeper = Start-Process -FilePath ip -ArgumentList 'netns', 'exec', $busy, 'sleep', '60' -PassThru
        try {
            $deadline = [datetime]::UtcNow.AddSeconds(5)
            while ((Get-Content "/proc/$($sleeper.Id)/comm" -ErrorAction SilentlyContinue) -ne 'sleep' -and [datetime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
            Remove-NetNamespace $busy -Confirm:$false   # only the name goes; the sleeper keeps eth0
            Test-Path "/run/netns/$busy" | Should -BeFalse
            (Get-NetLink -Namespace $hostNs).Name | Should -Contain 'toBusy'
        }
        finally {
            Stop-Process -Id $sleeper.Id -ErrorAction SilentlyContinue
        }
    }

    It 'reports a missing namespace as ObjectNotFound' {
        Remove-NetNamespace ($TestPrefix + 'missing') -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'keeps the namespace with -WhatIf' {
        $kept = New-TestNamespace 'kept'
        Remove-NetNamespace $kept -WhatIf
        Test-Path "/run/netns/$kept" | Should -BeTrue
    }
}
