#Requires -Version 7.4
<#
.SYNOPSIS
    The seeds' box1/box2-on-docker0 lab from kernel objects only: a "host" namespace with a bridge that
    holds the gateway address, two boxes with eth0 on it, addresses, lo up, default routes, pings both
    ways, the bridge ports and veth relations shown, and everything removed at the end.
.EXAMPLE
    sudo pwsh -File examples/BridgeLab.ps1
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
$boxes = [ordered]@{ "${Prefix}box1" = '172.17.0.2'; "${Prefix}box2" = '172.17.0.3' }
try {
    # The "host" is a namespace too, so the lab never touches the machine's own interfaces.
    $null = New-NetNamespace $hostNs
    $null = New-NetBridge docker0 -Namespace $hostNs -Up
    $null = New-NetIPAddress 172.17.0.1/16 -InterfaceAlias docker0 -Namespace $hostNs
    $i = 0
    foreach ($box in $boxes.Keys) {
        $i++
        $null = New-NetNamespace $box
        New-VethPair "veth$i" eth0 -Namespace $hostNs -PeerNamespace $box -Up |
            Where-Object Name -eq "veth$i" | Set-NetLink -Master docker0
        Set-NetLink lo -Namespace $box -Up
        $null = New-NetIPAddress "$($boxes[$box])/16" -InterfaceAlias eth0 -Namespace $box
        $null = New-NetRoute default 172.17.0.1 -Namespace $box
    }

    $box1, $box2 = @($boxes.Keys)
    $pings = @(
        Test-NetPing $boxes[$box2] -Namespace $box1
        Test-NetPing $boxes[$box1] -Namespace $box2
        Test-NetPing 172.17.0.1 -Namespace $box1
    )
    $pings | Format-Table | Out-Host
    Get-NetLink -Master docker0 -Namespace $hostNs | Format-Table | Out-Host
    Get-NetIPAddress -Namespace $box1 -AddressFamily IPv4 | Format-Table | Out-Host

    [pscustomobject]@{
        Pings       = $pings
        BridgePorts = @((Get-NetLink -Master docker0 -Namespace $hostNs).Name)
        Box1Eth0    = Get-NetLink eth0 -Namespace $box1
        Box1Routes  = @(Get-NetRoute -Namespace $box1 -AddressFamily IPv4)
    }
}
finally {
    if (-not $Keep) {
        # Removing the namespaces removes their veth pairs, and the host namespace its bridge.
        Get-NetNamespace "$Prefix*" | Remove-NetNamespace -Force -Confirm:$false
    }
}
