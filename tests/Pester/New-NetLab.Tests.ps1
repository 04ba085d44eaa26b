BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # Lab names start with this file's prefix, so Remove-TestNamespaces removes their namespaces whatever happens.
    $lab = ($TestPrefix + 'lab').ToLowerInvariant()
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'New-NetLab' {
    It 'builds the bridge runbook from its data file: box1 pings box2 and the gateway' {
        $file = Join-Path $TestDrive 'bridge.psd1'
        (Get-Content (Join-Path $PSScriptRoot '../../examples/labs/bridge.psd1') -Raw) -replace "Name    = 'bridge'", "Name    = '$lab'" | Set-Content $file

        $built = New-NetLab $file

        $built.Name | Should -Be $lab
        $built.Nodes.Name | Should -Be @('box1', 'box2', 'host')
        (Invoke-Ip @('netns', 'list')) -join "`n" | Should -Match ([regex]::Escape("$lab-box1"))
        (Get-NetLink -Master docker0 -Namespace "$lab-host").Name | Sort-Object | Should -Be @('veth-box1', 'veth-box2')   # made at the same time: any order
        Test-NetPing 172.17.0.3 -Namespace "$lab-box1" -Count 1 -Quiet | Should -BeTrue
        Test-NetPing 172.17.0.1 -Namespace "$lab-box2" -Count 1 -Quiet | Should -BeTrue
        (Get-NetSysctl net.ipv4.ip_forward -Namespace "$lab-host").Value | Should -Be '1'
        Remove-NetLab $lab -Confirm:$false | Out-Null
    }

    It 'takes a hashtable, and a veth pair between two nodes' {
        $pair = $lab + '-pair'
        $null = New-NetLab -Definition @{
            Name  = $pair
            Nodes = @{ ns1 = @{}; ns2 = @{} }
            Links = @( @{ Node = 'ns1'; Name = 'veth-ns1'; Address = '192.168.77.11/24'; Peer = 'ns2'; PeerName = 'veth-ns2'; PeerAddress = '192.168.77.12/24' } )
        }
        (Get-IpLink 'veth-ns1' "$pair-ns1").operstate | Should -Be 'UP'
        Test-NetPing 192.168.77.12 -Namespace "$pair-ns1" -Count 1 -Quiet | Should -BeTrue
        Remove-NetLab $pair -Confirm:$false | Out-Null
    }

    It 'undoes everything when a step fails and names the step' {
        $definition = Get-TestLabDefinition 'bridge.psd1' 'lab-bad'
        $bad = $definition.Name
        $definition.Routes = @( @{ Node = 'box1'; Destination = '10.77.0.0/16'; Gateway = '10.9.9.9' } )

        New-NetLab -Definition $definition -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty

        $err[0].Exception.Message | Should -BeLike "*building lab '$bad' failed at step 7 of 7 (route 10.77.0.0/16 in box1)*everything it had made was removed*"
        Get-NetNamespace "$bad-*" | Should -BeNullOrEmpty
    }

    It 'reports every mistake of a definition at once, as InvalidArgument, making nothing' {
        New-NetLab -Definition @{ Name = ($lab + '-typo'); Nodes = @{ a = @{ Forwardin = $true } }; Links = @( @{ Node = 'a'; Name = 'eth0'; Peer = 'zz' } ) } -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike "*unknown key 'Forwardin'*"
        $err[0].Exception.Message | Should -BeLike "*Peer 'zz' is not one of the Nodes*"
        Get-NetNamespace "$lab-typo-*" | Should -BeNullOrEmpty
    }

    It 'reports a missing definition file as ObjectNotFound' {
        New-NetLab (Join-Path $TestDrive 'missing.psd1') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'reports a data file with a syntax error as InvalidData naming the file, the line and the parser''s message' {
        $file = Join-Path $TestDrive 'broken.psd1'
        Set-Content $file "@{`n    Name = 'x'`n    Nodes = @('a'`n}"
        New-NetLab $file -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].TargetObject | Should -Be $file
        $err[0].Exception.Message | Should -BeLike "*broken.psd1*line 4*"
        $err[0].Exception.Message | Should -BeLike "*Missing closing ')'*"
    }

    It 'never runs code in a data file, and says so as InvalidData' {
        $file = Join-Path $TestDrive 'code.psd1'
        $marker = Join-Path $TestDrive 'ran'
        Set-Content $file "@{ Name = `$(New-Item '$marker'); Nodes = @('a') }"
        New-NetLab $file -ErrorAction SilentlyContinue -ErrorVariable err
        Test-Path $marker | Should -BeFalse
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].Exception.Message | Should -BeLike '*code.psd1*'
    }

    It 'undoes everything when stopped halfway (Ctrl+C), and ends stopped' {
        $lab = New-TestStarLabFile 'ctrlc' 200
        $ps = [powershell]::Create()
        $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Get-Module PSContainerNet).Path).AddStatement().
            AddCommand('New-NetLab').AddParameter('Path', $lab.Path)
        try {
            $async = $ps.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while ((Get-TestLabNamespaces $lab.Name).Count -lt 20 -and -not $async.IsCompleted -and [datetime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 5
            }
            $ps.Stop()   # what the host does on Ctrl+C: StopProcessing, then the pipeline ends
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $ps.Dispose()
            Remove-Item $lab.Path
        }
        Get-TestLabNamespaces $lab.Name | Should -BeNullOrEmpty
        Get-NetLab $lab.Name -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'makes nothing with -WhatIf' {
        New-NetLab -Definition (Get-TestLabDefinition 'bridge.psd1' 'lab-wi') -WhatIf
        Get-NetNamespace "$lab-wi-*" | Should -BeNullOrEmpty
    }
}
