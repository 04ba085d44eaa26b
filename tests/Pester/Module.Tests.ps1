BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $module = Get-Module PSContainerNet
    $manifest = Import-PowerShellDataFile $ModuleManifest
}

Describe 'PSContainerNet module' {
    It 'loads from the built folder with the manifest''s version' {
        $module | Should -Not -BeNullOrEmpty
        $module.Version | Should -Be $manifest.ModuleVersion
    }

    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $ModuleManifest -ErrorAction Stop } | Should -Not -Throw
    }

    It 'exports exactly the cmdlets the manifest lists' {
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
        $module.ExportedFunctions.Count | Should -Be 0
    }

    It 'uses only approved verbs' {
        $approved = (Get-Verb).Verb
        foreach ($name in $module.ExportedCmdlets.Keys) {
            ($name -split '-')[0] | Should -BeIn $approved -Because "$name must use an approved verb"
        }
    }

    It 'has help with a synopsis and at least two examples for <_>' -ForEach (Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../PSContainerNet.psd1')).CmdletsToExport {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '\{\{'
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        foreach ($parameter in (Get-Command $_).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }) {
            $text = ($help.parameters.parameter | Where-Object Name -eq $parameter).description.Text
            $text | Should -Not -BeNullOrEmpty -Because "-$parameter of $_ needs help"
        }
    }

    It 'has the about topic' {
        Get-Help about_PSContainerNet | Out-String | Should -Match 'New-NetNamespace'
    }

    It 'formats links as a table' {
        $text = Get-NetLink lo | Out-String
        $text | Should -Match 'Name\s+Kind\s+State\s+MTU'
    }
}
