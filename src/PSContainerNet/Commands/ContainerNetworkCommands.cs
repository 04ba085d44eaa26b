using System.Collections;
using System.Management.Automation;
using PSContainerNet.Engine;
using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Commands;

/// <summary>Get-ContainerNetwork: docker network ls + inspect, with the attached containers.</summary>
[Cmdlet(VerbsCommon.Get, "ContainerNetwork")]
[OutputType(typeof(ContainerNetwork))]
public sealed class GetContainerNetworkCommand : DockerCmdlet
{
    /// <summary>Names (wildcards allowed) or ids.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ContainerNetworkNameCompleter))]
    [ContainerNetworkTransformation]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        if (Name is null)
        {
            TryDocker(() => WriteObject(ContainerNetworkService.List(Docker), enumerateCollection: true), null);
            return;
        }

        foreach (string name in Name)
        {
            TryDocker(() => WriteObject(Wildcard.HasWildcards(name)
                ? ContainerNetworkService.List(Docker, [name])
                : [ContainerNetworkService.Get(Docker, name)], enumerateCollection: true), name);
        }
    }
}

/// <summary>What New-ContainerNetwork and New-MacvlanNetwork share: the name, IPAM pools, labels, internal.</summary>
public abstract class ContainerNetworkCreationCmdlet : DockerCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>Subnets in CIDR form; one IPAM pool each.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[] Subnet { get; set; } = [];

    /// <summary>Gateways; each goes to the subnet that contains it.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[] Gateway { get; set; } = [];

    /// <summary>Ranges (CIDR) inside a subnet that container addresses are taken from.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[] IPRange { get; set; } = [];

    /// <summary>Addresses the IPAM driver must not hand out: @{ router = '10.1.0.2' }.</summary>
    [Parameter]
    public Hashtable? AuxAddress { get; set; }

    [Parameter]
    public Hashtable? Label { get; set; }

    /// <summary>No route out: containers reach only each other.</summary>
    [Parameter]
    public SwitchParameter Internal { get; set; }

    /// <summary>The pools from -Subnet, -Gateway, -IPRange and -AuxAddress, checked before anything is sent.</summary>
    protected IReadOnlyList<IpamConfig> Pools => IpamConfig.FromFlags(Subnet, Gateway, IPRange, ToDictionary(AuxAddress));
}

/// <summary>New-ContainerNetwork: docker network create.</summary>
[Cmdlet(VerbsCommon.New, "ContainerNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ContainerNetwork))]
public sealed class NewContainerNetworkCommand : ContainerNetworkCreationCmdlet
{
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("bridge", "macvlan", "ipvlan", "overlay")]
    public string Driver { get; set; } = "bridge";

    /// <summary>Driver options: @{ parent = 'eth1' } or @{ 'com.docker.network.bridge.name' = 'lab0' }.</summary>
    [Parameter]
    public Hashtable? Option { get; set; }

    /// <summary>Standalone containers may attach (overlay networks).</summary>
    [Parameter]
    public SwitchParameter Attachable { get; set; }

    [Parameter]
    public SwitchParameter EnableIPv6 { get; set; }

    /// <summary>The VXLAN network identifiers of an overlay network, one per subnet (the swarm picks them otherwise).</summary>
    [Parameter]
    [ValidateRange(1, 16777215)]
    public int[] VxlanId { get; set; } = [];

    protected override void ProcessRecord() => TryDocker(() =>
    {
        var pools = Pools;
        var options = ToDictionary(Option);
        if (VxlanId.Length > 0)
        {
            if (Driver != "overlay")
            {
                throw new EngineException(EngineErrorKind.InvalidArgument, $"-VxlanId is for overlay networks; this one's driver is {Driver}", VxlanId);
            }

            options[ContainerNetworkService.VxlanIdsOption] = string.Join(",", VxlanId);
        }

        if (ShouldProcess($"{Name} on {Docker.Endpoint}", $"Create {Driver} network{(Subnet.Length == 0 ? string.Empty : " " + string.Join(", ", Subnet))}"))
        {
            WriteObject(ContainerNetworkService.Create(Docker, new ContainerNetworkSpec
            {
                Name = Name,
                Driver = Driver,
                Pools = pools,
                Options = options,
                Labels = ToDictionary(Label),
                Internal = Internal,
                Attachable = Attachable,
                EnableIPv6 = EnableIPv6,
            }));
        }
    }, Name);
}

/// <summary>Remove-ContainerNetwork: docker network rm, or docker network prune with -Unused.</summary>
[Cmdlet(VerbsCommon.Remove, "ContainerNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Network")]
[OutputType(typeof(void))]
[OutputType(typeof(string), ParameterSetName = ["Unused"])]
public sealed class RemoveContainerNetworkCommand : DockerCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Network")]
    [Alias("Name")]
    [ArgumentCompleter(typeof(ContainerNetworkNameCompleter))]
    [ContainerNetworkTransformation]
    [ValidateNotNullOrEmpty]
    public string[] Network { get; set; } = [];

    /// <summary>Removes every network no container uses (docker network prune) and writes their names.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Unused")]
    public SwitchParameter Unused { get; set; }

    /// <summary>With -Unused: only networks carrying these labels (@{ lab = 'demo' }; an empty value matches any).</summary>
    [Parameter(ParameterSetName = "Unused")]
    public Hashtable? Label { get; set; }

    protected override void ProcessRecord()
    {
        if (Unused)
        {
            TryDocker(() =>
            {
                if (ShouldProcess(Docker.Endpoint.Host, "Remove every network no container uses" + (Label is null ? string.Empty : " with the labels given")))
                {
                    WriteObject(ContainerNetworkService.Prune(Docker, ToDictionary(Label)), enumerateCollection: true);
                }
            }, null);
            return;
        }

        ForEachWithProgress(Network, "Remove container networks", network => TryDocker(() =>
        {
            if (ShouldProcess($"{network} on {Docker.Endpoint}", "Remove container network"))
            {
                ContainerNetworkService.Remove(Docker, network);
            }
        }, network));
    }
}

/// <summary>The -Network/-Container pair Connect- and Disconnect-ContainerNetwork share, bound from piped objects.</summary>
public abstract class ContainerAttachmentCmdlet : DockerCmdlet
{
    /// <summary>A network name, id or object.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ContainerNetworkNameCompleter))]
    [ContainerNetworkTransformation]
    [ValidateNotNullOrEmpty]
    public string Network { get; set; } = string.Empty;

    /// <summary>Container names, ids or objects.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ContainerName")]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    [ContainerTransformation]
    [ValidateNotNullOrEmpty]
    public string[] Container { get; set; } = [];

    /// <summary>Writes each container as it is afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Runs the attach or detach for each container, then writes it when -PassThru asks.</summary>
    protected void ForEachContainer(string action, Action<DockerClient, string> change) =>
        ForEachWithProgress(Container, $"{action} network {Network}", container => TryDocker(() =>
        {
            if (ShouldProcess($"{container} on {Docker.Endpoint}", $"{action} network {Network}"))
            {
                change(Docker, container);
                if (PassThru)
                {
                    WriteObject(ContainerService.Get(Docker, container));
                }
            }
        }, container));
}

/// <summary>Connect-ContainerNetwork: docker network connect [--ip] [--ip6] [--alias].</summary>
[Cmdlet(VerbsCommunications.Connect, "ContainerNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(Container))]
public sealed class ConnectContainerNetworkCommand : ContainerAttachmentCmdlet
{
    /// <summary>A static IPv4 address on that network (user-defined networks only).</summary>
    [Parameter]
    public string? IPAddress { get; set; }

    [Parameter]
    public string? IPv6Address { get; set; }

    /// <summary>Extra DNS names for the container on that network.</summary>
    [Parameter]
    public string[] Alias { get; set; } = [];

    /// <summary>A fixed MAC address on that network (Docker API 1.44 or later).</summary>
    [Parameter]
    public string? MacAddress { get; set; }

    protected override void ProcessRecord()
    {
        if (Container.Length > 1 && (IPAddress is not null || IPv6Address is not null || MacAddress is not null))
        {
            ThrowUsageError("a fixed address or MAC belongs to one container; connect the others in another call", "AddressForSeveralContainers", Container);
        }

        var endpoint = new EndpointSpec { IPv4Address = IPAddress, IPv6Address = IPv6Address, Aliases = Alias, MacAddress = MacAddress };
        ForEachContainer("Connect to", (docker, container) => ContainerNetworkService.Connect(docker, Network, container, endpoint));
    }
}

/// <summary>Disconnect-ContainerNetwork: docker network disconnect [-f].</summary>
[Cmdlet(VerbsCommunications.Disconnect, "ContainerNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Container))]
public sealed class DisconnectContainerNetworkCommand : ContainerAttachmentCmdlet
{
    /// <summary>Disconnects even when the container is gone or the engine's state is inconsistent.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() =>
        ForEachContainer("Disconnect from", (docker, container) => ContainerNetworkService.Disconnect(docker, Network, container, Force));
}
