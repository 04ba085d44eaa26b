#Requires -Version 7.4
<#
.SYNOPSIS
    The seeds' macvlan lab (lab 7) across two Docker hosts: one macvlan network per engine, over parents that share
    one layer-2 segment, with the same subnet and a range of addresses each; c1 on the first host and c2 on the
    second reach each other directly, with no bridge, NAT or tunnel between them. Everything is removed at the end.
.DESCRIPTION
    -Parent is the link on each host that is on the shared segment. To try it on one machine,
    examples/try-across-hosts.sh starts two engines whose ul0 links share a bridge (tests/engines.sh) and runs it.
.EXAMPLE
    sudo pwsh -File examples/MacvlanAcrossHosts.ps1 -Host1 unix:///run/pscn-bed/h1/docker.sock -Host2 unix:///run/pscn-bed/h2/docker.sock -Parent ul0
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Host1,
    [Parameter(Mandatory)] [string] $Host2,
    # The link on each host that is on the shared segment (never the one that carries your own connection).
    [Parameter(Mandatory)] [string] $Parent,
    [string] $Subnet = '10.79.0.0/24',
    [string] $Image = 'pscn-busybox',
    # Prefix of the networks' and containers' names, so the lab never touches anything else.
    [string] $Prefix = '',
    [switch] $Keep
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module PSContainerNet)) {
    Import-Module (Join-Path $PSScriptRoot '../out/PSContainerNet/PSContainerNet.psd1')
}

$network = "${Prefix}mv"
$base = ($Subnet -split '/')[0] -replace '\.\d+$', ''
# One subnet, a range of addresses per host: the two engines' IPAM never hand out the same address.
$hosts = [ordered]@{
    c1 = @{ DockerHost = $Host1; Range = "$base.64/27"; Address = "$base.11" }
    c2 = @{ DockerHost = $Host2; Range = "$base.96/27"; Address = "$base.12" }
}
try {
    $containers = @{}
    foreach ($name in $hosts.Keys) {
        $h = $hosts[$name]
        $null = New-MacvlanNetwork $network -Parent $Parent -Subnet $Subnet -IPRange $h.Range -DockerHost $h.DockerHost
        $containers[$name] = New-Container $Image sleep, 3600 -Name "$Prefix$name" -Network $network -IPAddress $h.Address -DockerHost $h.DockerHost
    }

    $there = Invoke-ContainerCommand "${Prefix}c1" ping '-c', 2, '-W', 2, $hosts.c2.Address -DockerHost $Host1
    $back = Invoke-ContainerCommand "${Prefix}c2" ping '-c', 2, '-W', 2, $hosts.c1.Address -DockerHost $Host2
    $there.Output | Out-Host
    # c1's eth0 is a macvlan link of the host's parent: no veth, no bridge.
    $c1Eth0 = $containers.c1 | Get-NetLink eth0

    [pscustomobject]@{
        Networks   = $hosts.Values | ForEach-Object { Get-ContainerNetwork $network -DockerHost $_.DockerHost }
        C1ToC2     = $there
        C2ToC1     = $back
        C1Eth0     = $c1Eth0
    }
}
finally {
    if (-not $Keep) {
        foreach ($name in $hosts.Keys) {
            Remove-Container "$Prefix$name" -Force -DockerHost $hosts[$name].DockerHost -Confirm:$false -ErrorAction SilentlyContinue
            Remove-ContainerNetwork $network -DockerHost $hosts[$name].DockerHost -Confirm:$false -ErrorAction SilentlyContinue
        }
    }
}
