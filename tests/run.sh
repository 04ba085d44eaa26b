#!/usr/bin/env bash
# The test command. Builds everything, runs the xunit suites (engine on the real kernel, cmdlet contracts
# from metadata), then the Pester suite under pwsh with Pester 5 (both installed when missing), then checks
# that nothing the tests made was left behind. Ends with "N passed, N failed, N skipped".
# A layer that cannot run here (no pwsh or Pester to be had, no Docker engine) is counted as skipped and
# says why; under CI=true it is a failure, so CI never passes on a suite it did not run.
set -uo pipefail
cd "$(dirname "$0")/.."
source tools/prerequisites.sh
export POWERSHELL_TELEMETRY_OPTOUT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "$(id -u)" != 0 ]; then
  echo "The tests create network namespaces and links: run them as root (sudo $0)." >&2
  exit 2
fi

# Everything the suites could leave behind: named namespaces, links and nftables tables of this namespace,
# lab journals and locks, Docker containers and networks.
snapshot() {
  { ip netns list 2>/dev/null | awk '{print "namespace " $1}'
    ip -o link show 2>/dev/null | awk -F': ' '{print "link " $2}' | cut -d@ -f1
    if command -v nft >/dev/null 2>&1; then nft list tables 2>/dev/null | sed 's/^/nftables /'; fi
    ls /run/pscontainernet/labs 2>/dev/null | sed 's/^/lab-journal /'
    if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
      docker ps -a --format 'container {{.Names}}'
      docker network ls --format 'docker-network {{.Name}}'
    fi
    pgrep -a -x dockerd | sed 's/^/engine /'
    [ ! -e /run/pscn-bed ] || echo "test-bed /run/pscn-bed"
    [ ! -e /var/lib/pscn-bed ] || echo "test-bed /var/lib/pscn-bed"
    awk '$5 ~ /pscn-bed/ {print "mount " $5}' /proc/self/mountinfo
    ls -d /sys/fs/cgroup/*/pscn-bed-* /sys/fs/cgroup/pscn-bed-* 2>/dev/null | sed 's/^/cgroup /'
  } | sort
}

before=$(snapshot)
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
passed=0 failed=0 skipped=0

count() { # adds one runner's "passed failed skipped" to the totals
  passed=$((passed + $1)); failed=$((failed + $2)); skipped=$((skipped + $3))
}

layer_unavailable() { # a layer (or part of one) that cannot run: a failure under CI, a counted skip elsewhere
  if [ "${CI:-}" = true ]; then
    echo "FAILED: $1 cannot run under CI: $2"
    count 0 1 0
  else
    echo "SKIPPED: $1: $2"
    count 0 0 1
  fi
}

# The Docker tests skip themselves, each saying why, where no engine answers; here that is said once and counted.
docker_reason=$(pscn_docker_unavailable)
if [ -n "$docker_reason" ]; then layer_unavailable "the Docker tests (xunit and Pester)" "$docker_reason"; fi

# The across-hosts tests share one test bed of two more engines (tests/engines.sh), removed again before the leak check.
if [ -z "$docker_reason" ]; then
  if engines_output=$(tests/engines.sh up 2 2>&1); then
    export PSCN_ENGINES=${engines_output##*PSCN_ENGINES=}
    echo "Test engines: $PSCN_ENGINES"
  else
    tests/engines.sh down >/dev/null 2>&1
    layer_unavailable "the across-hosts tests" "the test engines could not be started: $engines_output"
  fi
fi
trap 'tests/engines.sh down >/dev/null 2>&1; rm -rf "$results"' EXIT

if ! dotnet build PSContainerNet.sln -c Release -nologo -v quiet; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test PSContainerNet.sln -c Release --no-build -nologo --logger "console;verbosity=detailed" \
  --logger trx --results-directory "$results/trx" 2>&1 | tee "$results/xunit.txt"
# One TRX file per test assembly; its Counters element has the totals (skipped = total - executed).
trx_files=("$results"/trx/*.trx)
if [ ! -e "${trx_files[0]}" ]; then
  echo "xunit produced no results: counting the run as failed."
  count 0 1 0
fi
for trx in "${trx_files[@]}"; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  attr() { echo "$counters" | sed -n -E "s/.* $1=\"([0-9]+)\".*/\1/p"; }
  count "$(attr passed)" "$(( $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted) ))" "$(( $(attr total) - $(attr executed) ))"
done

if pscn_get_pwsh && pscn_get_pester; then
  echo "Pester suite under $PWSH"
  "$PWSH" -NoProfile -NonInteractive -Command '
    Import-Module Pester -MinimumVersion 5.0 -MaximumVersion 5.99 -ErrorAction Stop
    $config = New-PesterConfiguration
    $config.Run.Path = "tests/Pester"
    $config.Run.PassThru = $true
    $config.Output.Verbosity = "Detailed"
    $result = Invoke-Pester -Configuration $config
    # Repeated at the end, where a log cut to its tail still shows them.
    foreach ($failure in @($result.Failed) + @($result.FailedBlocks) + @($result.FailedContainers)) {
        $name = if ($failure.ExpandedPath) { $failure.ExpandedPath } elseif ($failure.Path) { $failure.Path -join "." } else { "$($failure.Item)" }
        "FAILED: $name"
        foreach ($record in $failure.ErrorRecord) { "  " + ((("$record" -split "`n") | Select-Object -First 6) -join "`n  ") }
    }
    "PESTER-TOTALS $($result.PassedCount) $($result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount) $($result.SkippedCount)"
  ' 2>&1 | tee "$results/pester.txt"
  read -r p f s < <(sed -n -E 's/^PESTER-TOTALS ([0-9]+) ([0-9]+) ([0-9]+)$/\1 \2 \3/p' "$results/pester.txt")
  if [ -n "${p:-}" ]; then count "$p" "$f" "$s"; else echo "Pester did not finish: counting it as failed."; count 0 1 0; fi
else
  layer_unavailable "the Pester suite" "no pwsh 7.4+ with Pester 5 could be had (said above)"
fi

# The leak check: anything the suites made and did not remove fails the run.
if [ -n "${PSCN_ENGINES:-}" ] && ! tests/engines.sh down; then echo "The test engines could not be removed."; count 0 1 0; fi
leaks=$(comm -13 <(echo "$before") <(snapshot))
if [ -n "$leaks" ]; then
  echo "Leak check FAILED; the tests left behind:"
  echo "$leaks" | sed 's/^/  /'
  count 0 1 0
else
  echo "Leak check passed: no namespace, link, nftables table, lab journal, container, Docker network or engine left behind."
  count 1 0 0
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
