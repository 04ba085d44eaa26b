BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'New-NetNamespace' {
    It 'creates a namespace that iproute2 lists and that holds only lo' {
        $name = $TestPrefix + 'new'
        $ns = New-NetNamespace -Name $name

        $ns.Name | Should -Be $name
        $ns.Path | Should -Be "/run/netns/$name"
        $ns.Inode | Should -BeGreaterThan 0
        (Invoke-Ip @('netns', 'list')) -join "`n" | Should -Match ([regex]::Escape($name))
        (Get-NetLink -Namespace $name).Name | Should -Be @('lo')
    }

    It 'creates several from the pipeline' {
        $names = 'p1', 'p2' | ForEach-Object { $TestPrefix + $_ }
        $made = $names | New-NetNamespace
        $made.Name | Should -Be $names
    }

    It 'names the namespace of a running process (-ProcessId)' {
        # ip netns exec enters the namespace and execs sleep in the same process.
        $hidden = $TestPrefix + 'hidden'
        Invoke-Ip @('netns', 'add', $hidden)
        $expected = (Get-NetNamespace $hidden).Inode
        $sleeper = Start-Process -FilePath ip -ArgumentList 'netns', 'exec', $hidden, 'sleep', '60' -PassThru
        try {
            $deadline = [datetime]::UtcNow.AddSeconds(5)
            while ((Get-Content "/proc/$($sleeper.Id)/comm" -ErrorAction SilentlyContinue) -ne 'sleep' -and [datetime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
            Invoke-Ip @('netns', 'delete', $hidden) # now only the process holds it, as with a container

            $ns = New-NetNamespace -Name ($TestPrefix + 'box1') -ProcessId $sleeper.Id

            $ns.Inode | Should -Be $expected
            (Invoke-Ip @('netns', 'list')) -join "`n" | Should -Match ([regex]::Escape($TestPrefix + 'box1'))
        }
        finally {
            Stop-Process -Id $sleeper.Id -ErrorAction SilentlyContinue
        }
    }

    It 'refuses a duplicate with ResourceExists, naming the namespace' {
        $name = New-TestNamespace 'dup'
        New-NetNamespace -Name $name -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err[0].TargetObject | Should -Be $name
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AlreadyExists,*NewNetNamespaceCommand'
    }

    It 'refuses a name with a slash' {
        { New-NetNamespace -Name 'a/b' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument,*'
    }

    It 'refuses a process that does not exist' {
        New-NetNamespace -Name ($TestPrefix + 'nopid') -ProcessId ([int]::MaxValue) -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Test-Path "/run/netns/$($TestPrefix)nopid" | Should -BeFalse
    }

    It 'makes nothing with -WhatIf' {
        New-NetNamespace -Name ($TestPrefix + 'whatif') -WhatIf
        Test-Path "/run/netns/$($TestPrefix)whatif" | Should -BeFalse
    }
}
