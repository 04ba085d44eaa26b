#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, documents and packages PSContainerNet.
.DESCRIPTION
    Build    compiles the engine and cmdlets and lays out the importable module in out/PSContainerNet
             (assemblies, manifest, format views, MAML help from docs/en-US, about topic).
    Test     runs tests/run.sh: xunit engine and contract tests, then the Pester suite in tests/Pester
             when Pester 5 is installed, then the leak check. Needs root.
    Docs     renders docs/en-US to MAML with platyPS where it is installed (the build's own renderer
             otherwise); -UpdateMarkdown first refreshes the pages' syntax and parameter fields from the
             built assembly, keeping the prose.
    Package  builds Release and checks the module folder with Test-ModuleManifest; the folder
             out/PSContainerNet is what Publish-Module / Publish-PSResource takes.
    Clean    removes out/ and every bin/ and obj/ folder.
.EXAMPLE
    ./build.ps1 Build
.EXAMPLE
    sudo pwsh -File ./build.ps1 Build, Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Docs', 'Package', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [switch] $UpdateMarkdown
)

$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$moduleOut = Join-Path $PSScriptRoot 'out/PSContainerNet'
$helpBuilder = Join-Path $PSScriptRoot 'tools/PSContainerNet.HelpBuilder'

function Invoke-Native([string] $File, [string[]] $Arguments) {
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', 'src/PSContainerNet/PSContainerNet.csproj', '-c', $Configuration, '-nologo')
    Write-Host "Module laid out in $moduleOut"
}

function Invoke-Docs {
    Invoke-Build
    $docs = Join-Path $PSScriptRoot 'docs/en-US'
    $platyPS = Get-Module -ListAvailable platyPS | Sort-Object Version -Descending | Select-Object -First 1
    if ($UpdateMarkdown) {
        if ($platyPS) {
            Import-Module $platyPS
            Import-Module (Join-Path $moduleOut 'PSContainerNet.psd1') -Force
            $null = Update-MarkdownHelpModule -Path $docs -RefreshModulePage:$false -AlphabeticParamsOrder
        }
        else {
            $sma = [System.Management.Automation.PSObject].Assembly.Location
            Invoke-Native dotnet @('run', '--project', $helpBuilder, '-c', $Configuration, '--', 'markdown', $docs, (Join-Path $moduleOut 'PSContainerNet.dll'), $sma)
        }
    }

    $helpOut = Join-Path $moduleOut 'en-US'
    if ($platyPS) {
        Import-Module $platyPS
        $null = New-ExternalHelp -Path $docs -OutputPath $helpOut -Force
    }
    else {
        Invoke-Native dotnet @('run', '--project', $helpBuilder, '-c', $Configuration, '--', 'maml', $docs, (Join-Path $helpOut 'PSContainerNet.dll-Help.xml'))
    }
    Write-Host "Help written to $helpOut"
}

function Invoke-Test {
    Invoke-Native bash @((Join-Path $PSScriptRoot 'tests/run.sh'))
}

function Invoke-Package {
    $script:Configuration = 'Release'
    Invoke-Docs
    $manifest = Test-ModuleManifest -Path (Join-Path $moduleOut 'PSContainerNet.psd1')
    Write-Host "Module $($manifest.Name) $($manifest.Version) is ready to publish from $moduleOut"
}

function Invoke-Clean {
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $PSScriptRoot 'out')
    Get-ChildItem -Path src, tests, tools -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force
}

foreach ($name in $Task) {
    Write-Host "== $name" -ForegroundColor Cyan
    & "Invoke-$name"
}
