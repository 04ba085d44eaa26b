using System.Globalization;
using System.Text.Json;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Docker;

/// <summary>What New-ContainerNetwork asks for (docker network create).</summary>
public sealed class ContainerNetworkSpec
{
    public required string Name { get; init; }

    public string Driver { get; init; } = "bridge";

    /// <summary>IPAM pools; a subnet each, with optional gateway, range and auxiliary addresses.</summary>
    public IReadOnlyList<IpamConfig> Pools { get; init; } = [];

    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public bool Internal { get; init; }

    public bool Attachable { get; init; }

    public bool EnableIPv6 { get; init; }
}

/// <summary>A macvlan (or ipvlan) network on a parent link, optionally on an 802.1Q sub-interface of it.</summary>
public sealed class MacvlanNetworkSpec
{
    public required string Name { get; init; }

    public required string Parent { get; init; }

    public int? VlanId { get; init; }

    /// <summary>bridge, private, vepa or passthru (macvlan); l2, l3 or l3s (ipvlan).</summary>
    public string? Mode { get; init; }

    public bool Ipvlan { get; init; }

    public IReadOnlyList<IpamConfig> Pools { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public bool Internal { get; init; }
}

/// <summary>How a container joins a network (docker network connect --ip --ip6 --alias).</summary>
public sealed class EndpointSpec
{
    public string? IPv4Address { get; init; }

    public string? IPv6Address { get; init; }

    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>A fixed MAC address on this network (API 1.44 or later).</summary>
    public string? MacAddress { get; init; }
}

/// <summary>docker network ls / inspect / create / rm / prune / connect / disconnect over the Engine API.</summary>
public static class ContainerNetworkService
{
    /// <summary>Label on networks whose VLAN sub-interface the module made, so removing the network removes it too.</summary>
    public const string VlanLinkLabel = "io.pscontainernet.vlan-link";

    private const string BridgeNameOption = "com.docker.network.bridge.name";

    /// <summary>The overlay driver's option naming a network's VNIs (comma-separated).</summary>
    public const string VxlanIdsOption = "com.docker.network.driver.overlay.vxlanid_list";
    private static readonly Version EndpointMacApi = new(1, 44);

    /// <summary>Networks whose name matches one of the patterns or whose id starts with one (all when none).</summary>
    public static IReadOnlyList<ContainerNetwork> List(DockerClient docker, IReadOnlyList<string>? patterns = null)
    {
        // The list omits attached containers, so each match is inspected.
        var all = docker.Get("/networks", DockerJson.Default.ListWireNetwork, null);
        int? enginePid = EngineProcess.Pid(docker.Endpoint); // asked once for the whole list
        var wildcards = patterns?.Select(p => new Wildcard(p)).ToList();
        return all
            .Where(n => patterns is null || wildcards!.Any(w => w.IsMatch(n.Name)) ||
                        patterns.Any(p => p.Length >= 3 && n.Id.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .Select(n => Get(docker, n.Id, enginePid))
            .ToList();
    }

    /// <summary>Names and drivers from one listing, without inspecting each (for tab completion).</summary>
    public static IEnumerable<(string Name, string Description)> Names(DockerClient docker) =>
        docker.Get("/networks", DockerJson.Default.ListWireNetwork, null).Select(n => (n.Name, $"{n.Name} ({n.Driver}, {n.Id[..Math.Min(12, n.Id.Length)]})"));

    /// <summary>One network by name, id or id prefix.</summary>
    public static ContainerNetwork Get(DockerClient docker, string nameOrId) => Get(docker, nameOrId, EngineProcess.Pid(docker.Endpoint));

    private static ContainerNetwork Get(DockerClient docker, string nameOrId, int? enginePid) =>
        From(docker.Get("/networks/" + DockerClient.Segment(nameOrId) + "?verbose=true", DockerJson.Default.WireNetwork, nameOrId), docker.Endpoint.Host, enginePid);

    public static ContainerNetwork Create(DockerClient docker, ContainerNetworkSpec spec)
    {
        var request = new WireNetworkCreate
        {
            Name = spec.Name,
            Driver = spec.Driver,
            Internal = spec.Internal,
            Attachable = spec.Attachable,
            EnableIPv6 = spec.EnableIPv6,
            IPAM = spec.Pools.Count == 0 ? null : new WireIpam
            {
                Driver = "default",
                Config = spec.Pools.Select(p => new WireIpamConfig
                {
                    Subnet = p.Subnet,
                    Gateway = p.Gateway,
                    IPRange = p.IPRange,
                    AuxiliaryAddresses = p.AuxAddresses.Count == 0 ? null : new Dictionary<string, string>(p.AuxAddresses),
                }).ToList(),
            },
            Options = spec.Options.Count == 0 ? null : new Dictionary<string, string>(spec.Options),
            Labels = spec.Labels.Count == 0 ? null : new Dictionary<string, string>(spec.Labels),
        };
        WireCreated created = docker.Post("/networks/create", request, DockerJson.Default.WireNetworkCreate, DockerJson.Default.WireCreated, spec.Name);
        if (!string.IsNullOrEmpty(created.Warning))
        {
            docker.Warn(created.Warning);
        }

        return Get(docker, created.Id);
    }

    /// <summary>
    /// A macvlan or ipvlan network. With a VLAN id, the parent.VID 802.1Q sub-interface is made over netlink
    /// first when it does not exist (as ens33.1 in the seeds), and removed again if the network cannot be made.
    /// For a local engine the parent is checked (and the sub-interface made) in the engine's own namespace; a
    /// remote engine checks the parent itself and makes parent.VID with its own driver.
    /// </summary>
    public static ContainerNetwork CreateMacvlan(DockerClient docker, MacvlanNetworkSpec spec)
    {
        string[] modes = spec.Ipvlan ? ["l2", "l3", "l3s"] : ["bridge", "private", "vepa", "passthru"];
        if (spec.Mode is string wanted && !modes.Contains(wanted.ToLowerInvariant()))
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"'{wanted}' is not a{(spec.Ipvlan ? "n ipvlan" : " macvlan")} mode; use {string.Join(", ", modes)}", wanted);
        }

        NamespaceHandle? engineNs = EngineProcess.Namespace(docker.Endpoint);
        if (engineNs is not null && !LinkService.Exists(engineNs, spec.Parent))
        {
            throw new EngineException(EngineErrorKind.NotFound,
                $"parent link '{spec.Parent}' does not exist in {engineNs.Description}, the engine's; Get-NetLink lists the links", spec.Parent);
        }

        string parent = spec.VlanId is int vid ? $"{spec.Parent}.{vid}" : spec.Parent;
        bool madeVlan = false;
        var labels = new Dictionary<string, string>(spec.Labels);
        if (engineNs is not null && spec.VlanId is int id && !LinkService.Exists(engineNs, parent))
        {
            LinkService.NewVlan(engineNs, parent, spec.Parent, id, VlanProtocol.Dot1Q, new LinkOptions { Up = true });
            madeVlan = true;
            labels[VlanLinkLabel] = parent;
        }

        var options = new Dictionary<string, string> { ["parent"] = parent };
        if (spec.Mode is string mode)
        {
            options[spec.Ipvlan ? "ipvlan_mode" : "macvlan_mode"] = mode.ToLowerInvariant();
        }

        try
        {
            return Create(docker, new ContainerNetworkSpec
            {
                Name = spec.Name,
                Driver = spec.Ipvlan ? "ipvlan" : "macvlan",
                Pools = spec.Pools,
                Options = options,
                Labels = labels,
                Internal = spec.Internal,
            });
        }
        catch when (madeVlan)
        {
            LinkService.Remove(engineNs!, parent);
            throw;
        }
    }

    /// <summary>Removes a network (docker network rm), and the VLAN sub-interface the module made for it.</summary>
    public static void Remove(DockerClient docker, string nameOrId)
    {
        ContainerNetwork network = Get(docker, nameOrId);
        docker.Delete("/networks/" + DockerClient.Segment(network.Id), nameOrId);
        if (network.Labels.TryGetValue(VlanLinkLabel, out string? vlanLink) &&
            EngineProcess.Namespace(docker.Endpoint) is NamespaceHandle engineNs && LinkService.Exists(engineNs, vlanLink))
        {
            LinkService.Remove(engineNs, vlanLink);
        }
    }

    /// <summary>Removes every network no container uses (docker network prune); returns their names.</summary>
    public static IReadOnlyList<string> Prune(DockerClient docker, IReadOnlyDictionary<string, string>? labels = null)
    {
        string query = labels is { Count: > 0 }
            ? "?filters=" + Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, List<string>>
            {
                ["label"] = labels.Select(l => l.Value.Length == 0 ? l.Key : $"{l.Key}={l.Value}").ToList(),
            }, DockerJson.Default.DictionaryStringListString))
            : string.Empty;
        return docker.Post("/networks/prune" + query, DockerJson.Default.WirePrune, null).NetworksDeleted ?? [];
    }

    /// <summary>Attaches a running or stopped container (docker network connect).</summary>
    public static void Connect(DockerClient docker, string network, string container, EndpointSpec endpoint)
    {
        if (endpoint.MacAddress is not null)
        {
            docker.RequireApi(EndpointMacApi, "a MAC address per network (-MacAddress)");
        }

        var request = new WireNetworkConnect
        {
            Container = container,
            EndpointConfig = new WireEndpointSettings
            {
                IPAMConfig = endpoint.IPv4Address is null && endpoint.IPv6Address is null
                    ? null
                    : new WireEndpointIpam { IPv4Address = endpoint.IPv4Address, IPv6Address = endpoint.IPv6Address },
                Aliases = endpoint.Aliases.Count == 0 ? null : endpoint.Aliases.ToList(),
                MacAddress = endpoint.MacAddress,
            },
        };
        docker.Post($"/networks/{DockerClient.Segment(network)}/connect", request, DockerJson.Default.WireNetworkConnect, $"{container} -> {network}");
    }

    public static void Disconnect(DockerClient docker, string network, string container, bool force) =>
        docker.Post($"/networks/{DockerClient.Segment(network)}/disconnect",
            new WireNetworkDisconnect { Container = container, Force = force }, DockerJson.Default.WireNetworkDisconnect, $"{container} -> {network}");

    private static ContainerNetwork From(WireNetwork n, string host, int? enginePid)
    {
        var options = n.Options ?? new Dictionary<string, string>();
        return new ContainerNetwork
        {
            Name = n.Name,
            Id = n.Id,
            Driver = n.Driver,
            Scope = n.Scope,
            Created = n.Created,
            Internal = n.Internal,
            Attachable = n.Attachable,
            EnableIPv6 = n.EnableIPv6,
            IpamConfigs = (n.IPAM?.Config ?? []).Select(c => new IpamConfig(
                NullIfEmpty(c.Subnet), NullIfEmpty(c.Gateway), NullIfEmpty(c.IPRange),
                c.AuxiliaryAddresses ?? new Dictionary<string, string>())).ToList(),
            Options = options,
            Labels = n.Labels ?? new Dictionary<string, string>(),
            Containers = (n.Containers ?? []).Select(c => new NetworkEndpoint
            {
                Network = n.Name,
                NetworkId = n.Id,
                ContainerId = c.Key,
                ContainerName = c.Value.Name,
                EndpointId = NullIfEmpty(c.Value.EndpointID),
                MacAddress = NullIfEmpty(c.Value.MacAddress),
                IPv4Address = NullIfEmpty(c.Value.IPv4Address),
                IPv6Address = NullIfEmpty(c.Value.IPv6Address),
                DockerHost = host,
            }).OrderBy(e => e.ContainerName, StringComparer.Ordinal).ToList(),
            BridgeName = n.Driver == "bridge"
                ? options.TryGetValue(BridgeNameOption, out string? bridge) ? bridge : "br-" + n.Id[..Math.Min(12, n.Id.Length)]
                : null,
            Vnis = options.TryGetValue(VxlanIdsOption, out string? vnis)
                ? vnis.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList()
                : [],
            Peers = (n.Peers ?? []).Select(p => new NetworkPeer(NullIfEmpty(p.Name), NullIfEmpty(p.IP))).OrderBy(p => p.Address, StringComparer.Ordinal).ToList(),
            Namespace = enginePid is not int pid || n.Driver == "null" ? null
                : n.Driver == "overlay" ? EngineProcess.OverlayNamespace(pid, n.Id)
                : $"/proc/{pid}/ns/net",
            DockerHost = host,
        };
    }

    internal static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
