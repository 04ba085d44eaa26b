BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $lab = New-TestLab 'bridge.psd1' 'get'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Get-NetLab' {
    It 'finds the lab from the kernel with its nodes, links and addresses' {
        $found = Get-NetLab $lab
        $found.Nodes.Namespace | Should -Be @("$lab-box1", "$lab-box2", "$lab-host")
        ($found.Nodes | Where-Object Name -eq 'box1').Addresses.IPAddress | Should -Contain '172.17.0.2'
        ($found.Nodes | Where-Object Name -eq 'host').Links.Name | Should -Contain 'docker0'
    }

    It 'lists it among all labs and takes wildcards' {
        (Get-NetLab).Name | Should -Contain $lab
        (Get-NetLab "$($TestPrefix)g*").Name | Should -Be @($lab)
    }

    It 'pipes nodes into the namespace cmdlets' {
        $routes = (Get-NetLab $lab).Nodes | Where-Object Name -like 'box*' | Get-NetRoute
        ($routes | Where-Object DestinationPrefix -eq '0.0.0.0/0').NextHop | Should -Be @('172.17.0.1', '172.17.0.1')
    }

    It 'finds what is left of a lab after part of it went' {
        Invoke-Ip @('netns', 'delete', "$lab-box2")
        (Get-NetLab $lab).Nodes.Name | Should -Be @('box1', 'host')
    }

    It 'reports a lab that is not there as ObjectNotFound' {
        Get-NetLab ($lab + '-none') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
