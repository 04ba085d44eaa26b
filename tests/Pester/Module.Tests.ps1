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

    It 'publishes to a local repository, installs from it and imports by name from anywhere (the README''s Install)' {
        # A child pwsh with a home of its own, so the machine's repositories and modules are left alone.
        $installHome = Join-Path ([IO.Path]::GetTempPath()) "pscn-install-$([guid]::NewGuid().ToString('N'))"
        $saved = @{}
        foreach ($name in 'HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            $null = New-Item -ItemType Directory -Path "$installHome/repository"
            $env:HOME = $installHome
            $env:XDG_DATA_HOME = $env:XDG_CONFIG_HOME = $env:XDG_CACHE_HOME = $null
            $pwsh = Get-PwshCommand
            $script = "
                `$ErrorActionPreference = 'Stop'
                Set-Location '$installHome'   # Publish-PSResource writes NuGet/NuGet.Config into the current folder
                Register-PSResourceRepository -Name pscn-local -Uri '$installHome/repository' -Trusted
                Publish-PSResource -Path '$(Split-Path $ModuleManifest)' -Repository pscn-local
                Install-PSResource PSContainerNet -Repository pscn-local -Scope CurrentUser
                Set-Location /
                Import-Module PSContainerNet
                `$module = Get-Module PSContainerNet
                '{0}|{1}|{2}' -f `$module.Version, `$module.ModuleBase, `$module.ExportedCmdlets.Count"
            $output = & $pwsh.FilePath $pwsh.Arguments -NoProfile -NonInteractive -Command $script 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
            $version, $base, $count = ($output | Select-Object -Last 1) -split '\|'
            $version | Should -Be $manifest.ModuleVersion
            $base | Should -BeLike "$installHome/*"
            [int] $count | Should -Be $manifest.CmdletsToExport.Count
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            Remove-Item -Recurse -Force $installHome -ErrorAction SilentlyContinue
        }
    }
}
