# Shared set-up for every Pester file: import the built module, and give the file its own namespace
# prefix so that nothing it makes can collide with (or clean up) anything else.
$ModuleManifest = Join-Path $PSScriptRoot '../../out/PSContainerNet/PSContainerNet.psd1'
if (-not (Test-Path $ModuleManifest)) {
    throw "Build the module first (./build.ps1 Build, or dotnet build src/PSContainerNet): $ModuleManifest is missing."
}
Import-Module $ModuleManifest -Force -ErrorAction Stop

$script:TestPrefix = 'pscnp-' + [guid]::NewGuid().ToString('N').Substring(0, 6) + '-'

# Creates a namespace named with this file's prefix and returns its name.
function New-TestNamespace([string] $Suffix) {
    $name = $script:TestPrefix + $Suffix
    $null = New-NetNamespace -Name $name -ErrorAction Stop
    $name
}

# Removes every namespace this file made; used in AfterAll, so it runs when tests fail too.
function Remove-TestNamespaces {
    Get-NetNamespace -Name "$script:TestPrefix*" | Remove-NetNamespace -Force -Confirm:$false
    # The journals and locks of labs named with the prefix (a lab removed whole takes its own along).
    Remove-Item "/run/pscontainernet/labs/$script:TestPrefix*" -ErrorAction SilentlyContinue
}

# iproute2 as an independent oracle; fails loudly when ip does.
function Invoke-Ip([string[]] $Arguments) {
    $output = & ip @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "ip $($Arguments -join ' ') failed: $output" }
    $output
}

# `ip -j -d link show dev NAME` in a namespace, as an object.
function Get-IpLink([string] $Name, [string] $Namespace) {
    (Invoke-Ip @('-n', $Namespace, '-j', '-d', 'link', 'show', 'dev', $Name) | ConvertFrom-Json)[0]
}

# How to start a child pwsh however this one was installed: its own binary, or dotnet running pwsh.dll for
# PowerShell's dotnet tool (whose process is dotnet). Arguments go before pwsh's own.
function Get-PwshCommand {
    $self = [Environment]::ProcessPath
    $arguments = if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { , (Join-Path $PSHOME 'pwsh.dll') } else { @() }
    [pscustomobject]@{ FilePath = $self; Arguments = [string[]] $arguments }
}

# Runs a script in a child pwsh with the module imported and no capabilities at all (setpriv empties the bounding
# set, so even uid 0 has none, as a non-root user): what an unprivileged caller sees. Returns its output as text.
function Invoke-Unprivileged([string] $Script) {
    $pwsh = Get-PwshCommand
    $module = (Get-Module PSContainerNet).Path
    $output = & setpriv --bounding-set=-all --inh-caps=-all --ambient-caps=-all -- $pwsh.FilePath $pwsh.Arguments -NoProfile -NonInteractive `
        -Command "Import-Module '$module'; $Script" 2>&1
    ($output | Out-String)
}

# Skips the current test with the kernel's own words when it lacks a feature (vlan, dummy, ipvlan here).
function Skip-IfKernelLacks($ErrorRecords) {
    $missing = @($ErrorRecords) | Where-Object { $_.CategoryInfo.Category -eq 'NotImplemented' } | Select-Object -First 1
    if ($missing) {
        Set-ItResult -Skipped -Because $missing.Exception.Message
        return $true
    }
    $false
}

# Joins two test namespaces with a veth pair (links a-b and b-a), addresses both ends and brings them
# and both loopbacks up. Traffic between them never leaves the namespaces the test made.
function Connect-TestNamespaces([string] $A, [string] $ACidr, [string] $B, [string] $BCidr) {
    $null = New-VethPair 'a-b' 'b-a' -Namespace $A -PeerNamespace $B -Up
    $null = New-NetIPAddress $ACidr -InterfaceAlias 'a-b' -Namespace $A -SkipDuplicateAddressDetection
    $null = New-NetIPAddress $BCidr -InterfaceAlias 'b-a' -Namespace $B -SkipDuplicateAddressDetection
    Set-NetLink lo -Namespace $A -Up
    Set-NetLink lo -Namespace $B -Up
}

# A TCP listener inside a test namespace, through the engine's own API (the socket is created in there).
function New-TestListener([string] $Namespace, [int] $Port) {
    $listener = [PSContainerNet.Engine.Diagnostics.NamespaceSocket]::Open(
        [PSContainerNet.Engine.Namespaces.NamespaceHandle]::Resolve($Namespace), 'InterNetwork', 'Stream', 'Tcp')
    $listener.Bind([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Any, $Port))
    $listener.Listen()
    $listener
}

# The NAT topology: wan (10.200.0.2, no route to the lab) -- wan0 [host: br0 172.30.0.1/24] -- box1 (172.30.0.2).
function New-TestNatTopology {
    $topology = @{ Host = New-TestNamespace 'host'; Wan = New-TestNamespace 'wan'; Box1 = New-TestNamespace 'box1' }
    $null = New-VethPair wan0 eth0 -Namespace $topology.Host -PeerNamespace $topology.Wan -Up
    $null = New-NetIPAddress 10.200.0.1/24 -InterfaceAlias wan0 -Namespace $topology.Host
    $null = New-NetIPAddress 10.200.0.2/24 -InterfaceAlias eth0 -Namespace $topology.Wan
    Set-NetLink lo -Namespace $topology.Wan -Up
    $null = New-NetBridge br0 -Namespace $topology.Host -Up
    $null = New-NetIPAddress 172.30.0.1/24 -InterfaceAlias br0 -Namespace $topology.Host
    New-VethPair h-box1 eth0 -Namespace $topology.Host -PeerNamespace $topology.Box1 -Up |
        Where-Object Name -eq h-box1 | Set-NetLink -Master br0
    Set-NetLink lo -Namespace $topology.Box1 -Up
    $null = New-NetIPAddress 172.30.0.2/24 -InterfaceAlias eth0 -Namespace $topology.Box1
    $null = New-NetRoute default 172.30.0.1 -Namespace $topology.Box1
    $topology
}

# --- Docker ---------------------------------------------------------------------------------------
# The image .ci/run makes with tests/make-docker-image.sh; PSCN_TEST_IMAGE names another.
$script:DockerImage = if ($env:PSCN_TEST_IMAGE) { $env:PSCN_TEST_IMAGE } else { 'pscn-busybox:latest' }
# Short on purpose: link names made from it (a macvlan parent) must fit in 15 bytes.
$script:DockerPrefix = 'pscnp' + [guid]::NewGuid().ToString('N').Substring(0, 5)

# Why the Docker tests cannot run here (also said as a warning), or $null when they can. Call it in BeforeDiscovery for -Skip.
function Get-DockerSkipReason {
    $reason = try {
        $null = Get-ContainerNetwork -Name bridge -ErrorAction Stop
        if (-not (Get-Command docker -ErrorAction SilentlyContinue)) { 'no docker CLI (the tests use it as an oracle)' }
        else {
            docker image inspect $script:DockerImage *> $null
            if ($LASTEXITCODE -ne 0) { "the test image $script:DockerImage is missing; tests/make-docker-image.sh makes it" }
        }
    }
    catch {
        "no Docker engine: $($_.Exception.Message)"
    }
    if ($reason) { Write-Warning "Docker tests skipped: $reason" }
    $reason
}

# A started container named with this file's prefix; sleeps unless given a command. Errors stop the test
# unless the caller passes -ErrorAction to look at them.
function New-TestContainer {
    [CmdletBinding()]
    param([string] $Suffix, [string] $Network, [string] $IPAddress, [string[]] $Command = @('sleep', '600'), [string[]] $Publish = @())
    $splat = @{ Name = $script:DockerPrefix + $Suffix }
    if (-not $PSBoundParameters.ContainsKey('ErrorAction')) { $splat.ErrorAction = 'Stop' }
    if ($Network) { $splat.Network = $Network }
    if ($IPAddress) { $splat.IPAddress = $IPAddress }
    if ($Publish) { $splat.Publish = $Publish }
    New-Container $script:DockerImage @Command @splat
}

# A bridge network named with this file's prefix; errors stop the test unless the caller passes -ErrorAction.
function New-TestContainerNetwork {
    [CmdletBinding()]
    param([string] $Suffix, [string] $Subnet, [string] $Gateway)
    $splat = @{ Subnet = $Subnet }
    if (-not $PSBoundParameters.ContainsKey('ErrorAction')) { $splat.ErrorAction = 'Stop' }
    if ($Gateway) { $splat.Gateway = $Gateway }
    New-ContainerNetwork ($script:DockerPrefix + $Suffix) @splat
}

# Removes every container, network, root-namespace link and namespace name this file made with the Docker
# prefix; used in AfterAll, so it runs when tests fail too.
function Remove-TestDocker {
    Get-Container "$script:DockerPrefix*" -All -ErrorAction SilentlyContinue | Remove-Container -Force -Confirm:$false
    Get-ContainerNetwork "$script:DockerPrefix*" -ErrorAction SilentlyContinue | Remove-ContainerNetwork -Confirm:$false
    Get-NetLink "$script:DockerPrefix*" -ErrorAction SilentlyContinue | Remove-NetLink -Confirm:$false -ErrorAction SilentlyContinue
    Get-NetNamespace -Name "$script:DockerPrefix*" | Remove-NetNamespace -Force -Confirm:$false
}

# --- Labs -----------------------------------------------------------------------------------------
# An examples/labs definition renamed under this file's prefix (so Remove-TestNamespaces removes its namespaces
# whatever happens), with the test image for its containers.
function Get-TestLabDefinition([string] $File, [string] $Suffix) {
    $definition = Import-PowerShellDataFile (Join-Path $PSScriptRoot "../../examples/labs/$File")
    $definition.Name = ($script:TestPrefix + $(if ($Suffix) { $Suffix } else { $definition.Name })).ToLowerInvariant()
    foreach ($container in @($definition.Containers)) { if ($container) { $container.Image = $script:DockerImage } }
    $definition
}

# Builds an examples/labs definition under this file's prefix and returns the lab's name.
function New-TestLab([string] $File, [string] $Suffix) {
    (New-NetLab -Definition (Get-TestLabDefinition $File $Suffix) -ErrorAction Stop).Name
}

# A .psd1 of a star lab (a hub node with a bridge, COUNT nodes on it) named with this file's prefix, for builds in a
# child process. Returns the lab's name and the file's path.
function New-TestStarLabFile([string] $Suffix, [int] $Count) {
    $name = ($script:TestPrefix + $Suffix).ToLowerInvariant()
    $nodes = (@("hub = @{}") + (1..$Count | ForEach-Object { "n$_ = @{}" })) -join '; '
    $links = (1..$Count | ForEach-Object { "@{ Node = 'n$_'; Name = 'eth0'; Bridge = 'br0'; Address = '10.231.$([math]::Floor($_ / 250)).$($_ % 250 + 2)/16' }" }) -join ",`n"
    $file = Join-Path ([IO.Path]::GetTempPath()) "$name.psd1"
    Set-Content $file "@{`n Name = '$name'`n Nodes = @{ $nodes }`n Bridges = @{ Node = 'hub'; Name = 'br0'; Address = '10.231.0.1/16' }`n Links = @(`n$links`n)`n}"
    [pscustomobject]@{ Name = $name; Path = $file }
}

# Namespaces whose names start with NAME- (a lab's, marked or not).
function Get-TestLabNamespaces([string] $Name) {
    @(Get-NetNamespace -Name "$Name-*")
}


# Runs $Script and returns every netlink message the module wrote meanwhile, byte for byte, whether or not the
# kernel took it (requests for features this kernel lacks are checked this way).
function Get-NetlinkWrites([scriptblock] $Script) {
    $writes = [System.Collections.Generic.List[byte[]]]::new()
    $capture = [PSContainerNet.Engine.Netlink.NetlinkTrace]::Capture([Action[byte[]]] { param($bytes) $writes.Add($bytes) })
    try { $null = & $Script } finally { $capture.Dispose() }
    , $writes
}

# --- Several engines (tests/engines.sh) -----------------------------------------------------------
# tests/run.sh starts the across-hosts test bed once for the whole suite and names its engines in PSCN_ENGINES
# ("h1=unix:///...;h2=..."); a file run on its own starts the bed itself and Stop-TestEngines removes it again.
$script:EnginesScript = Join-Path $PSScriptRoot '../engines.sh'

# The bed's engines as @{ h1 = 'unix:///...'; h2 = ... }; throws (failing the file's tests) when they cannot be had.
# Call it in BeforeAll of a Describe that Get-DockerSkipReason did not skip.
function Use-TestEngines {
    if (-not $env:PSCN_ENGINES) {
        $output = & $script:EnginesScript up 2 2>&1
        if ($LASTEXITCODE -ne 0) {
            & $script:EnginesScript down 2>&1 | Out-Null
            throw "the test engines could not be started: $($output -join ' ')"
        }
        $env:PSCN_ENGINES = ($output | Where-Object { $_ -like 'PSCN_ENGINES=*' }) -replace '^PSCN_ENGINES=', ''
        $script:StartedEngines = $true
    }
    $engines = [ordered]@{}
    foreach ($pair in $env:PSCN_ENGINES -split ';') { $name, $host_ = $pair -split '=', 2; $engines[$name] = $host_ }
    Repair-TestEngines $engines
    $engines
}

# Leaves every swarm and removes every container and network named with the Docker prefix on each engine of the
# bed; stops the bed when this file started it. Used in AfterAll, so it runs when tests fail too.
function Stop-TestEngines($Engines) {
    if ($Engines -is [System.Collections.IDictionary]) {
        foreach ($dockerHost in $Engines.Values) {
            Get-Container "$script:DockerPrefix*" -All -DockerHost $dockerHost -ErrorAction SilentlyContinue | Remove-Container -Force -Confirm:$false
            Get-ContainerNetwork "$script:DockerPrefix*" -DockerHost $dockerHost -ErrorAction SilentlyContinue | Remove-ContainerNetwork -Confirm:$false -ErrorAction SilentlyContinue
        }
        Exit-TestSwarm $Engines
    }
    if ($script:StartedEngines) {
        & $script:EnginesScript down 2>&1 | Out-Null
        Remove-Item Env:PSCN_ENGINES
        $script:StartedEngines = $false
    }
}

# Leaves the swarm on every engine of the bed (those in none are passed over); the bed itself stays.
function Exit-TestSwarm($Engines) {
    # Workers first: a worker leaving a swarm whose manager is gone waits for it in vain.
    foreach ($dockerHost in @($Engines.Values)[($Engines.Count - 1)..0]) {
        Exit-ContainerSwarm -Force -DockerHost $dockerHost -Confirm:$false -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    }
    Repair-TestEngines $Engines
}

# Docker 20.10 sometimes keeps the gossip port of a swarm it left (moby/moby#31913); such an engine carries no overlay
# traffic in any later swarm (and Initialize-/Join-ContainerSwarm refuse it), so it is restarted before the next one.
function Repair-TestEngines($Engines) {
    foreach ($name in @($Engines.Keys)) {
        $swarm = docker -H $Engines[$name] info --format '{{.Swarm.LocalNodeState}}' 2>$null
        if ($swarm -eq 'inactive' -and (ip netns exec "pscn-bed-$name" ss -Hltn 'sport = :7946')) {
            Write-Host "The test engine $name kept its swarm gossip port after leaving: restarting it."
            & $script:EnginesScript restart $name 2>&1 | Out-Null
        }
    }
}

# A swarm of the bed's engines: the first one the manager, the others workers. Returns the manager's swarm.
function New-TestSwarm($Engines) {
    Repair-TestEngines $Engines
    $hosts = @($Engines.Values)
    $swarm = Initialize-ContainerSwarm -DockerHost $hosts[0] -AdvertiseAddress 10.77.0.1 -Confirm:$false -ErrorAction Stop
    foreach ($dockerHost in $hosts[1..($hosts.Count - 1)]) {
        $swarm | Join-ContainerSwarm -DockerHost $dockerHost -Confirm:$false -ErrorAction Stop
    }
    $swarm
}
