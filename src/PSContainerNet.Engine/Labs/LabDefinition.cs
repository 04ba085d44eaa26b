using System.Collections;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Nftables;

namespace PSContainerNet.Engine.Labs;

/// <summary>A node: a namespace named LAB-NODE, with its net.* settings.</summary>
public sealed record LabNodeSpec(string Name, IReadOnlyDictionary<string, string> Sysctls);

/// <summary>A bridge inside a node, with its addresses.</summary>
public sealed record LabBridgeSpec(string Node, string Name, IReadOnlyList<IPPrefix> Addresses, bool Stp);

/// <summary>
/// A veth pair: from Node (link Name) to PeerNode (PeerName), or into a bridge (the peer end becomes its port in
/// the bridge's node). Addresses go on either end.
/// </summary>
public sealed record LabLinkSpec(
    string Node, string Name, IReadOnlyList<IPPrefix> Addresses, string PeerNode, string PeerName, IReadOnlyList<IPPrefix> PeerAddresses, string? Bridge);

/// <summary>A macvlan in a node, on a parent link of ParentNode (made there, then moved in under its name).</summary>
public sealed record LabMacvlanSpec(string Node, string Name, string ParentNode, string Parent, MacvlanMode Mode, IReadOnlyList<IPPrefix> Addresses);

/// <summary>A VXLAN endpoint in a node, over one of its links.</summary>
public sealed record LabVxlanSpec(string Node, string Name, VxlanOptions Options, IReadOnlyList<IPPrefix> Addresses);

/// <summary>A Docker network of the lab (named LAB-NAME, labelled with the lab).</summary>
public sealed record LabNetworkSpec(string Name, IReadOnlyList<IpamConfig> Pools, bool Internal);

/// <summary>A further network a container joins after it starts.</summary>
public sealed record LabConnectSpec(string Network, string? IPAddress, IReadOnlyList<string> Aliases);

/// <summary>
/// A container node (named LAB-NAME, labelled with the lab). Network is bridge (default), host, none,
/// container:OTHER, or one of the lab's networks. Unless it shares another's namespace, its namespace is
/// named LAB-NAME too, so it is a node like any other.
/// </summary>
public sealed record LabContainerSpec(
    string Name, string Image, IReadOnlyList<string> Command, string? Network, string? IPAddress, IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Publish, IReadOnlyList<LabConnectSpec> Connect)
{
    /// <summary>Whether the container gets a namespace of its own (not host's, not another container's).</summary>
    public bool OwnNamespace => Network is not "host" && Network?.StartsWith("container:", StringComparison.Ordinal) != true;
}

/// <summary>A route in a node.</summary>
public sealed record LabRouteSpec(string Node, RouteSpecText Route);

/// <summary>A route as written in a definition, parsed.</summary>
public sealed record RouteSpecText(IPPrefix Destination, IPAddress? Gateway, string? Interface, int? Metric);

/// <summary>A NAT rule in a node (the node is the router).</summary>
public sealed record LabNatSpec(string Node, NatRuleSpec Rule);

/// <summary>
/// A lab as declared: a PowerShell data file (.psd1) or hashtable (plain .NET values: dictionaries, lists, strings,
/// numbers, booleans), checked whole before anything is made.
/// Keys: Name; Nodes (name = @{ Forwarding; Sysctl }); Bridges (@{ Node; Name; Address; Stp }); Links (veth: @{ Node; Name;
/// Address; Bridge } into a bridge, or @{ Node; Name; Address; Peer; PeerName; PeerAddress } between nodes; @{ Kind = 'macvlan';
/// Node; Name; Parent; ParentNode; Mode; Address }; @{ Kind = 'vxlan'; Node; Name; Vni; Remote; Local; Device; Port; Address });
/// Routes (@{ Node; Destination; Gateway; Interface; Metric }); Nat (@{ Node; Action = Masquerade|Snat|Dnat; ... }).
/// </summary>
public sealed partial class LabDefinition
{
    private static readonly string[] TopKeys = ["Name", "Nodes", "Bridges", "Links", "Routes", "Nat", "Networks", "Containers"];

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

    /// <summary>The Docker name of a lab network or container.</summary>
    public string DockerName(string name) => $"{Name}-{name}";

    /// <summary>The namespace a node of a lab lives in.</summary>
    public static string NamespaceOf(string lab, string node) => $"{lab}-{node}";

    public string NamespaceOf(string node) => NamespaceOf(Name, node);

    /// <summary>Reads a definition; every mistake found is reported at once, naming where it is.</summary>
    public static LabDefinition Parse(IDictionary definition)
    {
        var problems = new List<string>();
        var top = new Section(definition, "the definition", problems);
        top.AllowOnly(TopKeys);
        string name = top.String("Name", required: true) ?? "lab";
        if (!LabName().IsMatch(name))
        {
            problems.Add($"Name '{name}' is not a lab name: use lower-case letters, digits and '-', starting with a letter or digit (it prefixes namespace names)");
        }

        var nodes = new List<LabNodeSpec>();
        if (top.Value("Nodes") is IDictionary nodeTable && nodeTable.Count > 0)
        {
            foreach (DictionaryEntry entry in nodeTable)
            {
                string node = Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!;
                var settings = new Section(entry.Value as IDictionary ?? new Hashtable(), $"Nodes.{node}", problems);
                settings.AllowOnly(["Forwarding", "Sysctl"]);
                var sysctls = new Dictionary<string, string>(StringComparer.Ordinal);
                if (settings.Bool("Forwarding"))
                {
                    sysctls["net.ipv4.ip_forward"] = "1";
                    sysctls["net.ipv6.conf.all.forwarding"] = "1";
                }

                if (settings.Value("Sysctl") is IDictionary table)
                {
                    foreach (DictionaryEntry s in table)
                    {
                        sysctls[Convert.ToString(s.Key, CultureInfo.InvariantCulture)!] = Text(s.Value);
                    }
                }

                nodes.Add(new LabNodeSpec(node, sysctls));
                Check(problems, () => NetNamespaceStore.ValidateName(NamespaceOf(name, node)), $"Nodes.{node}");
            }
        }
        else if (top.Value("Containers") is null)
        {
            problems.Add("Nodes and Containers are missing or empty: a lab needs at least one node, as Nodes = @{ box1 = @{} }");
        }

        var networks = top.Items("Networks").Select(n =>
        {
            n.AllowOnly(["Name", "Subnet", "Gateway", "IPRange", "Internal"]);
            string? network = n.String("Name", required: true);
            IReadOnlyList<IpamConfig> pools = [];
            Check(problems, () => pools = IpamConfig.FromFlags(n.Strings("Subnet"), n.Strings("Gateway"), n.Strings("IPRange"), new Dictionary<string, string>()), n.Where);
            return new LabNetworkSpec(network ?? string.Empty, pools, n.Bool("Internal"));
        }).ToList();
        var networkNames = networks.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var containers = top.Items("Containers").Select(c =>
        {
            c.AllowOnly(["Name", "Image", "Command", "Network", "IPAddress", "Alias", "Publish", "Connect"]);
            string container = c.String("Name", required: true) ?? string.Empty;
            string? LabNetwork(Section where, string? network)
            {
                if (network is null or "bridge" or "host" or "none")
                {
                    return network;
                }

                if (network.StartsWith("container:", StringComparison.Ordinal))
                {
                    return "container:" + NamespaceOf(name, network["container:".Length..]);
                }

                if (!networkNames.Contains(network))
                {
                    problems.Add($"{where.Where}: Network '{network}' is not bridge, host, none, container:NAME or one of the Networks");
                }

                return NamespaceOf(name, network);
            }

            var connect = c.Items("Connect").Select(j =>
            {
                j.AllowOnly(["Network", "IPAddress", "Alias"]);
                return new LabConnectSpec(LabNetwork(j, j.String("Network", required: true)) ?? string.Empty, j.String("IPAddress"), j.Strings("Alias"));
            }).ToList();
            return new LabContainerSpec(container, c.String("Image", required: true) ?? string.Empty, c.Strings("Command"), LabNetwork(c, c.String("Network")),
                c.String("IPAddress"), c.Strings("Alias"), c.Strings("Publish"), connect);
        }).ToList();
        foreach (LabContainerSpec c in containers.Where(c => nodes.Any(n => n.Name == c.Name)))
        {
            problems.Add($"'{c.Name}' is both a node and a container; their namespaces would share one name");
        }

        var nodeNames = nodes.Select(n => n.Name).Concat(containers.Where(c => c.OwnNamespace).Select(c => c.Name)).ToHashSet(StringComparer.Ordinal);
        string Node(Section s)
        {
            string? node = s.String("Node", required: true);
            if (node is not null && !nodeNames.Contains(node))
            {
                problems.Add($"{s.Where}: Node '{node}' is not one of the Nodes ({string.Join(", ", nodeNames.Order())})");
            }

            return node ?? string.Empty;
        }

        var bridges = top.Items("Bridges").Select(b =>
        {
            b.AllowOnly(["Node", "Name", "Address", "Stp"]);
            var bridge = new LabBridgeSpec(Node(b), b.LinkName("Name"), b.Prefixes("Address"), b.Bool("Stp"));
            return bridge;
        }).ToList();

        var links = new List<LabLinkSpec>();
        var macvlans = new List<LabMacvlanSpec>();
        var vxlans = new List<LabVxlanSpec>();
        foreach (Section l in top.Items("Links"))
        {
            string kind = (l.String("Kind") ?? "veth").ToLowerInvariant();
            string node = Node(l);
            string linkName = l.LinkName("Name");
            switch (kind)
            {
                case "veth":
                    links.Add(Veth(l, node, linkName));
                    break;
                case "macvlan":
                    l.AllowOnly(["Kind", "Node", "Name", "Address", "Parent", "ParentNode", "Mode"]);
                    string parentNode = l.String("ParentNode") ?? node;
                    if (!nodeNames.Contains(parentNode))
                    {
                        problems.Add($"{l.Where}: ParentNode '{parentNode}' is not one of the Nodes");
                    }

                    MacvlanMode mode = MacvlanMode.Bridge;
                    if (l.String("Mode") is string modeText && !Enum.TryParse(modeText, ignoreCase: true, out mode))
                    {
                        problems.Add($"{l.Where}: Mode '{modeText}' is not a macvlan mode (bridge, private, vepa, passthru, source)");
                    }

                    macvlans.Add(new LabMacvlanSpec(node, linkName, parentNode, l.LinkName("Parent"), mode, l.Prefixes("Address")));
                    break;
                case "vxlan":
                    l.AllowOnly(["Kind", "Node", "Name", "Address", "Vni", "Remote", "Local", "Device", "Port"]);
                    IPAddress? Address(string key)
                    {
                        string? text = l.String(key);
                        if (text is null)
                        {
                            return null;
                        }

                        if (IPPrefix.TryParseAddress(text, out IPAddress? address))
                        {
                            return address;
                        }

                        problems.Add($"{l.Where}: {key} '{text}' is not an IP address");
                        return null;
                    }

                    vxlans.Add(new LabVxlanSpec(node, linkName, new VxlanOptions
                    {
                        Vni = l.Int("Vni") ?? Missing(l, "Vni"),
                        Remote = Address("Remote"),
                        Local = Address("Local"),
                        Device = l.String("Device"),
                        DestinationPort = l.Int("Port") ?? 4789,
                    }, l.Prefixes("Address")));
                    break;
                default:
                    problems.Add($"{l.Where}: Kind '{kind}' is not a lab link kind (veth, macvlan, vxlan)");
                    break;
            }
        }

        LabLinkSpec Veth(Section l, string node, string linkName)
        {
            l.AllowOnly(["Kind", "Node", "Name", "Address", "Bridge", "Peer", "PeerName", "PeerAddress"]);
            string? bridgeName = l.String("Bridge");
            string? peer = l.String("Peer");
            if ((bridgeName is null) == (peer is null))
            {
                problems.Add($"{l.Where}: give either Bridge (a port of a bridge) or Peer (another node), not {(peer is null ? "neither" : "both")}");
            }

            LabBridgeSpec? bridge = bridgeName is null ? null : bridges.FirstOrDefault(b => b.Name == bridgeName);
            if (bridgeName is not null && bridge is null)
            {
                problems.Add($"{l.Where}: Bridge '{bridgeName}' is not one of the Bridges");
            }

            if (peer is not null && !nodeNames.Contains(peer))
            {
                problems.Add($"{l.Where}: Peer '{peer}' is not one of the Nodes");
            }

            // A bridge port's host end is named after the node and link unless PeerName says otherwise.
            string peerName = l.String("PeerName") ?? (bridge is not null ? $"{node}-{linkName}" : linkName);
            Check(problems, () => LinkNames.Validate(peerName, "peer interface name"), l.Where + (l.String("PeerName") is null ? " (the default PeerName; give PeerName)" : string.Empty));
            return new LabLinkSpec(node, linkName, l.Prefixes("Address"), bridge?.Node ?? peer ?? string.Empty, peerName, l.Prefixes("PeerAddress"), bridgeName);
        }

        int Missing(Section l, string key)
        {
            problems.Add($"{l.Where}: {key} is missing");
            return 0;
        }

        var routes = top.Items("Routes").Select(r =>
        {
            r.AllowOnly(["Node", "Destination", "Gateway", "Interface", "Metric"]);
            string node = Node(r);
            IPPrefix destination = r.Prefix("Destination", required: true) ?? IPPrefix.Parse("default");
            string? gateway = r.String("Gateway");
            IPAddress? via = null;
            if (gateway is not null && !IPPrefix.TryParseAddress(gateway, out via))
            {
                problems.Add($"{r.Where}: Gateway '{gateway}' is not an IP address");
            }

            string? device = r.String("Interface");
            if (via is null && device is null)
            {
                problems.Add($"{r.Where}: a route needs a Gateway, an Interface, or both");
            }

            return new LabRouteSpec(node, new RouteSpecText(destination, via, device, r.Int("Metric")));
        }).ToList();

        var nat = top.Items("Nat").Select(n =>
        {
            n.AllowOnly(["Node", "Action", "SourcePrefix", "DestinationAddress", "InInterface", "NotInInterface", "OutInterface",
                "NotOutInterface", "Protocol", "DestinationPort", "ToAddress", "ToPort", "Comment", "IncludeLocal", "Hairpin"]);
            string node = Node(n);
            NatRuleSpec? rule = null;
            Check(problems, () =>
            {
                if (!Enum.TryParse(n.String("Action", required: true), ignoreCase: true, out NatAction action))
                {
                    throw new EngineException(EngineErrorKind.InvalidArgument, "Action must be Masquerade, Snat or Dnat");
                }

                rule = new NatRuleText
                {
                    Action = action,
                    SourcePrefix = n.String("SourcePrefix"),
                    DestinationAddress = n.String("DestinationAddress"),
                    InInterface = n.String("InInterface"),
                    NotInInterface = n.String("NotInInterface"),
                    OutInterface = n.String("OutInterface"),
                    NotOutInterface = n.String("NotOutInterface"),
                    Protocol = n.String("Protocol"),
                    DestinationPort = n.String("DestinationPort"),
                    ToAddress = n.String("ToAddress"),
                    ToPort = n.String("ToPort"),
                    Comment = $"{name}: {n.String("Comment") ?? action.ToString().ToLowerInvariant()}",
                    IncludeLocal = n.Bool("IncludeLocal"),
                    Hairpin = n.Bool("Hairpin"),
                }.ToSpec();
            }, n.Where);
            return new LabNatSpec(node, rule!);
        }).ToList();

        var linksOf = links.Select(l => (l.Node, l.Name)).Concat(links.Select(l => (Node: l.PeerNode, Name: l.PeerName)))
            .Concat(bridges.Select(b => (b.Node, b.Name))).Concat(macvlans.Select(m => (m.Node, m.Name))).Concat(vxlans.Select(v => (v.Node, v.Name)))
            .ToList();
        foreach (var duplicate in linksOf.GroupBy(x => x).Where(g => g.Count() > 1))
        {
            problems.Add($"node '{duplicate.Key.Node}' would get two links named '{duplicate.Key.Name}'");
        }

        foreach (LabMacvlanSpec m in macvlans.Where(m => !linksOf.Contains((m.ParentNode, m.Parent))))
        {
            problems.Add($"macvlan '{m.Name}' of node '{m.Node}': Parent '{m.Parent}' is not a link the lab makes in node '{m.ParentNode}'");
        }

        foreach (LabVxlanSpec v in vxlans.Where(v => v.Options.Device is string device && !linksOf.Contains((v.Node, device))))
        {
            problems.Add($"vxlan '{v.Name}' of node '{v.Node}': Device '{v.Options.Device}' is not a link the lab makes in that node");
        }

        if (problems.Count > 0)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"lab '{name}' is not valid, so nothing was made:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems), name);
        }

        return new LabDefinition
        {
            Name = name, Nodes = nodes, Bridges = bridges, Links = links, Macvlans = macvlans, Vxlans = vxlans, Routes = routes, Nat = nat,
            Networks = networks, Containers = containers,
        };
    }

    private static void Check(List<string> problems, Action check, string where)
    {
        try
        {
            check();
        }
        catch (EngineException e)
        {
            problems.Add($"{where}: {e.Message}");
        }
    }

    private static string Text(object? value) => value switch
    {
        bool b => b ? "1" : "0",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>Whether <paramref name="name"/> can name a lab (lower-case letters, digits and '-'): no other name has a lab.</summary>
    public static bool IsLabName(string name) => LabName().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex LabName();

    /// <summary>One hashtable of a definition, read with case-insensitive keys; problems are collected, not thrown.</summary>
    private sealed class Section(IDictionary table, string where, List<string> problems)
    {
        public string Where { get; } = where;

        public object? Value(string key)
        {
            foreach (DictionaryEntry entry in table)
            {
                if (string.Equals(Convert.ToString(entry.Key, CultureInfo.InvariantCulture), key, StringComparison.OrdinalIgnoreCase))
                {
                    return entry.Value;
                }
            }

            return null;
        }

        public void AllowOnly(string[] keys)
        {
            foreach (object key in table.Keys)
            {
                string text = Convert.ToString(key, CultureInfo.InvariantCulture)!;
                if (!keys.Contains(text, StringComparer.OrdinalIgnoreCase))
                {
                    problems.Add($"{Where}: unknown key '{text}' (known: {string.Join(", ", keys)})");
                }
            }
        }

        public string? String(string key, bool required = false)
        {
            object? value = Value(key);
            if (value is null || value is string { Length: 0 })
            {
                if (required)
                {
                    problems.Add($"{Where}: {key} is missing");
                }

                return null;
            }

            return Text(value);
        }

        public bool Bool(string key) => Value(key) switch
        {
            null => false,
            bool b => b,
            var other => Text(other) is "1" or "true" or "True" or "$true",
        };

        public int? Int(string key)
        {
            string? text = String(key);
            if (text is null)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            {
                return value;
            }

            problems.Add($"{Where}: {key} '{text}' is not a whole number");
            return null;
        }

        public string LinkName(string key)
        {
            string? name = String(key, required: true);
            if (name is not null)
            {
                Check(problems, () => LinkNames.Validate(name), Where);
            }

            return name ?? string.Empty;
        }

        public IPPrefix? Prefix(string key, bool required = false)
        {
            string? text = String(key, required);
            if (text is null)
            {
                return null;
            }

            try
            {
                return IPPrefix.Parse(text);
            }
            catch (EngineException e)
            {
                problems.Add($"{Where}: {key}: {e.Message}");
                return null;
            }
        }

        /// <summary>One text or a list of texts.</summary>
        public IReadOnlyList<string> Strings(string key) => Value(key) switch
        {
            null => [],
            string one => [one],
            IEnumerable many => many.Cast<object?>().Select(Text).ToList(),
            var other => [Text(other)],
        };

        public IReadOnlyList<IPPrefix> Prefixes(string key) => (Value(key) switch
        {
            null => [],
            string s => [s],
            IEnumerable many => many.Cast<object?>().Select(Text),
            var one => [Text(one)],
        }).Select(text =>
        {
            try
            {
                return (IPPrefix?)IPPrefix.Parse(text);
            }
            catch (EngineException e)
            {
                problems.Add($"{Where}: {key}: {e.Message}");
                return null;
            }
        }).OfType<IPPrefix>().ToList();

        /// <summary>Each item of a list key (Bridges, Links, ...), which must be hashtables.</summary>
        public IEnumerable<Section> Items(string key)
        {
            object? value = Value(key);
            IEnumerable<object?> items = value switch
            {
                null => [],
                IDictionary single => [single],
                IEnumerable many and not string => many.Cast<object?>(),
                _ => [value],
            };
            int i = 0;
            foreach (object? item in items)
            {
                string where = $"{key}[{i++}]";
                if (item is IDictionary table)
                {
                    yield return new Section(table, where, problems);
                }
                else
                {
                    problems.Add($"{where}: expected a hashtable such as @{{ Node = 'box1'; ... }}");
                }
            }
        }
    }
}
