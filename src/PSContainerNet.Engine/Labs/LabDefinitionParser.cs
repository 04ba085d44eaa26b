using System.Collections;
using System.Globalization;
using System.Net;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Nftables;
using PSContainerNet.Engine.TrafficControl;

namespace PSContainerNet.Engine.Labs;

/// <summary>
/// Reads a lab definition (plain .NET values) into a <see cref="LabDefinition"/>: each part has its method, read in
/// the order they refer to each other (nodes and containers before what names them), then the whole is checked
/// (names, parents, addresses, cycles). Every problem is collected and all are reported at once; nothing is made.
/// </summary>
internal sealed class LabDefinitionParser(IDictionary definition)
{
    private static readonly string[] TopKeys = ["Name", "Nodes", "Bridges", "Links", "Routes", "Nat", "Networks", "Containers", "Hosts", "Swarm"];
    private static readonly string[] NetworkDrivers = ["bridge", "macvlan", "overlay"];

    private readonly List<string> _problems = [];
    private LabSection _top = null!;
    private string _name = "lab";
    private HashSet<string> _nodeNames = [];
    private List<LabHostSpec> _hosts = [];
    private LabSwarmSpec? _swarm;

    public LabDefinition Parse()
    {
        _top = new LabSection(definition, "the definition", _problems);
        _top.AllowOnly(TopKeys);
        _name = ReadName();
        _hosts = ReadHosts();
        _swarm = ReadSwarm();
        List<LabNodeSpec> nodes = ReadNodes();
        List<LabNetworkSpec> networks = ReadNetworks();
        List<LabContainerSpec> containers = ReadContainers(networks);
        foreach (LabContainerSpec c in containers.Where(c => nodes.Any(n => n.Name == c.Name)))
        {
            _problems.Add($"'{c.Name}' is both a node and a container; their namespaces would share one name");
        }

        _nodeNames = nodes.Select(n => n.Name).Concat(containers.Where(c => c.OwnNamespace).Select(c => c.Name)).ToHashSet(StringComparer.Ordinal);
        List<LabBridgeSpec> bridges = _top.Items("Bridges").Select(ReadBridge).ToList();
        var (links, macvlans, vxlans) = ReadLinks(bridges);
        List<LabRouteSpec> routes = _top.Items("Routes").Select(ReadRoute).ToList();
        List<LabNatSpec> nat = _top.Items("Nat").Select(ReadNat).ToList();

        CheckLinkNames(links, bridges, macvlans, vxlans);
        CheckAddresses(links, bridges, macvlans, vxlans);
        macvlans = InDependencyOrder(macvlans, m => (m.Node, m.Name), m => (m.ParentNode, m.Parent),
            cycle => $"macvlans {string.Join(" -> ", cycle.Select(k => $"{k.Node}:{k.Name}"))} are each other's parents (a cycle): one must sit on a veth, bridge or vxlan");
        containers = InDependencyOrder(containers, c => (c.Name, c.Name), c => OwnerOf(c) is string owner ? (owner, owner) : null,
            cycle => $"containers {string.Join(" -> ", cycle.Select(k => k.Node))} share each other's namespace (container:NAME in a cycle): one must have a network of its own");

        if (_problems.Count > 0)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"lab '{_name}' is not valid, so nothing was made:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", _problems), _name);
        }

        return new LabDefinition
        {
            Name = _name, Nodes = nodes, Bridges = bridges, Links = links, Macvlans = macvlans, Vxlans = vxlans, Routes = routes, Nat = nat,
            Networks = networks, Containers = containers, Hosts = _hosts, Swarm = _swarm,
        };
    }

    private string ReadName()
    {
        string name = _top.String("Name", required: true) ?? "lab";
        if (!LabDefinition.IsLabName(name))
        {
            _problems.Add($"Name '{name}' is not a lab name: use lower-case letters, digits and '-', starting with a letter or digit (it prefixes namespace names)");
        }

        return name;
    }

    private List<LabNodeSpec> ReadNodes()
    {
        var nodes = new List<LabNodeSpec>();
        if (_top.Value("Nodes") is not IDictionary nodeTable || nodeTable.Count == 0)
        {
            if (_top.Value("Containers") is null)
            {
                _problems.Add("Nodes and Containers are missing or empty: a lab needs at least one node, as Nodes = @{ box1 = @{} }");
            }

            return nodes;
        }

        foreach (DictionaryEntry entry in nodeTable)
        {
            string node = Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!;
            var settings = new LabSection(entry.Value as IDictionary ?? new Hashtable(), $"Nodes.{node}", _problems);
            settings.AllowOnly(["Forwarding", "Sysctl"]);
            var sysctls = new Dictionary<string, string>(StringComparer.Ordinal);
            if (settings.Value("Forwarding") is not null)
            {
                // Written out when off too, so a changed definition turns it off in a running lab.
                string forwarding = settings.Bool("Forwarding") ? "1" : "0";
                sysctls["net.ipv4.ip_forward"] = forwarding;
                sysctls["net.ipv6.conf.all.forwarding"] = forwarding;
            }

            if (settings.Value("Sysctl") is IDictionary table)
            {
                foreach (DictionaryEntry s in table)
                {
                    sysctls[Convert.ToString(s.Key, CultureInfo.InvariantCulture)!] = LabSection.Text(s.Value);
                }
            }

            nodes.Add(new LabNodeSpec(node, sysctls));
            LabSection.Check(_problems, () => NetNamespaceStore.ValidateName(LabDefinition.NamespaceOf(_name, node)), $"Nodes.{node}");
        }

        return nodes;
    }

    private List<LabHostSpec> ReadHosts()
    {
        if (_top.Value("Hosts") is not IDictionary table)
        {
            if (_top.Value("Hosts") is not null)
            {
                _problems.Add("Hosts must be a table of engine names and Docker hosts, as Hosts = @{ h1 = 'tcp://10.0.0.1:2376' }");
            }

            return [];
        }

        var hosts = new List<LabHostSpec>();
        foreach (DictionaryEntry entry in table)
        {
            string name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!;
            string dockerHost = LabSection.Text(entry.Value);
            LabSection.Check(_problems, () => DockerEndpoint.Parse(dockerHost, null, null), $"Hosts.{name}");
            hosts.Add(new LabHostSpec(name, dockerHost));
        }

        return hosts.OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
    }

    private LabSwarmSpec? ReadSwarm()
    {
        if (_top.Value("Swarm") is null)
        {
            return null;
        }

        var swarm = new LabSection(_top.Value("Swarm") as IDictionary ?? new Hashtable(), "Swarm", _problems);
        swarm.AllowOnly(["Manager", "AdvertiseAddress", "Workers"]);
        string manager = HostName(swarm, "Manager", required: true) ?? string.Empty;
        IReadOnlyList<string> workers = swarm.Value("Workers") is null
            ? _hosts.Select(h => h.Name).Where(h => h != manager).ToList()
            : swarm.Strings("Workers");
        foreach (string worker in workers)
        {
            CheckHost("Swarm", "Workers", worker);
        }

        return new LabSwarmSpec(manager, swarm.String("AdvertiseAddress"), workers);
    }

    /// <summary>A Host key naming one of the Hosts; required when the lab has Hosts, refused when it has none.</summary>
    private string? HostName(LabSection s, string key = "Host", bool required = false)
    {
        string? host = s.String(key);
        if (host is not null)
        {
            CheckHost(s.Where, key, host);
        }
        else if (required || _hosts.Count > 0)
        {
            _problems.Add($"{s.Where}: {key} is missing; name one of the Hosts ({string.Join(", ", _hosts.Select(h => h.Name))})");
        }

        return host;
    }

    private void CheckHost(string where, string key, string host)
    {
        if (_hosts.All(h => h.Name != host))
        {
            _problems.Add(_hosts.Count == 0
                ? $"{where}: {key} '{host}' needs Hosts, the table of the lab's engines (Hosts = @{{ {host} = 'unix:///var/run/docker.sock' }})"
                : $"{where}: {key} '{host}' is not one of the Hosts ({string.Join(", ", _hosts.Select(h => h.Name))})");
        }
    }

    /// <summary>Networks, one spec per engine it is made on (Host may name several, with an IPRange each).</summary>
    private List<LabNetworkSpec> ReadNetworks()
    {
        var networks = new List<LabNetworkSpec>();
        foreach (LabSection n in _top.Items("Networks"))
        {
            n.AllowOnly(["Name", "Driver", "Subnet", "Gateway", "IPRange", "Internal", "Host", "Parent", "VxlanId"]);
            string network = n.String("Name", required: true) ?? string.Empty;
            string driver = (n.String("Driver") ?? "bridge").ToLowerInvariant();
            if (!NetworkDrivers.Contains(driver))
            {
                _problems.Add($"{n.Where}: Driver '{driver}' is not a lab network driver ({string.Join(", ", NetworkDrivers)})");
            }

            string? parent = n.String("Parent");
            if ((driver == "macvlan") != (parent is not null))
            {
                _problems.Add($"{n.Where}: {(parent is null ? "a macvlan network needs Parent, the host link it sits on" : "Parent is for macvlan networks")}");
            }

            int? vni = n.Int("VxlanId");
            if (vni is not null && driver != "overlay")
            {
                _problems.Add($"{n.Where}: VxlanId is for overlay networks");
            }

            // An overlay is made once, on the swarm's manager unless named; other networks on each Host named.
            IReadOnlyList<string?> hosts = n.Value("Host") is null
                ? [driver == "overlay" && _swarm is not null ? _swarm.Manager : HostName(n)]
                : n.Strings("Host").Select(h => (string?)h).ToList();
            if (n.Value("Host") is not null)
            {
                foreach (string host in hosts.OfType<string>())
                {
                    CheckHost(n.Where, "Host", host);
                }
            }

            if (driver == "overlay" && hosts.Count > 1)
            {
                _problems.Add($"{n.Where}: an overlay network is made once, on a swarm manager; give one Host");
            }

            var rangeByHost = n.Value("IPRange") as IDictionary;
            foreach (string? host in hosts)
            {
                IReadOnlyList<string> ranges = rangeByHost is null ? n.Strings("IPRange")
                    : rangeByHost.Contains(host ?? string.Empty) ? [LabSection.Text(rangeByHost[host ?? string.Empty])] : [];
                IReadOnlyList<IpamConfig> pools = [];
                LabSection.Check(_problems, () => pools = IpamConfig.FromFlags(n.Strings("Subnet"), n.Strings("Gateway"), ranges, new Dictionary<string, string>()), n.Where);
                if (networks.Any(other => other.Name == network && other.Host == host))
                {
                    _problems.Add($"{n.Where}: network '{network}' is declared twice{(host is null ? string.Empty : $" on host '{host}'")}");
                }

                networks.Add(new LabNetworkSpec(network, pools, n.Bool("Internal"), driver, host, parent, vni));
            }
        }

        return networks;
    }

    private List<LabContainerSpec> ReadContainers(List<LabNetworkSpec> networks)
    {
        var sections = _top.Items("Containers").ToList();
        var containerNames = sections.Select(c => c.String("Name")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        string? LabNetwork(LabSection where, string? network, string? host)
        {
            if (network is null or "bridge" or "host" or "none")
            {
                return network;
            }

            if (network.StartsWith("container:", StringComparison.Ordinal))
            {
                string owner = network["container:".Length..];
                if (!containerNames.Contains(owner))
                {
                    _problems.Add($"{where.Where}: Network '{network}' names no container of this lab ({string.Join(", ", containerNames.Order())})");
                }

                return "container:" + LabDefinition.NamespaceOf(_name, owner);
            }

            var named = networks.Where(n => n.Name == network).ToList();
            if (named.Count == 0)
            {
                _problems.Add($"{where.Where}: Network '{network}' is not bridge, host, none, container:NAME or one of the Networks");
            }
            else if (!named.Any(n => n.Host == host || n.Driver == "overlay"))
            {
                _problems.Add($"{where.Where}: Network '{network}' is not on host '{host}' (it is on {string.Join(", ", named.Select(n => n.Host ?? "the default engine"))}); only an overlay network reaches every host of a swarm");
            }

            return LabDefinition.NamespaceOf(_name, network);
        }

        return sections.Select(c =>
        {
            c.AllowOnly(["Name", "Image", "Command", "Network", "IPAddress", "Alias", "Publish", "Connect", "Host"]);
            string container = c.String("Name", required: true) ?? string.Empty;
            string? host = HostName(c);
            var connect = c.Items("Connect").Select(j =>
            {
                j.AllowOnly(["Network", "IPAddress", "Alias"]);
                return new LabConnectSpec(LabNetwork(j, j.String("Network", required: true), host) ?? string.Empty, j.String("IPAddress"), j.Strings("Alias"));
            }).ToList();
            return new LabContainerSpec(container, c.String("Image", required: true) ?? string.Empty, c.Strings("Command"), LabNetwork(c, c.String("Network"), host),
                c.String("IPAddress"), c.Strings("Alias"), c.Strings("Publish"), connect, host);
        }).ToList();
    }

    /// <summary>The lab container whose namespace a container shares (container:NAME), or null.</summary>
    private string? OwnerOf(LabContainerSpec container) =>
        container.Network is string network && network.StartsWith($"container:{_name}-", StringComparison.Ordinal)
            ? network[$"container:{_name}-".Length..]
            : null;

    private string Node(LabSection s)
    {
        string? node = s.String("Node", required: true);
        if (node is not null && !_nodeNames.Contains(node))
        {
            _problems.Add($"{s.Where}: Node '{node}' is not one of the Nodes ({string.Join(", ", _nodeNames.Order())})");
        }

        return node ?? string.Empty;
    }

    private LabBridgeSpec ReadBridge(LabSection b)
    {
        b.AllowOnly(["Node", "Name", "Address", "Stp"]);
        return new LabBridgeSpec(Node(b), b.LinkName("Name"), b.Prefixes("Address"), b.Bool("Stp"));
    }

    private (List<LabLinkSpec> Links, List<LabMacvlanSpec> Macvlans, List<LabVxlanSpec> Vxlans) ReadLinks(List<LabBridgeSpec> bridges)
    {
        var links = new List<LabLinkSpec>();
        var macvlans = new List<LabMacvlanSpec>();
        var vxlans = new List<LabVxlanSpec>();
        foreach (LabSection l in _top.Items("Links"))
        {
            string kind = (l.String("Kind") ?? "veth").ToLowerInvariant();
            string node = Node(l);
            string linkName = l.LinkName("Name");
            switch (kind)
            {
                case "veth":
                    links.Add(ReadVeth(l, node, linkName, bridges));
                    break;
                case "macvlan":
                    macvlans.Add(ReadMacvlan(l, node, linkName));
                    break;
                case "vxlan":
                    vxlans.Add(ReadVxlan(l, node, linkName));
                    break;
                default:
                    _problems.Add($"{l.Where}: Kind '{kind}' is not a lab link kind (veth, macvlan, vxlan)");
                    break;
            }
        }

        return (links, macvlans, vxlans);
    }

    private LabLinkSpec ReadVeth(LabSection l, string node, string linkName, List<LabBridgeSpec> bridges)
    {
        l.AllowOnly(["Kind", "Node", "Name", "Address", "Bridge", "Peer", "PeerName", "PeerAddress", "Impair", "PeerImpair"]);
        string? bridgeName = l.String("Bridge");
        string? peer = l.String("Peer");
        if ((bridgeName is null) == (peer is null))
        {
            _problems.Add($"{l.Where}: give either Bridge (a port of a bridge) or Peer (another node), not {(peer is null ? "neither" : "both")}");
        }

        LabBridgeSpec? bridge = bridgeName is null ? null : bridges.FirstOrDefault(b => b.Name == bridgeName);
        if (bridgeName is not null && bridge is null)
        {
            _problems.Add($"{l.Where}: Bridge '{bridgeName}' is not one of the Bridges");
        }

        if (peer is not null && !_nodeNames.Contains(peer))
        {
            _problems.Add($"{l.Where}: Peer '{peer}' is not one of the Nodes");
        }

        // A bridge port's host end is named after the node and link unless PeerName says otherwise.
        string peerName = l.String("PeerName") ?? (bridge is not null ? $"{node}-{linkName}" : linkName);
        LabSection.Check(_problems, () => LinkNames.Validate(peerName, "peer interface name"),
            l.Where + (l.String("PeerName") is null ? " (the default PeerName; give PeerName)" : string.Empty));
        return new LabLinkSpec(node, linkName, l.Prefixes("Address"), bridge?.Node ?? peer ?? string.Empty, peerName, l.Prefixes("PeerAddress"), bridgeName,
            ReadImpairment(l, "Impair"), ReadImpairment(l, "PeerImpair"));
    }

    /// <summary>Impair = @{ Rate = '1mbit'; Delay = '10ms'; Jitter; Loss; Duplicate; Reorder; Corrupt; Burst; Limit } on one end's egress.</summary>
    private ImpairmentSpec? ReadImpairment(LabSection link, string key)
    {
        if (link.Value(key) is null)
        {
            return null;
        }

        var i = new LabSection(link.Value(key) as IDictionary ?? new Hashtable(), $"{link.Where}.{key}", _problems);
        i.AllowOnly(["Rate", "Burst", "Delay", "Jitter", "Loss", "Duplicate", "Reorder", "Corrupt", "Limit"]);
        double? Percent(string name) => i.Value(name) is null ? null : Convert.ToDouble(i.Value(name), CultureInfo.InvariantCulture);
        ImpairmentSpec? spec = null;
        LabSection.Check(_problems, () => spec = ImpairmentService.Checked(new ImpairmentSpec
        {
            Rate = i.String("Rate") is string rate ? TcUnits.ParseRate(rate) : null,
            Burst = (uint?)i.Int("Burst"),
            Delay = i.String("Delay") is string delay ? TcUnits.ParseTime(delay) : null,
            Jitter = i.String("Jitter") is string jitter ? TcUnits.ParseTime(jitter) : null,
            Loss = Percent("Loss"), Duplicate = Percent("Duplicate"), Reorder = Percent("Reorder"), Corrupt = Percent("Corrupt"),
            Limit = (uint?)i.Int("Limit"),
        }), i.Where);
        return spec;
    }

    private LabMacvlanSpec ReadMacvlan(LabSection l, string node, string linkName)
    {
        l.AllowOnly(["Kind", "Node", "Name", "Address", "Parent", "ParentNode", "Mode"]);
        string parentNode = l.String("ParentNode") ?? node;
        if (!_nodeNames.Contains(parentNode))
        {
            _problems.Add($"{l.Where}: ParentNode '{parentNode}' is not one of the Nodes");
        }

        MacvlanMode mode = MacvlanMode.Bridge;
        if (l.String("Mode") is string modeText && !Enum.TryParse(modeText, ignoreCase: true, out mode))
        {
            _problems.Add($"{l.Where}: Mode '{modeText}' is not a macvlan mode (bridge, private, vepa, passthru, source)");
        }

        return new LabMacvlanSpec(node, linkName, parentNode, l.LinkName("Parent"), mode, l.Prefixes("Address"));
    }

    private LabVxlanSpec ReadVxlan(LabSection l, string node, string linkName)
    {
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

            _problems.Add($"{l.Where}: {key} '{text}' is not an IP address");
            return null;
        }

        int? vni = l.Int("Vni");
        if (vni is null)
        {
            _problems.Add($"{l.Where}: Vni is missing");
        }

        return new LabVxlanSpec(node, linkName, new VxlanOptions
        {
            Vni = vni ?? 0,
            Remote = Address("Remote"),
            Local = Address("Local"),
            Device = l.String("Device"),
            DestinationPort = l.Int("Port") ?? 4789,
        }, l.Prefixes("Address"));
    }

    private LabRouteSpec ReadRoute(LabSection r)
    {
        r.AllowOnly(["Node", "Destination", "Gateway", "Interface", "Metric"]);
        string node = Node(r);
        IPPrefix destination = r.Prefix("Destination", required: true) ?? IPPrefix.Parse("default");
        string? gateway = r.String("Gateway");
        IPAddress? via = null;
        if (gateway is not null && !IPPrefix.TryParseAddress(gateway, out via))
        {
            _problems.Add($"{r.Where}: Gateway '{gateway}' is not an IP address");
        }

        string? device = r.String("Interface");
        if (via is null && device is null)
        {
            _problems.Add($"{r.Where}: a route needs a Gateway, an Interface, or both");
        }

        return new LabRouteSpec(node, new RouteSpecText(destination, via, device, r.Int("Metric")));
    }

    private LabNatSpec ReadNat(LabSection n)
    {
        n.AllowOnly(["Node", "Action", "SourcePrefix", "DestinationAddress", "InInterface", "NotInInterface", "OutInterface",
            "NotOutInterface", "Protocol", "DestinationPort", "ToAddress", "ToPort", "Comment", "IncludeLocal", "Hairpin"]);
        string node = Node(n);
        NatRuleSpec? rule = null;
        LabSection.Check(_problems, () =>
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
                Comment = $"{_name}: {n.String("Comment") ?? action.ToString().ToLowerInvariant()}",
                IncludeLocal = n.Bool("IncludeLocal"),
                Hairpin = n.Bool("Hairpin"),
            }.ToSpec();
        }, n.Where);
        return new LabNatSpec(node, rule!);
    }

    /// <summary>Link names are unique per node; macvlan parents and VXLAN devices are links the lab makes.</summary>
    private void CheckLinkNames(List<LabLinkSpec> links, List<LabBridgeSpec> bridges, List<LabMacvlanSpec> macvlans, List<LabVxlanSpec> vxlans)
    {
        var linksOf = links.Select(l => (l.Node, l.Name)).Concat(links.Select(l => (Node: l.PeerNode, Name: l.PeerName)))
            .Concat(bridges.Select(b => (b.Node, b.Name))).Concat(macvlans.Select(m => (m.Node, m.Name))).Concat(vxlans.Select(v => (v.Node, v.Name)))
            .ToList();
        foreach (var duplicate in linksOf.GroupBy(x => x).Where(g => g.Count() > 1))
        {
            _problems.Add($"node '{duplicate.Key.Node}' would get two links named '{duplicate.Key.Name}'");
        }

        foreach (LabMacvlanSpec m in macvlans.Where(m => !linksOf.Contains((m.ParentNode, m.Parent))))
        {
            _problems.Add($"macvlan '{m.Name}' of node '{m.Node}': Parent '{m.Parent}' is not a link the lab makes in node '{m.ParentNode}'");
        }

        foreach (LabVxlanSpec v in vxlans.Where(v => v.Options.Device is string device && !linksOf.Contains((v.Node, device))))
        {
            _problems.Add($"vxlan '{v.Name}' of node '{v.Node}': Device '{v.Options.Device}' is not a link the lab makes in that node");
        }
    }

    /// <summary>
    /// Addresses that would be built but not work: two links of one node in overlapping subnets (the node could not
    /// tell which link a neighbour is on), and one address twice on one L2 segment (both ends of a veth, or two members
    /// of one bridge: the bridge and its ports' far ends).
    /// </summary>
    private void CheckAddresses(List<LabLinkSpec> links, List<LabBridgeSpec> bridges, List<LabMacvlanSpec> macvlans, List<LabVxlanSpec> vxlans)
    {
        var onLinks = links.SelectMany(l => l.Addresses.Select(a => (l.Node, Link: l.Name, Address: a)))
            .Concat(links.SelectMany(l => l.PeerAddresses.Select(a => (Node: l.PeerNode, Link: l.PeerName, Address: a))))
            .Concat(bridges.SelectMany(b => b.Addresses.Select(a => (b.Node, Link: b.Name, Address: a))))
            .Concat(macvlans.SelectMany(m => m.Addresses.Select(a => (m.Node, Link: m.Name, Address: a))))
            .Concat(vxlans.SelectMany(v => v.Addresses.Select(a => (v.Node, Link: v.Name, Address: a))))
            .ToList();
        foreach (var node in onLinks.GroupBy(a => a.Node))
        {
            var list = node.ToList();
            for (int i = 0; i < list.Count; i++)
            {
                for (int j = i + 1; j < list.Count; j++)
                {
                    if (list[i].Link != list[j].Link && list[i].Address.Overlaps(list[j].Address))
                    {
                        _problems.Add($"node '{node.Key}': {list[i].Address} on '{list[i].Link}' and {list[j].Address} on '{list[j].Link}' are in overlapping subnets");
                    }
                }
            }
        }

        var segments = links.Where(l => l.Bridge is null)
            .Select(l => ($"the veth {l.Node}:{l.Name} <-> {l.PeerNode}:{l.PeerName}", l.Addresses.Concat(l.PeerAddresses)))
            .Concat(bridges.Select(b => ($"bridge '{b.Name}' in node '{b.Node}'",
                b.Addresses.Concat(links.Where(l => l.Bridge == b.Name && l.PeerNode == b.Node).SelectMany(l => l.Addresses)))));
        foreach (var (segment, addresses) in segments)
        {
            foreach (var twice in addresses.GroupBy(a => a.Address).Where(g => g.Count() > 1))
            {
                _problems.Add($"{segment}: address {twice.Key} is given twice on one segment");
            }
        }
    }

    /// <summary>
    /// Items sorted so that each comes after the one it depends on (a macvlan after its macvlan parent, a container
    /// after the container whose namespace it shares); a cycle is a problem, reported once, and the order kept.
    /// </summary>
    private List<T> InDependencyOrder<T>(List<T> items, Func<T, (string Node, string Name)> key, Func<T, (string Node, string Name)?> dependsOn,
        Func<List<(string Node, string Name)>, string> cycleProblem)
    {
        var byKey = items.GroupBy(key).ToDictionary(g => g.Key, g => g.First());
        var ordered = new List<T>();
        var state = new Dictionary<(string, string), bool>(); // false: being visited, true: placed
        foreach (T item in items)
        {
            var path = new List<(string Node, string Name)>();
            for (T? current = item; current is not null;)
            {
                var k = key(current);
                if (state.TryGetValue(k, out bool placed))
                {
                    if (!placed)
                    {
                        var cycle = path.SkipWhile(p => p != k).Append(k).ToList();
                        _problems.Add(cycleProblem(cycle));
                        return items;
                    }

                    break;
                }

                state[k] = false;
                path.Add(k);
                current = dependsOn(current) is { } next && byKey.TryGetValue(next, out T? parent) ? parent : default;
            }

            for (int i = path.Count - 1; i >= 0; i--)
            {
                state[path[i]] = true;
                ordered.Add(byKey[path[i]]);
            }
        }

        return ordered;
    }
}
