#Requires -Version 7.4
<#
.SYNOPSIS
    The seeds' box1/box2 wiring from namespaces alone: a "host" namespace with a bridge, two boxes whose
    eth0 is the peer of a bridge port. Shows the brctl view and the eth0@ifN relation, then removes it all.
.EXAMPLE
    sudo pwsh -File examples/NamespaceLab.ps1
#>
[CmdletBinding()]
param(
    # Prefix of every namespace the lab makes, so it never touches anything else.
    [string] $Prefix = 'lab-',
    # Leave the lab in place instead of removing it at the end.
    [switch] $Keep
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module PSContainerNet)) {
    Import-Module (Join-Path $PSScriptRoot '../out/PSContainerNet/PSContainerNet.psd1')
}

$hostNs = "${Prefix}host"
try {
    # The "host" is a namespace too, so the lab never touches the machine's own interfaces.
    $null = New-NetNamespace $hostNs
    $null = New-NetBridge br0 -Namespace $hostNs -Up
    foreach ($box in 'box1', 'box2') {
        $boxNs = "$Prefix$box"
        $null = New-NetNamespace $boxNs
        New-VethPair "h-$box" eth0 -Namespace $hostNs -PeerNamespace $boxNs -Up |
            Where-Object Name -eq "h-$box" |
            Set-NetLink -Master br0
    }

    Write-Host "`nPorts of br0 (brctl show):"
    Get-NetLink -Master br0 -Namespace $hostNs | Format-Table | Out-Host
    Write-Host "eth0 inside ${Prefix}box1 and its peer:"
    $box1Eth0 = Get-NetLink eth0 -Namespace "${Prefix}box1"
    $box1Eth0 | Format-List DisplayName, Index, PeerIndex, PeerName, PeerNamespace | Out-Host

    [pscustomobject]@{
        BridgePorts = @((Get-NetLink -Master br0 -Namespace $hostNs).Name)
        Box1Eth0    = $box1Eth0
    }
}
finally {
    if (-not $Keep) {
        # Removing the namespaces removes their veth pairs with them.
        Get-NetNamespace "$Prefix*" | Remove-NetNamespace -Force -Confirm:$false
    }
}
