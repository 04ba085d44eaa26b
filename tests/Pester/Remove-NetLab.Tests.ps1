BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Remove-NetLab' {
    It 'removes every namespace of the lab, with its links, and says what it removed' {
        $lab = New-TestLab 'nat.psd1' 'rm'
        (Get-NatRule -Namespace "$lab-router").Comment | Should -Contain "$($lab): web"

        $report = Remove-NetLab $lab -Confirm:$false

        $report.Lab | Should -Be $lab
        $report.Namespaces | Sort-Object | Should -Be @("$lab-box1", "$lab-router", "$lab-wan")
        Get-NetNamespace "$lab-*" | Should -BeNullOrEmpty
    }

    It 'is idempotent: a lab that is gone removes nothing and is no error' {
        $report = Remove-NetLab ($TestPrefix + 'never').ToLowerInvariant() -Confirm:$false -ErrorVariable err
        $err | Should -BeNullOrEmpty
        $report.Namespaces | Should -BeNullOrEmpty
    }

    It 'takes labs from Get-NetLab' {
        $lab = New-TestLab 'nat.psd1' 'piped'
        Get-NetLab $lab | Remove-NetLab -Confirm:$false | Out-Null
        Get-NetLab $lab -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'removes nothing with -WhatIf' {
        $lab = New-TestLab 'nat.psd1' 'kept'
        Remove-NetLab $lab -WhatIf
        (Get-NetLab $lab).Nodes.Count | Should -Be 3
    }

    It 'finds and removes everything of a build killed with kill -9, namespaces not yet marked included' {
        $lab = New-TestStarLabFile 'killed' 300
        $pwsh = Get-PwshCommand
        $module = (Get-Module PSContainerNet).Path
        $child = Start-Process -FilePath $pwsh.FilePath -PassThru -RedirectStandardOutput (Join-Path $TestDrive 'killed.out') `
            -ArgumentList (@($pwsh.Arguments) + @('-NoProfile', '-NonInteractive', '-Command', "Import-Module '$module'; New-NetLab '$($lab.Path)'"))
        try {
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while ((Get-TestLabNamespaces $lab.Name).Count -lt 20 -and -not $child.HasExited -and [datetime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 20
            }
        }
        finally {
            Stop-Process -Id $child.Id -Force -ErrorAction SilentlyContinue   # SIGKILL, by the PID we started
            $child.WaitForExit()
            Remove-Item $lab.Path
        }
        $made = Get-TestLabNamespaces $lab.Name
        $made.Count | Should -BeGreaterOrEqual 20
        $made.Count | Should -BeLessThan 301 -Because 'the build was killed before it finished'

        $found = Get-NetLab $lab.Name | ForEach-Object { $_.Nodes.Namespace + $_.Leftovers }
        Compare-Object $made.Name $found | Should -BeNullOrEmpty -Because 'Get-NetLab must find every namespace the build made, marked or not'
        (Remove-NetLab $lab.Name -Confirm:$false).Namespaces.Count | Should -Be $made.Count
        Get-TestLabNamespaces $lab.Name | Should -BeNullOrEmpty
    }

    It 'lets exactly one of two processes building the same lab at the same time win; the other says why' {
        $pwsh = Get-PwshCommand
        $module = (Get-Module PSContainerNet).Path
        foreach ($round in 1..3) {
            $lab = New-TestStarLabFile "race$round" 30
            $go = Join-Path $TestDrive "go$round"
            $script = "Import-Module '$module'; `$deadline = [datetime]::UtcNow.AddSeconds(30); while (-not (Test-Path '$go') -and [datetime]::UtcNow -lt `$deadline) { Start-Sleep -Milliseconds 1 }; " +
                "try { `$null = New-NetLab '$($lab.Path)' -ErrorAction Stop; 'WON' } catch { 'LOST ' + `$_.CategoryInfo.Category + ' ' + `$_.Exception.Message }"
            $children = 1..2 | ForEach-Object {
                Start-Process -FilePath $pwsh.FilePath -PassThru -RedirectStandardOutput (Join-Path $TestDrive "race$round-$_.out") `
                    -ArgumentList (@($pwsh.Arguments) + @('-NoProfile', '-NonInteractive', '-Command', $script))
            }
            Start-Sleep -Seconds 2   # both have imported the module and wait for the go
            $null = New-Item $go
            $children | ForEach-Object { $_.WaitForExit() }
            Remove-Item $lab.Path
            $outcomes = 1..2 | ForEach-Object { (Get-Content (Join-Path $TestDrive "race$round-$_.out") -Raw).Trim() }

            @($outcomes | Where-Object { $_ -eq 'WON' }).Count | Should -Be 1 -Because ($outcomes -join ' | ')
            $lost = $outcomes | Where-Object { $_ -ne 'WON' }
            $lost | Should -Match '^LOST (ResourceBusy .*being built or removed by another command|ResourceExists .*exists already)'
            (Get-NetLab $lab.Name).Nodes.Count | Should -Be 31
            $null = Remove-NetLab $lab.Name -Confirm:$false
        }
    }

    It 'is PermissionDenied without privilege, for Get-NetLab and Remove-NetLab alike, and removes nothing' {
        $lab = New-TestLab 'bridge.psd1' 'priv'
        $text = Invoke-Unprivileged "`$ConfirmPreference = 'None'; foreach (`$command in 'Get-NetLab', 'Remove-NetLab') { & `$command '$lab' -ErrorAction SilentlyContinue -ErrorVariable e; `"`$command=`$(`$e[0].CategoryInfo.Category)`" }"
        $text | Should -Match 'Get-NetLab=PermissionDenied'
        $text | Should -Match 'Remove-NetLab=PermissionDenied'
        (Get-NetLab $lab).Nodes.Count | Should -Be 3
    }

    It 'never asks a Docker engine about a lab that did not use Docker' {
        # A socket that takes connections and never answers, as DOCKER_HOST for a child: a question to it would hang.
        $socketPath = Join-Path ([IO.Path]::GetTempPath()) "$($TestPrefix)engine.sock"
        $listener = [System.Net.Sockets.Socket]::new('Unix', 'Stream', 'Unspecified')
        try {
            $listener.Bind([System.Net.Sockets.UnixDomainSocketEndPoint]::new($socketPath))
            $listener.Listen(8)
            $lab = ($TestPrefix + 'nodocker').ToLowerInvariant()
            $env:DOCKER_HOST = "unix://$socketPath"
            try {
                $pwsh = Get-PwshCommand
                $module = (Get-Module PSContainerNet).Path
                $output = & $pwsh.FilePath $pwsh.Arguments -NoProfile -NonInteractive -Command "Import-Module '$module'
                    `$null = New-NetLab -Definition @{ Name = '$lab'; Nodes = @{ a = `$null } }
                    (Get-NetLab '$lab').Nodes.Count
                    (Remove-NetLab '$lab' -Confirm:`$false).Namespaces.Count" 2>&1
            }
            finally {
                Remove-Item Env:DOCKER_HOST
            }
            ($output -join ' ') | Should -Be '1 1'
            $listener.Poll(0, 'SelectRead') | Should -BeFalse -Because 'no connection may be waiting on the engine socket'
        }
        finally {
            $listener.Dispose()
            Remove-Item $socketPath -ErrorAction SilentlyContinue
        }
    }
}
