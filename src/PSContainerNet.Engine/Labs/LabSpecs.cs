using System.Net;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Nftables;
using PSContainerNet.Engine.TrafficControl;

namespace PSContainerNet.Engine.Labs;

/// <summary>A node: a namespace named LAB-NODE, with its net.* settings.</summary>
public sealed record LabNodeSpec(string Name, IReadOnlyDictionary<string, string> Sysctls);

/// <summary>A bridge inside a node, with its addresses.</summary>
public sealed record LabBridgeSpec(string Node, string Name, IReadOnlyList<IPPrefix> Addresses, bool Stp);

/// <summary>
/// A veth pair: from Node (link Name) to PeerNode (PeerName), or into a bridge (the peer end becomes its port in
/// the bridge's node). Addresses go on either end; Impair and PeerImpair impair each end's egress (Set-NetLinkImpairment).
/// </summary>
public sealed record LabLinkSpec(
    string Node, string Name, IReadOnlyList<IPPrefix> Addresses, string PeerNode, string PeerName, IReadOnlyList<IPPrefix> PeerAddresses, string? Bridge,
    ImpairmentSpec? Impair = null, ImpairmentSpec? PeerImpair = null);

/// <summary>A macvlan in a node, on a parent link of ParentNode (made there, then moved in under its name).</summary>
public sealed record LabMacvlanSpec(string Node, string Name, string ParentNode, string Parent, MacvlanMode Mode, IReadOnlyList<IPPrefix> Addresses);

/// <summary>A VXLAN endpoint in a node, over one of its links.</summary>
public sealed record LabVxlanSpec(string Node, string Name, VxlanOptions Options, IReadOnlyList<IPPrefix> Addresses);

/// <summary>
/// A Docker network of the lab (named LAB-NAME, labelled with the lab), on the engine of Host (the default engine when
/// null): a bridge network, a macvlan one on Parent, or an attachable overlay (on a swarm manager, used by every node).
/// </summary>
public sealed record LabNetworkSpec(
    string Name, IReadOnlyList<IpamConfig> Pools, bool Internal, string Driver = "bridge", string? Host = null, string? Parent = null, int? VxlanId = null);

/// <summary>A Docker engine of the lab: Hosts = @{ NAME = DockerHost }.</summary>
public sealed record LabHostSpec(string Name, string DockerHost);

/// <summary>The swarm the lab forms: Manager initializes it (advertised at AdvertiseAddress), the Workers join it.</summary>
public sealed record LabSwarmSpec(string Manager, string? AdvertiseAddress, IReadOnlyList<string> Workers);

/// <summary>A further network a container joins after it starts.</summary>
public sealed record LabConnectSpec(string Network, string? IPAddress, IReadOnlyList<string> Aliases);

/// <summary>
/// A container node (named LAB-NAME, labelled with the lab). Network is bridge (default), host, none,
/// container:OTHER, or one of the lab's networks. Unless it shares another's namespace, its namespace is
/// named LAB-NAME too, so it is a node like any other.
/// </summary>
public sealed record LabContainerSpec(
    string Name, string Image, IReadOnlyList<string> Command, string? Network, string? IPAddress, IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Publish, IReadOnlyList<LabConnectSpec> Connect, string? Host = null)
{
    /// <summary>Whether the container gets a namespace of its own (not host's, not another container's).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool OwnNamespace => Network is not "host" && Network?.StartsWith("container:", StringComparison.Ordinal) != true;

    /// <summary>Whether the container is on the Docker network of that name, from the start or by Connect.</summary>
    public bool Uses(string network) => Network == network || Connect.Any(j => j.Network == network);
}

/// <summary>A route in a node.</summary>
public sealed record LabRouteSpec(string Node, RouteSpecText Route);

/// <summary>A route as written in a definition, parsed.</summary>
public sealed record RouteSpecText(IPPrefix Destination, IPAddress? Gateway, string? Interface, int? Metric);

/// <summary>A NAT rule in a node (the node is the router).</summary>
public sealed record LabNatSpec(string Node, NatRuleSpec Rule);
