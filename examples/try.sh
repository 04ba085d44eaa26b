#!/usr/bin/env bash
# Tries the module on a machine that has only the .NET SDK: gets pwsh when it is missing (PowerShell's dotnet
# tool), builds the module, imports it and runs an example lab, NamespaceLab.ps1 unless another is named.
# Usage: sudo examples/try.sh [examples/BridgeLab.ps1]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
  echo "The example lab makes network namespaces: run it as root (sudo $0)." >&2
  exit 2
fi
source tools/prerequisites.sh
pscn_get_pwsh
export POWERSHELL_TELEMETRY_OPTOUT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export PSCN_LAB=${1:-examples/NamespaceLab.ps1}
exec "$PWSH" -NoProfile -NonInteractive -Command '
  $ErrorActionPreference = "Stop"
  ./build.ps1 Build
  Import-Module ./out/PSContainerNet/PSContainerNet.psd1
  & $env:PSCN_LAB'
