#Requires -Version 7.4
<#
.SYNOPSIS
    The seeds' overlay lab (lab 8) across two Docker engines: a swarm of a manager and a worker, an attachable
    overlay network, c1 on the first engine and c2 on the second, c1 pinging c2 by name, and the VXLAN link of the
    overlay counting the packets it sent into the tunnel. Everything (containers, network, swarm) is removed at the end.
.DESCRIPTION
    Give it two engines whose hosts reach each other (UDP 4789 and TCP 2377 between them). To try it on one machine,
    examples/try-across-hosts.sh starts two engines in network namespaces of their own (tests/engines.sh) and runs it.
.EXAMPLE
    sudo pwsh -File examples/OverlayLab.ps1 -ManagerHost tcp://10.77.0.1:2375 -WorkerHost tcp://10.77.0.2:2375 -AdvertiseAddress 10.77.0.1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ManagerHost,
    [Parameter(Mandatory)] [string] $WorkerHost,
    # The manager's address on the underlay (the VXLAN tunnel's end on its side).
    [Parameter(Mandatory)] [string] $AdvertiseAddress,
    [string] $Subnet = '10.78.0.0/24',
    [int] $Vni = 4242,
    [string] $Image = 'pscn-busybox',
    # Prefix of the network's and containers' names, so the lab never touches anything else.
    [string] $Prefix = '',
    # Leave the lab in place instead of removing it at the end.
    [switch] $Keep
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module PSContainerNet)) {
    Import-Module (Join-Path $PSScriptRoot '../out/PSContainerNet/PSContainerNet.psd1')
}

$network = "${Prefix}ovl"
try {
    $swarm = Initialize-ContainerSwarm $AdvertiseAddress -DockerHost $ManagerHost -Confirm:$false
    $swarm | Join-ContainerSwarm -DockerHost $WorkerHost -Confirm:$false
    Get-ContainerSwarmNode -DockerHost $ManagerHost | Out-Host

    $null = New-ContainerNetwork $network -Driver overlay -Attachable -Subnet $Subnet -VxlanId $Vni -DockerHost $ManagerHost
    $c1 = New-Container $Image sleep, 3600 -Name "${Prefix}c1" -Network $network -DockerHost $ManagerHost
    $c2 = New-Container $Image sleep, 3600 -Name "${Prefix}c2" -Network $network -DockerHost $WorkerHost

    # The engines learn of each other's containers by gossip: wait (at most 30 s) until the manager's engine lists
    # both tunnel ends of the overlay, rather than sleeping a guessed time.
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    do {
        # The overlay as the manager's engine made it: its namespace holds a bridge and the VXLAN link.
        $overlay = Get-ContainerNetwork $network -DockerHost $ManagerHost
    } while ($overlay.Peers.Count -lt 2 -and [DateTime]::UtcNow -lt $deadline -and -not (Start-Sleep -Milliseconds 250))
    if ($overlay.Peers.Count -lt 2) { throw "the overlay did not reach the worker's engine within 30 s (peers: $($overlay.Peers -join ', '))" }
    $overlay | Get-NetLink | Out-Host
    $vxlan = $overlay | Get-NetLink -Kind vxlan
    $sentBefore = $vxlan.Statistics.TransmittedPackets

    $ping = Invoke-ContainerCommand $c1.Name ping '-c', 3, '-W', 2, $c2.Name -DockerHost $ManagerHost
    $ping.Output | Out-Host
    $sent = (Get-NetLink $vxlan.Name -Namespace $overlay.Namespace).Statistics.TransmittedPackets - $sentBefore
    Write-Host "$($vxlan.Name) (VNI $($vxlan.KindProperties.Vni), UDP $($vxlan.KindProperties.DestinationPort)) sent $sent packets to $($overlay.Peers.Address -join ', ')"

    [pscustomobject]@{
        Nodes             = @(Get-ContainerSwarmNode -DockerHost $ManagerHost)
        Overlay           = $overlay
        VxlanLink         = $vxlan
        PingByName        = $ping
        VxlanPacketsSent  = $sent
        C2Address         = (Get-Container $c2.Name -DockerHost $WorkerHost).Endpoints[0].IPAddress
    }
}
finally {
    if (-not $Keep) {
        Remove-Container "${Prefix}c1" -Force -DockerHost $ManagerHost -Confirm:$false -ErrorAction SilentlyContinue
        Remove-Container "${Prefix}c2" -Force -DockerHost $WorkerHost -Confirm:$false -ErrorAction SilentlyContinue
        # The worker first; the last manager leaving ends the swarm and its overlay network.
        Exit-ContainerSwarm -Force -DockerHost $WorkerHost -Confirm:$false -ErrorAction SilentlyContinue
        Exit-ContainerSwarm -Force -DockerHost $ManagerHost -Confirm:$false -ErrorAction SilentlyContinue
    }
}
