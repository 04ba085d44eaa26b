# Gets what the module's commands need on a machine that has only the .NET SDK: pwsh (PowerShell's dotnet
# tool), Pester 5 for the test suite, and the Docker tests' image. Sourced by examples/try.sh, tests/run.sh and
# .ci/run. Each function says on stderr what it could not get, and why, and returns non-zero.

PSCN_PWSH_VERSION=7.6.9      # the PowerShell the tests run under; 7.4 is the oldest the module supports
PSCN_PESTER_VERSION=5.9.1
PSCN_REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# A pwsh found on PATH or where `dotnet tool install --global` puts it, if it is 7.4 or later.
pscn_find_pwsh() {
  local candidate
  for candidate in "$(command -v pwsh 2>/dev/null)" "${DOTNET_CLI_HOME:-$HOME}/.dotnet/tools/pwsh"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    if "$candidate" -NoProfile -NonInteractive -Command 'if ($PSVersionTable.PSVersion -lt [version]"7.4") { exit 1 }' >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# Sets PWSH to a usable pwsh, installing PowerShell's dotnet tool when there is none (a few seconds).
pscn_get_pwsh() {
  if PWSH=$(pscn_find_pwsh); then return 0; fi
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "pwsh: not found, and it cannot be installed without the .NET SDK (dotnet is not on PATH)." >&2
    return 1
  fi
  echo "Installing pwsh $PSCN_PWSH_VERSION: dotnet tool install --global PowerShell" >&2
  local log
  if ! log=$(dotnet tool install --global PowerShell --version "$PSCN_PWSH_VERSION" 2>&1); then
    echo "pwsh: dotnet tool install --global PowerShell --version $PSCN_PWSH_VERSION failed:" >&2
    echo "$log" | tail -5 >&2
    return 1
  fi
  if ! PWSH=$(pscn_find_pwsh); then
    echo "pwsh: installed, but ${DOTNET_CLI_HOME:-$HOME}/.dotnet/tools/pwsh does not start." >&2
    return 1
  fi
}

# Installs Pester 5 for the current user when pwsh (PWSH) has none: NuGet's Pester package, whose tools/
# folder is the module, restored by a throw-away project (on the SDK's own framework: no targeting pack).
pscn_get_pester() {
  if "$PWSH" -NoProfile -NonInteractive -Command 'if (-not (Get-Module -ListAvailable Pester | Where-Object { $_.Version.Major -eq 5 })) { exit 1 }' >/dev/null 2>&1; then
    return 0
  fi
  echo "Installing Pester $PSCN_PESTER_VERSION from NuGet" >&2
  local work modules log framework
  framework="net$(dotnet --version | cut -d. -f1).0"
  work=$(mktemp -d)
  cat >"$work/pester.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>$framework</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$PSCN_PESTER_VERSION]" /></ItemGroup>
</Project>
XML
  if ! log=$(dotnet restore "$work/pester.csproj" --packages "$work/packages" 2>&1); then
    echo "Pester: restoring the NuGet package Pester $PSCN_PESTER_VERSION failed:" >&2
    echo "$log" | grep -E 'error|warn' | head -5 >&2
    rm -rf "$work"
    return 1
  fi
  modules=$("$PWSH" -NoProfile -NonInteractive -Command '[Environment]::GetFolderPath("LocalApplicationData") + "/powershell/Modules"')
  mkdir -p "$modules/Pester"
  rm -rf "${modules:?}/Pester/$PSCN_PESTER_VERSION"
  cp -r "$work/packages/pester/$PSCN_PESTER_VERSION/tools" "$modules/Pester/$PSCN_PESTER_VERSION"
  rm -rf "$work"
  if ! "$PWSH" -NoProfile -NonInteractive -Command "Import-Module Pester -RequiredVersion $PSCN_PESTER_VERSION -ErrorAction Stop" >/dev/null 2>&1; then
    echo "Pester: copied to $modules/Pester/$PSCN_PESTER_VERSION, but pwsh cannot import it." >&2
    return 1
  fi
}

# Why the Docker tests cannot run here, on stdout, or nothing when an engine answers and the test image is
# there (made from busybox-static when missing).
pscn_docker_unavailable() {
  if ! command -v docker >/dev/null 2>&1; then echo "no docker CLI (Debian's docker.io has it and the engine)"; return; fi
  if ! docker info >/dev/null 2>&1; then echo "no Docker engine answers (start dockerd)"; return; fi
  local log
  if ! log=$("$PSCN_REPO_ROOT/tests/make-docker-image.sh" 2>&1); then echo "the test image could not be made: $log"; fi
}
