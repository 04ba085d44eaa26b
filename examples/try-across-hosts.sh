#!/usr/bin/env bash
# Runs the across-hosts labs on one machine: two more Docker engines, each in a network namespace of its own on an
# underlay bridge (tests/engines.sh); the overlay lab (examples/OverlayLab.ps1: a swarm of them, c1 pinging c2
# through VXLAN), then the macvlan lab (examples/MacvlanAcrossHosts.ps1: one macvlan network per engine on ul0), then
# the overlay lab again as a definition (examples/labs/overlay.psd1) through New-NetLab, Test-NetLab and Remove-NetLab.
# The engines are removed at the end, also when the lab fails. Needs Docker's dockerd and a test image
# (tests/make-docker-image.sh makes pscn-busybox from busybox-static).
# Usage: sudo examples/try-across-hosts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
  echo "The lab starts Docker engines in network namespaces: run it as root (sudo $0)." >&2
  exit 2
fi
source tools/prerequisites.sh
pscn_get_pwsh
export POWERSHELL_TELEMETRY_OPTOUT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
tests/make-docker-image.sh >/dev/null
trap 'tests/engines.sh down' EXIT
tests/engines.sh up 2 >/dev/null
"$PWSH" -NoProfile -NonInteractive -Command '
  $ErrorActionPreference = "Stop"
  ./build.ps1 Build
  Import-Module ./out/PSContainerNet/PSContainerNet.psd1
  $h1, $h2 = "unix:///run/pscn-bed/h1/docker.sock", "unix:///run/pscn-bed/h2/docker.sock"
  $overlay = ./examples/OverlayLab.ps1 -ManagerHost $h1 -WorkerHost $h2 -AdvertiseAddress 10.77.0.1
  if (-not $overlay.PingByName.Success) { throw "overlay lab: c1 could not ping c2 by name" }
  $macvlan = ./examples/MacvlanAcrossHosts.ps1 -Host1 $h1 -Host2 $h2 -Parent ul0
  if (-not ($macvlan.C1ToC2.Success -and $macvlan.C2ToC1.Success)) { throw "macvlan lab: c1 and c2 could not ping each other" }
  # The same overlay lab as a definition: New-NetLab forms the swarm, Remove-NetLab leaves it.
  $null = New-NetLab -Path examples/labs/overlay.psd1
  try {
    Test-NetLab overlay | Out-Host
    Export-NetLabGraph overlay | Out-Host
  }
  finally { Remove-NetLab overlay -Confirm:$false | Out-Host }'
