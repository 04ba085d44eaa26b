#Requires -Version 7.4
<#
.SYNOPSIS
    A lab that changes while it runs: the branch office of examples/labs/impaired.psd1 (box1 behind a 1 Mbit/s access
    link) is built, a link is failed and Test-NetLab says what that breaks, the link comes back and the lab converges,
    then the grown definition (a server, a 2 Mbit/s access link) is applied: first its plan, then only its differences.
    Compare-NetLab finds no drift, and everything is removed at the end.
.EXAMPLE
    sudo pwsh -File examples/ChangingLab.ps1
.EXAMPLE
    sudo examples/try.sh examples/ChangingLab.ps1
#>
[CmdletBinding()]
param(
    # The lab's name (its namespaces are NAME-box1, NAME-router, ...).
    [string] $Name = 'impaired',
    # Leave the lab in place instead of removing it at the end.
    [switch] $Keep
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module PSContainerNet)) {
    Import-Module (Join-Path $PSScriptRoot '../out/PSContainerNet/PSContainerNet.psd1')
}

function Get-Definition([string] $File) {
    $definition = Import-PowerShellDataFile (Join-Path $PSScriptRoot "labs/$File")
    $definition.Name = $Name
    $definition
}

try {
    $null = New-NetLab -Definition (Get-Definition 'impaired.psd1')
    Get-NetLinkImpairment -Namespace "$Name-box1" | Out-Host
    Test-NetLab $Name -Wait | Out-Host

    Write-Host "A fault: router:eth1 down"
    Disable-NetLabLink $Name router:eth1 -Confirm:$false
    Test-NetLab $Name -Expect @{ From = 'box1'; To = 'wan' } | Out-Host
    Enable-NetLabLink $Name router:eth1 -Confirm:$false
    Test-NetLab $Name -Expect @{ From = 'box1'; To = 'wan' } -Wait | Out-Host

    Write-Host "The grown definition, first as a plan, then applied while the lab runs"
    $grown = Get-Definition 'impaired-grown.psd1'
    Set-NetLab -Definition $grown -WhatIf | Out-Host
    Set-NetLab -Definition $grown -Confirm:$false -PassThru | Out-Host
    Test-NetLab $Name -Wait | Out-Host
    $drift = Compare-NetLab -Definition $grown
    Write-Host "Drift from the grown definition: $(if ($drift) { $drift -join '; ' } else { 'none' })"
    [pscustomobject]@{ Lab = $Name; Nodes = (Get-NetLab $Name).Nodes.Name; Drift = @($drift) }
}
finally {
    if (-not $Keep) {
        Remove-NetLab $Name -Confirm:$false | Out-Null
    }
}
