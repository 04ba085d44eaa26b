using System.Net;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Nftables;
using PSContainerNet.Engine.Routes;
using PSContainerNet.Engine.TrafficControl;

namespace PSContainerNet.Engine.Labs;

/// <summary>
/// The parts of a running lab, read from the kernel and its Docker engines, each able to unmake itself and to make
/// itself again as it was. Containers' own namespaces are Docker's: only the links other nodes have into them count.
/// </summary>
internal static class LabActual
{
    private static readonly HashSet<string> LabRouteProtocols = ["boot", "static"];

    /// <summary>The fallback tunnel devices the kernel puts in every namespace while their modules are loaded.</summary>
    private static readonly HashSet<string> KernelMade = ["tunl0", "sit0", "ip6tnl0", "gre0", "gretap0", "erspan0", "ip_vti0", "ip6_vti0", "ip6gre0"];

    /// <param name="wanted">The definition compared with: which sysctls to read, and which engines to ask.</param>
    /// <param name="engines">Each engine to ask, by the lab host name its parts are reported under.</param>
    public static List<LabItem> Items(NetLab lab, LabDefinition wanted, IReadOnlyList<(string Where, DockerClient Docker)> engines, LabJournal journal)
    {
        var items = new List<LabItem>();
        var containers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (where, docker) in engines)
        {
            AddDocker(items, lab.Name, where, docker, engines, containers, journal);
        }

        // A veth seen from both its ends is kept once, from the first node in the lab's order. (Reading nodes side by
        // side measured no faster: each read is a round trip on the node's namespace thread.)
        var byNamespace = lab.Nodes.ToDictionary(n => n.Namespace, StringComparer.Ordinal);
        var sysctls = wanted.Nodes.ToDictionary(n => n.Name, n => n.Sysctls.Keys, StringComparer.Ordinal);
        var perNode = lab.Nodes.Select(node =>
            NodeItems(lab.Name, node, sysctls.GetValueOrDefault(node.Name) ?? [], containers.Contains(node.Name), byNamespace, journal));
        var seen = items.Select(i => i.Key).ToHashSet();
        items.AddRange(perNode.SelectMany(list => list).Where(item => seen.Add(item.Key)));
        return items;
    }

    private static List<LabItem> NodeItems(
        string lab, NetLabNode node, IEnumerable<string> sysctls, bool container, Dictionary<string, NetLabNode> byNamespace, LabJournal journal)
    {
        var items = new List<LabItem>();
        NamespaceHandle ns = node.Handle;
        string name = node.Name;
        LabItemKey nodeKey = LabDesired.NodeKey(name);
        if (!container)
        {
            items.Add(new(nodeKey, string.Empty, () => LabParts.MakeNode(journal, lab, name), () => NetNamespaceStore.Remove(node.Namespace)));
            AddSysctls(items, ns, name, sysctls, nodeKey);
        }

        var owners = AddLinks(items, ns, name, node.Links, byNamespace, onlyLabVeths: container);
        AddAddresses(items, ns, name, node.Addresses, owners);
        foreach (NetLinkImpairment impairment in ImpairmentService.List(ns).Where(i => owners.ContainsKey(i.Name)))
        {
            items.Add(new(LabDesired.ImpairmentKey(name, impairment.Name), LabItemValues.Impairment(impairment),
                () => ImpairmentService.Set(ns, impairment.Name, SpecOf(impairment)), () => ImpairmentService.Remove(ns, impairment.Name))
            {
                InPlace = true,
                Parents = [owners[impairment.Name]],
            });
        }

        AddRoutes(items, ns, name, nodeKey, owners);
        var rules = NatService.List(ns);
        if (rules.Count > 0)
        {
            items.Add(new(LabDesired.NatKey(name), LabDesired.NatValue(rules.Select(r => r.ToString())),
                () => NatService.Restore(ns, rules), () => LabDesired.RemoveNat(ns)) { Parents = [nodeKey] });
        }

        return items;
    }

    private static void AddDocker(
        List<LabItem> items, string lab, string where, DockerClient docker, IReadOnlyList<(string Where, DockerClient Docker)> engines,
        HashSet<string> containerNodes, LabJournal journal)
    {
        string prefix = lab + "-";
        foreach (ContainerNetwork network in LabDocker.Networks(docker, lab))
        {
            string? json = network.Labels.GetValueOrDefault(LabDocker.SpecLabel);
            LabNetworkSpec? spec = LabSpecJson.ReadNetwork(json);
            // An overlay is one network, listed by every engine with containers on it: it belongs to the host it was made on.
            var (home, engine) = network.Scope == "swarm" && engines.FirstOrDefault(e => e.Where == spec?.Host) is { Docker: not null } made ? made : (where, docker);
            LabItemKey key = new(NetLabPart.Network, home, network.Name[prefix.Length..]);
            if (items.Any(i => i.Key == key))
            {
                continue;
            }

            items.Add(new(key, json ?? "(made without a recorded definition)",
                () => LabDocker.CreateNetwork(engine, lab, spec ?? throw Unrestorable("network", network.Name)),
                () => ContainerNetworkService.Remove(engine, network.Name)));
        }

        foreach (Container container in LabDocker.Containers(docker, lab))
        {
            string node = container.Name[prefix.Length..];
            containerNodes.Add(node);
            string? json = container.Labels.GetValueOrDefault(LabDocker.SpecLabel);
            items.Add(new(new(NetLabPart.Container, where, node), json ?? "(made without a recorded definition)",
                () => LabDocker.CreateContainer(lab, LabSpecJson.ReadContainer(json) ?? throw Unrestorable("container", container.Name), docker, journal),
                () => LabDocker.RemoveContainer(docker, container.Name)));
        }
    }

    private static EngineException Unrestorable(string what, string name) =>
        new(EngineErrorKind.NotSupported, $"{what} {name} cannot be made again as it was: remove and build the lab again", name);

    private static void AddSysctls(List<LabItem> items, NamespaceHandle ns, string node, IEnumerable<string> keys, LabItemKey nodeKey)
    {
        var wanted = keys.ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        foreach (NetSysctl setting in NetSysctlService.Get(ns, wanted))
        {
            items.Add(new(new(NetLabPart.Sysctl, node, setting.Name), setting.Value, () => NetSysctlService.Set(ns, setting.Name, setting.Value), () => { })
            {
                InPlace = true,
                Parents = [nodeKey],
            });
        }
    }

    /// <summary>The node's links as parts; returns which part each link name belongs to (for its addresses and impairment).</summary>
    private static Dictionary<string, LabItemKey> AddLinks(
        List<LabItem> items, NamespaceHandle ns, string node, IReadOnlyList<NetLink> links, Dictionary<string, NetLabNode> byNamespace, bool onlyLabVeths)
    {
        var owners = new Dictionary<string, LabItemKey>(StringComparer.Ordinal);
        foreach (NetLink link in links.Where(l => l.Name != "lo" && !KernelMade.Contains(l.Name)))
        {
            string name = link.Name;
            switch (link.Kind)
            {
                case "veth" when link.PeerName is string peerName && PeerNamespace(link, ns) is string peerNamespace && byNamespace.TryGetValue(peerNamespace, out NetLabNode? peerLabNode):
                {
                    string peerNode = peerLabNode.Name;
                    LabItemKey key = LabDesired.VethKey(node, name, peerNode, peerName);
                    owners[name] = key;
                    NamespaceHandle peerNs = peerLabNode.Handle;
                    NetLink? peer = peerLabNode.Links.FirstOrDefault(l => l.Name == peerName); // read once per node, however many links lead there
                    // The end in a bridge is the port: made from its side, as a build makes it.
                    var (portNs, port, otherNs, other, bridge, portNode) = link.Master is string master
                        ? (ns, name, peerNs, peerName, master, node)
                        : (peerNs, peerName, ns, name, peer?.Master, peerNode);
                    items.Add(new(key, bridge is null ? string.Empty : LabDesired.PortValue(portNode, port, bridge),
                        () => LabParts.MakeVeth(portNs, port, other, otherNs, bridge), () => LinkService.Remove(ns, name))
                    {
                        LinkOf = [node, peerNode],
                    });
                    break;
                }

                case "veth":
                    break; // to something outside the lab (a container's Docker side, the host): not the lab's to change

                case var _ when onlyLabVeths:
                    break; // a container's own links are Docker's

                case "bridge":
                {
                    LabItemKey key = new(NetLabPart.Bridge, node, name);
                    owners[name] = key;
                    bool stp = link.KindProperties.GetValueOrDefault("Stp") is true;
                    items.Add(new(key, LabItemValues.Stp(stp), () => LabDesired.MakeBridge(ns, name, stp), () => LinkService.Remove(ns, name))
                    {
                        InPlace = true,
                        LinkOf = [node],
                    });
                    break;
                }

                case "macvlan":
                {
                    LabItemKey key = new(NetLabPart.Macvlan, node, name);
                    owners[name] = key;
                    var mode = link.KindProperties.GetValueOrDefault("Mode") as MacvlanMode?;
                    items.Add(new(key, mode is MacvlanMode m ? LabDesired.MacvlanValue(m) : "mode ?",
                        () => LinkService.Set(ns, name, new LinkSettings { MacvlanMode = mode }), () => LinkService.Remove(ns, name))
                    {
                        InPlace = true,
                        LinkOf = [node],
                    });
                    break;
                }

                default:
                {
                    // A VXLAN, or a link of a kind no definition makes: unmade, it cannot be made again from what the kernel says.
                    NetLabPart part = link.Kind == "vxlan" ? NetLabPart.Vxlan : NetLabPart.Link;
                    LabItemKey key = new(part, node, name);
                    owners[name] = key;
                    string value = part == NetLabPart.Vxlan ? LabDesired.VxlanValue(link.KindProperties.GetValueOrDefault("Vni")) : link.Kind ?? "link";
                    items.Add(new(key, value, () => throw Unrestorable($"{link.Kind ?? "link"} link", $"{node}:{name}"), () => LinkService.Remove(ns, name))
                    {
                        LinkOf = [node],
                    });
                    break;
                }
            }
        }

        return owners;
    }

    /// <summary>The namespace of a veth's peer: its own when the kernel names no other, null when the other has no name (the host's).</summary>
    private static string? PeerNamespace(NetLink link, NamespaceHandle ns) => link.PeerNamespace ?? (link.LinkNetNsId is null ? ns.Name : null);

    private static void AddAddresses(List<LabItem> items, NamespaceHandle ns, string node, IReadOnlyList<NetIPAddress> addresses, Dictionary<string, LabItemKey> owners)
    {
        foreach (NetIPAddress address in addresses)
        {
            if (!owners.TryGetValue(address.InterfaceAlias, out LabItemKey owner) || IPAddress.Parse(address.IPAddress).IsIPv6LinkLocal)
            {
                continue;
            }

            var prefix = new IPPrefix(IPAddress.Parse(address.IPAddress), address.PrefixLength);
            string link = address.InterfaceAlias;
            items.Add(new(LabDesired.AddressKey(node, link, prefix.ToString()), string.Empty,
                () => LabParts.MakeAddress(ns, link, prefix),
                () => AddressService.Remove(ns, link, prefix))
            {
                Parents = [owner],
            });
        }
    }

    /// <summary>Static routes through the lab's links (a container's default route through its Docker link is Docker's).</summary>
    private static void AddRoutes(List<LabItem> items, NamespaceHandle ns, string node, LabItemKey nodeKey, Dictionary<string, LabItemKey> owners)
    {
        foreach (NetRoute route in RouteService.List(ns)
            .Where(r => LabRouteProtocols.Contains(r.Protocol) && r.Type == "unicast" && r.InterfaceAlias is string via && owners.ContainsKey(via)))
        {
            var spec = new RouteSpec
            {
                Destination = IPPrefix.Parse(route.DestinationPrefix),
                NextHop = route.NextHop is null ? null : IPAddress.Parse(route.NextHop),
                InterfaceAlias = route.InterfaceAlias,
                Metric = route.RouteMetric,
            };
            items.Add(new(LabDesired.RouteKey(node, spec.Destination), LabItemValues.Route(route.NextHop, route.InterfaceAlias, route.RouteMetric),
                () => RouteService.Add(ns, spec, RouteWriteMode.Replace), () => RouteService.Remove(ns, spec))
            {
                Parents = [nodeKey],
            });
        }
    }

    private static ImpairmentSpec SpecOf(NetLinkImpairment i) => new()
    {
        Rate = i.Rate, Burst = i.Burst, Limit = i.Limit, Delay = i.Delay, Jitter = i.Jitter,
        Loss = i.Loss, Duplicate = i.Duplicate, Reorder = i.Reorder, Corrupt = i.Corrupt,
    };
}
