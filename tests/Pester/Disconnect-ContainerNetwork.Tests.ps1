BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll { . (Join-Path $PSScriptRoot 'Common.ps1') }
AfterAll { Remove-TestDocker }

Describe 'Disconnect-ContainerNetwork' -Skip:([bool]$noDocker) {
    BeforeAll {
        $net = New-TestContainerNetwork 'dis' '10.232.40.0/24'
        $peer = New-TestContainer 'peer' -Network $net.Name -IPAddress 10.232.40.11
    }

    It 'cuts a container off the network' {
        $c = New-TestContainer 'dc'
        Connect-ContainerNetwork $net.Name $c.Name
        Test-NetPing 10.232.40.11 -Namespace (Get-Container $c.Name) -Count 1 -Quiet | Should -BeTrue

        $after = Disconnect-ContainerNetwork $net.Name $c.Name -PassThru

        $after.Endpoints.Network | Should -Not -Contain $net.Name
        Test-NetPing 10.232.40.11 -Namespace $after -Count 1 -Quiet | Should -BeFalse
    }

    It 'takes a network''s endpoints from the pipeline' {
        $c = New-TestContainer 'ep'
        Connect-ContainerNetwork $net.Name $c.Name
        (Get-ContainerNetwork $net.Name).Containers | Where-Object ContainerName -eq $c.Name | Disconnect-ContainerNetwork -Confirm:$false
        (Get-ContainerNetwork $net.Name).Containers.ContainerName | Should -Not -Contain $c.Name
    }

    It 'reports a container that is not connected, with Docker''s words' {
        $c = New-TestContainer 'nc'
        Disconnect-ContainerNetwork $net.Name $c.Name -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].Exception.Message | Should -BeLike '*is not connected*'
    }

    It 'changes nothing with -WhatIf' {
        Disconnect-ContainerNetwork $net.Name $peer.Name -WhatIf
        (Get-Container $peer.Name).Endpoints.Network | Should -Contain $net.Name
    }
}
