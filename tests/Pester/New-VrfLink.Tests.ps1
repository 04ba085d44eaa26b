BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $ns = New-TestNamespace 'vrf'
}

AfterAll {
    Remove-TestNamespaces
}

Describe 'New-VrfLink' {
    It 'creates a VRF with its table that ip reports (skipped where the kernel has no VRF)' {
        $vrf = New-VrfLink red 10 -Namespace $ns -Up -ErrorAction SilentlyContinue -ErrorVariable err
        if (Skip-IfKernelLacks $err) { return }
        $vrf.KindProperties['Table'] | Should -Be 10
        (Get-IpLink red $ns).linkinfo.info_data.table | Should -Be 10
    }

    It 'rejects table 0 at parameter binding' {
        { New-VrfLink red0 0 -Namespace $ns } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'makes nothing with -WhatIf' {
        New-VrfLink blue 20 -Namespace $ns -WhatIf
        (Get-NetLink -Namespace $ns).Name | Should -Not -Contain 'blue'
    }
}
