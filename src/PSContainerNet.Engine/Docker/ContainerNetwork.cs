using PSContainerNet.Engine.Addresses;

namespace PSContainerNet.Engine.Docker;

/// <summary>A Docker network (docker network inspect), with the containers attached to it.</summary>
public sealed class ContainerNetwork
{
    public required string Name { get; init; }

    public required string Id { get; init; }

    /// <summary>The first 12 characters of the id, as `docker network ls` shows it.</summary>
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;

    public string? Driver { get; init; }

    public string? Scope { get; init; }

    public DateTimeOffset? Created { get; init; }

    public bool Internal { get; init; }

    public bool Attachable { get; init; }

    public bool EnableIPv6 { get; init; }

    public IReadOnlyList<IpamConfig> IpamConfigs { get; init; } = [];

    /// <summary>The first subnet (most networks have one).</summary>
    public string? Subnet => IpamConfigs.FirstOrDefault(c => c.Subnet is not null)?.Subnet;

    public string? Gateway => IpamConfigs.FirstOrDefault(c => c.Gateway is not null)?.Gateway;

    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<NetworkEndpoint> Containers { get; init; } = [];

    /// <summary>The Linux bridge of a bridge network: docker0, br-&lt;id&gt;, or the name set in its options.</summary>
    public string? BridgeName { get; init; }

    /// <summary>The parent link of a macvlan or ipvlan network (-o parent=...).</summary>
    public string? Parent => Options.TryGetValue("parent", out string? parent) ? parent : null;

    /// <summary>The VXLAN network identifiers of an overlay network, one per subnet.</summary>
    public IReadOnlyList<int> Vnis { get; init; } = [];

    /// <summary>The engines an overlay network spans, with their underlay addresses (its VXLAN tunnel ends).</summary>
    public IReadOnlyList<NetworkPeer> Peers { get; init; } = [];

    /// <summary>
    /// Where the network's links are, as a path every -Namespace takes, for an engine on this machine: the engine's
    /// own namespace for bridge, macvlan and ipvlan networks; for an overlay network the namespace holding its
    /// bridge and VXLAN link (null until a container on this engine uses it). Null for a remote engine.
    /// </summary>
    public string? Namespace { get; init; }

    /// <summary>The engine the network lives on, so piped objects go back to it.</summary>
    public required string DockerHost { get; init; }

    public override string ToString() => Name;
}

/// <summary>An engine an overlay network spans: its swarm node name and underlay address.</summary>
public sealed record NetworkPeer(string? Name, string? Address)
{
    public override string ToString() => $"{Name} ({Address})";
}

/// <summary>One IPAM pool of a network: --subnet, --gateway, --ip-range, --aux-address.</summary>
public sealed record IpamConfig(string? Subnet, string? Gateway, string? IPRange, IReadOnlyDictionary<string, string> AuxAddresses)
{
    /// <summary>
    /// Pools from docker network create's flags: one per subnet, each gateway, range and auxiliary address going
    /// to the subnet that contains it (as the docker CLI does). Everything is checked before anything is sent.
    /// </summary>
    public static IReadOnlyList<IpamConfig> FromFlags(
        IReadOnlyList<string> subnets, IReadOnlyList<string> gateways, IReadOnlyList<string> ranges, IReadOnlyDictionary<string, string> auxAddresses)
    {
        var pools = subnets.Select(s => (Text: s, Prefix: Parse(s, "subnet"))).ToList();
        foreach (var p in pools.Where(p => !p.Prefix.Address.Equals(p.Prefix.Network)))
        {
            throw Invalid($"subnet '{p.Text}' has host bits set; its network is {p.Prefix.Network}/{p.Prefix.PrefixLength}", p.Text);
        }

        for (int i = 0; i < pools.Count; i++)
        {
            for (int j = i + 1; j < pools.Count; j++)
            {
                if (pools[i].Prefix.Contains(pools[j].Prefix.Network) || pools[j].Prefix.Contains(pools[i].Prefix.Network))
                {
                    throw Invalid($"subnets '{pools[i].Text}' and '{pools[j].Text}' overlap", pools[j].Text);
                }
            }
        }

        int PoolOf(string text, string what, bool isPrefix)
        {
            IPPrefix value = Parse(text, what);
            int index = pools.FindIndex(p => p.Prefix.Contains(value.Network) && (!isPrefix || value.PrefixLength >= p.Prefix.PrefixLength));
            return index >= 0 ? index : throw Invalid(pools.Count == 0
                ? $"{what} '{text}' needs a subnet to belong to; give -Subnet too"
                : $"{what} '{text}' is in none of the subnets ({string.Join(", ", pools.Select(p => p.Text))})", text);
        }

        var gatewayOf = new string?[pools.Count];
        var rangeOf = new string?[pools.Count];
        var auxOf = pools.Select(_ => new Dictionary<string, string>()).ToList();
        foreach (string gateway in gateways)
        {
            int i = PoolOf(gateway, "gateway", isPrefix: false);
            gatewayOf[i] = gatewayOf[i] is null ? gateway : throw Invalid($"subnet '{pools[i].Text}' got two gateways ({gatewayOf[i]}, {gateway})", gateway);
        }

        foreach (string range in ranges)
        {
            int i = PoolOf(range, "IP range", isPrefix: true);
            rangeOf[i] = rangeOf[i] is null ? range : throw Invalid($"subnet '{pools[i].Text}' got two IP ranges ({rangeOf[i]}, {range})", range);
        }

        foreach (var (name, address) in auxAddresses)
        {
            auxOf[PoolOf(address, $"auxiliary address {name}", isPrefix: false)][name] = address;
        }

        return pools.Select((p, i) => new IpamConfig(p.Text, gatewayOf[i], rangeOf[i], auxOf[i])).ToList();
    }

    private static IPPrefix Parse(string text, string what)
    {
        try
        {
            return IPPrefix.Parse(text);
        }
        catch (EngineException e)
        {
            throw Invalid($"{what} '{text}': {e.Message}", text);
        }
    }

    private static EngineException Invalid(string message, string target) => new(EngineErrorKind.InvalidArgument, message, target);
}

/// <summary>
/// A container's attachment to a network (its endpoint: the veth pair or macvlan link Docker made). Piping it
/// to Disconnect-ContainerNetwork binds both the network and the container.
/// </summary>
public sealed class NetworkEndpoint
{
    /// <summary>The network's name.</summary>
    public required string Network { get; init; }

    public string? NetworkId { get; init; }

    public required string ContainerId { get; init; }

    public string? ContainerName { get; init; }

    public string? EndpointId { get; init; }

    public string? MacAddress { get; init; }

    /// <summary>Address and prefix length, as in 172.17.0.2/16.</summary>
    public string? IPv4Address { get; init; }

    public string? IPv6Address { get; init; }

    public string? Gateway { get; init; }

    public IReadOnlyList<string> Aliases { get; init; } = [];

    public required string DockerHost { get; init; }

    /// <summary>The address without its prefix length (172.17.0.2), for Test-NetPing and friends.</summary>
    public string? IPAddress => IPv4Address?.Split('/')[0];

    public override string ToString() => $"{ContainerName ?? ContainerId} on {Network}";
}
