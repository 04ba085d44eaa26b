using System.Collections;
using System.Text.RegularExpressions;

namespace PSContainerNet.Engine.Labs;

/// <summary>
/// A lab as declared: a PowerShell data file (.psd1) or hashtable (plain .NET values: dictionaries, lists, strings,
/// numbers, booleans), checked whole before anything is made.
/// Keys: Name; Nodes (name = @{ Forwarding; Sysctl }); Bridges (@{ Node; Name; Address; Stp }); Links (veth: @{ Node; Name;
/// Address; Bridge } into a bridge, or @{ Node; Name; Address; Peer; PeerName; PeerAddress } between nodes; @{ Kind = 'macvlan';
/// Node; Name; Parent; ParentNode; Mode; Address }; @{ Kind = 'vxlan'; Node; Name; Vni; Remote; Local; Device; Port; Address });
/// Routes (@{ Node; Destination; Gateway; Interface; Metric }); Nat (@{ Node; Action = Masquerade|Snat|Dnat; ... });
/// Networks (@{ Name; Driver = bridge|macvlan|overlay; Subnet; Gateway; IPRange; Internal; Host; Parent; VxlanId });
/// Containers (@{ Name; Image; Command; Network; IPAddress; Alias; Publish; Connect; Host }); Hosts (@{ NAME = DockerHost });
/// Swarm (@{ Manager; AdvertiseAddress; Workers }).
/// </summary>
public sealed partial class LabDefinition
{
    public required string Name { get; init; }

    public required IReadOnlyList<LabNodeSpec> Nodes { get; init; }

    public IReadOnlyList<LabBridgeSpec> Bridges { get; init; } = [];

    public IReadOnlyList<LabLinkSpec> Links { get; init; } = [];

    public IReadOnlyList<LabMacvlanSpec> Macvlans { get; init; } = [];

    public IReadOnlyList<LabVxlanSpec> Vxlans { get; init; } = [];

    public IReadOnlyList<LabRouteSpec> Routes { get; init; } = [];

    public IReadOnlyList<LabNatSpec> Nat { get; init; } = [];

    public IReadOnlyList<LabNetworkSpec> Networks { get; init; } = [];

    public IReadOnlyList<LabContainerSpec> Containers { get; init; } = [];

    /// <summary>The lab's Docker engines by name (empty: one engine, the default or New-NetLab's -DockerHost).</summary>
    public IReadOnlyList<LabHostSpec> Hosts { get; init; } = [];

    /// <summary>The swarm the lab forms across its Hosts, or null.</summary>
    public LabSwarmSpec? Swarm { get; init; }

    /// <summary>The Docker name of a lab network or container.</summary>
    public string DockerName(string name) => $"{Name}-{name}";

    /// <summary>The namespace a node of a lab lives in.</summary>
    public static string NamespaceOf(string lab, string node) => $"{lab}-{node}";

    public string NamespaceOf(string node) => NamespaceOf(Name, node);

    /// <summary>Reads a definition; every mistake found is reported at once, naming where it is.</summary>
    public static LabDefinition Parse(IDictionary definition) => new LabDefinitionParser(definition).Parse();

    /// <summary>Whether <paramref name="name"/> can name a lab (lower-case letters, digits and '-'): no other name has a lab.</summary>
    public static bool IsLabName(string name) => LabName().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex LabName();
}
