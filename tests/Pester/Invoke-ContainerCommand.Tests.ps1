BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll { . (Join-Path $PSScriptRoot 'Common.ps1') }
AfterAll { Remove-TestDocker }

Describe 'Invoke-ContainerCommand' -Skip:([bool]$noDocker) {
    BeforeAll {
        $net = New-TestContainerNetwork 'exec' '10.232.40.0/24'
        $box = New-TestContainer 'exec' -Network $net.Name
        $peer = New-TestContainer 'peer' -Network $net.Name
    }

    It 'returns standard output, standard error and the exit code apart, as docker exec does' {
        $result = Invoke-ContainerCommand $box.Name sh '-c', 'echo out; echo err >&2; exit 3'
        $result.Output | Should -Be 'out'
        $result.ErrorOutput | Should -Be 'err'
        $result.ExitCode | Should -Be 3
        $result.Success | Should -BeFalse
        docker exec $box.Name sh -c 'exit 3'
        $LASTEXITCODE | Should -Be $result.ExitCode
    }

    It 'runs with the container''s own resolver: another container on a user network by name' {
        $result = $box | Invoke-ContainerCommand -Command ping -ArgumentList '-c', 1, $peer.Name
        $result.Success | Should -BeTrue
        ($result.Output -join "`n") | Should -Match ([regex]::Escape($peer.IPAddress))
    }

    It 'reports an unknown container as ObjectNotFound with Docker''s words' {
        Invoke-ContainerCommand ($DockerPrefix + 'nope') true -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -BeLike '*No such container*'
    }

    It 'runs nothing with -WhatIf' {
        Invoke-ContainerCommand $box.Name touch /tmp/whatif -WhatIf | Should -BeNullOrEmpty
        (Invoke-ContainerCommand $box.Name test '-e', /tmp/whatif).ExitCode | Should -Be 1
    }

    It 'formats as a table with the command, exit code and output' {
        $text = Invoke-ContainerCommand $box.Name echo hello | Out-String
        $text | Should -Match 'Container\s+Command\s+ExitCode'
        $text | Should -Match 'echo hello\s+0 .*hello'
    }
}
