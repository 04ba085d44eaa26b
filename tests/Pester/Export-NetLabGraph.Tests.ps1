BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $lab = New-TestLab 'vxlan.psd1' 'graph'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'Export-NetLabGraph' {
    It 'draws the live lab as Mermaid: nodes, links with addresses, the underlay veth and VXLAN parents' {
        $mermaid = Export-NetLabGraph $lab
        $mermaid | Should -BeLike 'flowchart LR*'
        $mermaid | Should -BeLike "*host1 ($lab-host1)*"
        $mermaid | Should -BeLike '*vx42 (vxlan)<br/>10.42.0.1/24*'
        $mermaid | Should -BeLike '*host1_underlay ---|veth| host2_underlay*'
        $mermaid | Should -BeLike '*host1_vx42 ---|VNI 42| host1_underlay*'
    }

    It 'writes DOT to a file with -Path, and nothing with -WhatIf' {
        $file = Join-Path $TestDrive 'lab.dot'
        Export-NetLabGraph $lab -Format Dot -Path $file -WhatIf
        Test-Path $file | Should -BeFalse
        Export-NetLabGraph $lab -Format Dot -Path $file
        Get-Content $file -Raw | Should -BeLike "graph `"$lab`" {*"
    }

    It 'renders SVG where Graphviz is installed' {
        if (-not (Get-Command dot -ErrorAction SilentlyContinue)) {
            Export-NetLabGraph $lab -Format Svg -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
            Set-ItResult -Skipped -Because 'Graphviz dot is not installed'
            return
        }
        ([xml](Export-NetLabGraph $lab -Format Svg)).svg | Should -Not -BeNullOrEmpty
    }

    It 'reports a lab that is not there as ObjectNotFound' {
        Export-NetLabGraph ($lab + '-none') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
