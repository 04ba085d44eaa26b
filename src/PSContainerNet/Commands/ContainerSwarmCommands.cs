using System.Management.Automation;
using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Commands;

/// <summary>Get-ContainerSwarm: docker info's swarm part, and docker swarm inspect on a manager (with the join tokens).</summary>
[Cmdlet(VerbsCommon.Get, "ContainerSwarm")]
[OutputType(typeof(ContainerSwarm))]
public sealed class GetContainerSwarmCommand : DockerCmdlet
{
    protected override void ProcessRecord() => TryDocker(() => WriteObject(SwarmService.Get(Docker)), DockerHost);
}

/// <summary>What starting and joining a swarm share: where the node listens and where its VXLAN traffic leaves from.</summary>
public abstract class SwarmMembershipCmdlet : DockerCmdlet
{
    /// <summary>Where the node listens for swarm traffic (0.0.0.0:2377).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string ListenAddress { get; set; } = "0.0.0.0:2377";

    /// <summary>The address the VXLAN data path uses, when it is not the advertise address.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DataPathAddress { get; set; }
}

/// <summary>Initialize-ContainerSwarm: docker swarm init.</summary>
[Cmdlet(VerbsData.Initialize, "ContainerSwarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ContainerSwarm))]
public sealed class InitializeContainerSwarmCommand : SwarmMembershipCmdlet
{
    /// <summary>The address other nodes reach this manager at (an address of the engine's host, or a link name).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? AdvertiseAddress { get; set; }

    /// <summary>The UDP port of the VXLAN data path (4789).</summary>
    [Parameter]
    [ValidateRange(1024, 49151)]
    public int? DataPathPort { get; set; }

    /// <summary>Pools overlay subnets are taken from (10.0.0.0/8).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] DefaultAddressPool { get; set; } = [];

    /// <summary>The prefix length of each overlay subnet taken from the pools (24).</summary>
    [Parameter]
    [ValidateRange(2, 29)]
    public int? SubnetSize { get; set; }

    /// <summary>Makes a new one-manager swarm from this manager's state (after losing the others).</summary>
    [Parameter]
    public SwitchParameter ForceNewCluster { get; set; }

    protected override void ProcessRecord() => TryDocker(() =>
    {
        if (ShouldProcess(Docker.Endpoint.ToString(), $"Initialize a swarm{(AdvertiseAddress is null ? string.Empty : " advertised at " + AdvertiseAddress)}"))
        {
            WriteObject(SwarmService.Initialize(Docker, new SwarmInitSpec
            {
                ListenAddress = ListenAddress,
                AdvertiseAddress = AdvertiseAddress,
                DataPathAddress = DataPathAddress,
                DataPathPort = DataPathPort,
                DefaultAddressPools = DefaultAddressPool,
                SubnetSize = SubnetSize,
                ForceNewCluster = ForceNewCluster,
            }));
        }
    }, DockerHost);
}

/// <summary>
/// Join-ContainerSwarm: docker swarm join. The engine that joins is the one -DockerHost names on the command line
/// (or the default one); a manager's swarm object piped in brings only its addresses and the right token.
/// </summary>
[Cmdlet(VerbsCommon.Join, "ContainerSwarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Swarm")]
[OutputType(typeof(ContainerSwarm))]
public sealed class JoinContainerSwarmCommand : SwarmMembershipCmdlet
{
    private string? _joiningHost;

    /// <summary>A manager's swarm, from Get-ContainerSwarm or Initialize-ContainerSwarm.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "Swarm")]
    public ContainerSwarm? Swarm { get; set; }

    /// <summary>Managers' addresses, host or host:port (2377).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Address")]
    [ValidateNotNullOrEmpty]
    public string[] RemoteAddress { get; set; } = [];

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = "Address")]
    [ValidateNotNullOrEmpty]
    public string Token { get; set; } = string.Empty;

    /// <summary>Join as a manager (the swarm's manager token) rather than a worker.</summary>
    [Parameter(ParameterSetName = "Swarm")]
    public SwitchParameter AsManager { get; set; }

    /// <summary>The address the other nodes reach this one at (an address or a link name); the engine picks one otherwise.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AdvertiseAddress { get; set; }

    /// <summary>Writes the swarm as the joined engine sees it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    // Only what the command line says: a piped swarm object's DockerHost is the manager's, not the joining engine's.
    protected override void BeginProcessing() => _joiningHost = DockerHost;

    protected override void ProcessRecord()
    {
        DockerHost = _joiningHost;
        TryDocker(() =>
        {
            var (managers, token) = Swarm is null ? (RemoteAddress, Token) : FromSwarm(Swarm);
            var spec = new SwarmJoinSpec
            {
                ManagerAddresses = managers.Select(SwarmService.WithManagementPort).ToList(),
                Token = token,
                ListenAddress = ListenAddress,
                AdvertiseAddress = AdvertiseAddress,
                DataPathAddress = DataPathAddress,
            };
            if (ShouldProcess(Docker.Endpoint.ToString(), $"Join the swarm at {string.Join(", ", spec.ManagerAddresses)} as a {(AsManager ? "manager" : "worker")}"))
            {
                SwarmService.Join(Docker, spec);
                if (PassThru)
                {
                    WriteObject(SwarmService.Get(Docker));
                }
            }
        }, Swarm ?? (object?)RemoteAddress);
    }

    private (IReadOnlyList<string> Managers, string Token) FromSwarm(ContainerSwarm swarm)
    {
        string? token = AsManager ? swarm.ManagerToken : swarm.WorkerToken;
        if (token is null || swarm.ManagerAddresses.Count == 0)
        {
            throw new Engine.EngineException(Engine.EngineErrorKind.InvalidArgument,
                $"the swarm object from {swarm.DockerHost} has no {(AsManager ? "manager" : "worker")} token or manager address: pipe a manager's Get-ContainerSwarm", swarm);
        }

        return (swarm.ManagerAddresses, token);
    }
}

/// <summary>Exit-ContainerSwarm: docker swarm leave.</summary>
[Cmdlet(VerbsCommon.Exit, "ContainerSwarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class ExitContainerSwarmCommand : DockerCmdlet
{
    /// <summary>Leave even as a manager (the last manager takes the swarm's state with it).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => TryDocker(() =>
    {
        if (ShouldProcess(Docker.Endpoint.ToString(), "Leave the swarm" + (Force ? " (forced)" : string.Empty)))
        {
            SwarmService.Leave(Docker, Force);
            if (SwarmService.GossipPortProblem(Docker) is string problem)
            {
                WriteWarning(problem);
            }
        }
    }, DockerHost);
}
