using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Nftables;
using PSContainerNet.Engine.Routes;
using PSContainerNet.Engine.TrafficControl;

namespace PSContainerNet.Engine.Labs;

/// <summary>The parts a definition asks for, each with how to make and unmake it.</summary>
internal static class LabDesired
{
    public static List<LabItem> Items(LabDefinition lab, LabJournal journal, LabEngines? engines)
    {
        var items = new List<LabItem>();
        NamespaceHandle Ns(string node) => NamespaceHandle.Resolve(lab.NamespaceOf(node));

        foreach (LabNetworkSpec network in lab.Networks)
        {
            string name = lab.DockerName(network.Name);
            items.Add(new(NetworkKey(network), LabSpecJson.Write(network),
                () =>
                {
                    journal.Docker(engines!.Of(network.Host).Endpoint.ToString());
                    LabDocker.CreateNetwork(engines.Of(network.Host), lab.Name, network);
                },
                () => ContainerNetworkService.Remove(engines!.Of(network.Host), name)));
        }

        foreach (LabContainerSpec container in lab.Containers)
        {
            var networks = lab.Networks.Where(n => container.Uses(lab.DockerName(n.Name))).Select(NetworkKey).ToList();
            items.Add(new(new(NetLabPart.Container, container.Host ?? string.Empty, container.Name), LabSpecJson.Write(container),
                () =>
                {
                    journal.Docker(engines!.Of(container.Host).Endpoint.ToString());
                    LabDocker.CreateContainer(lab.Name, container, engines.Of(container.Host), journal);
                },
                () => LabDocker.RemoveContainer(engines!.Of(container.Host), lab.DockerName(container.Name))) { Parents = networks });
        }

        foreach (LabNodeSpec node in lab.Nodes)
        {
            LabItemKey nodeKey = NodeKey(node.Name);
            items.Add(new(nodeKey, string.Empty, () => LabParts.MakeNode(journal, lab.Name, node.Name), () => NetNamespaceStore.Remove(lab.NamespaceOf(node.Name))));
            foreach (var (key, value) in node.Sysctls)
            {
                items.Add(new(new(NetLabPart.Sysctl, node.Name, key), value, () => NetSysctlService.Set(Ns(node.Name), key, value), () => { })
                {
                    InPlace = true,
                    Parents = [nodeKey],
                });
            }
        }

        foreach (LabBridgeSpec bridge in lab.Bridges)
        {
            LabItemKey key = new(NetLabPart.Bridge, bridge.Node, bridge.Name);
            items.Add(new(key, LabItemValues.Stp(bridge.Stp), () => MakeBridge(Ns(bridge.Node), bridge.Name, bridge.Stp), () => LinkService.Remove(Ns(bridge.Node), bridge.Name))
            {
                InPlace = true,
                LinkOf = [bridge.Node],
            });
            AddAddresses(items, bridge.Node, bridge.Name, bridge.Addresses, key, Ns);
        }

        foreach (LabLinkSpec link in lab.Links)
        {
            LabItemKey key = VethKey(link.Node, link.Name, link.PeerNode, link.PeerName);
            items.Add(new(key, link.Bridge is null ? string.Empty : PortValue(link.PeerNode, link.PeerName, link.Bridge),
                () => LabParts.MakeVeth(Ns(link.PeerNode), link.PeerName, link.Name, Ns(link.Node), link.Bridge),
                () => LinkService.Remove(Ns(link.Node), link.Name))
            {
                LinkOf = [link.Node, link.PeerNode],
            });
            AddAddresses(items, link.Node, link.Name, link.Addresses, key, Ns);
            AddAddresses(items, link.PeerNode, link.PeerName, link.PeerAddresses, key, Ns);
            AddImpairment(items, link.Node, link.Name, link.Impair, key, Ns);
            AddImpairment(items, link.PeerNode, link.PeerName, link.PeerImpair, key, Ns);
        }

        for (int i = 0; i < lab.Macvlans.Count; i++)
        {
            LabMacvlanSpec m = lab.Macvlans[i];
            string temporary = $"pscnmv{i}";
            LabItemKey key = new(NetLabPart.Macvlan, m.Node, m.Name);
            items.Add(new(key, MacvlanValue(m.Mode),
                () =>
                {
                    if (LinkService.Exists(Ns(m.Node), m.Name))
                    {
                        LinkService.Set(Ns(m.Node), m.Name, new LinkSettings { MacvlanMode = m.Mode });
                    }
                    else
                    {
                        LabParts.MakeMacvlan(Ns(m.Node), m.Name, Ns(m.ParentNode), m.Parent, m.Mode, temporary);
                    }
                },
                () => LinkService.Remove(Ns(m.Node), m.Name))
            {
                InPlace = true,
                LinkOf = [m.Node],
                Parents = [NodeKey(m.ParentNode)],
            });
            AddAddresses(items, m.Node, m.Name, m.Addresses, key, Ns);
        }

        foreach (LabVxlanSpec v in lab.Vxlans)
        {
            LabItemKey key = new(NetLabPart.Vxlan, v.Node, v.Name);
            items.Add(new(key, VxlanValue(v.Options.Vni), () => LinkService.NewVxlan(Ns(v.Node), v.Name, v.Options, new LinkOptions { Up = true }),
                () => LinkService.Remove(Ns(v.Node), v.Name))
            {
                LinkOf = [v.Node],
            });
            AddAddresses(items, v.Node, v.Name, v.Addresses, key, Ns);
        }

        foreach (LabRouteSpec route in lab.Routes)
        {
            RouteSpec spec = new()
            {
                Destination = route.Route.Destination,
                NextHop = route.Route.Gateway,
                InterfaceAlias = route.Route.Interface,
                Metric = route.Route.Metric,
            };
            items.Add(new(RouteKey(route.Node, route.Route.Destination), LabItemValues.Route(route.Route.Gateway?.ToString(), route.Route.Interface, route.Route.Metric),
                () => RouteService.Add(Ns(route.Node), spec, RouteWriteMode.Replace), () => RouteService.Remove(Ns(route.Node), spec))
            {
                Parents = [NodeKey(route.Node)],
            });
        }

        foreach (var group in lab.Nat.GroupBy(n => n.Node))
        {
            var specs = group.Select(n => n.Rule).ToList();
            items.Add(new(NatKey(group.Key), NatValue(NatService.Describe(specs)),
                () => NatService.Add(Ns(group.Key), specs, returnRules: false), () => RemoveNat(Ns(group.Key)))
            {
                Parents = [NodeKey(group.Key)],
            });
        }

        return items;
    }

    public static LabItemKey NodeKey(string node) => new(NetLabPart.Node, node, node);

    public static LabItemKey RouteKey(string node, IPPrefix destination) => new(NetLabPart.Route, node, $"{destination.Network}/{destination.PrefixLength}");

    public static LabItemKey NatKey(string node) => new(NetLabPart.Nat, node, "rules");

    /// <summary>A veth pair by both its ends, in one order whichever end a definition names first.</summary>
    public static LabItemKey VethKey(string node, string name, string peerNode, string peerName)
    {
        string a = $"{node}:{name}", b = $"{peerNode}:{peerName}";
        bool ordered = string.CompareOrdinal(a, b) <= 0;
        return new(NetLabPart.Link, ordered ? node : peerNode, ordered ? $"{a} <-> {b}" : $"{b} <-> {a}");
    }

    public static LabItemKey AddressKey(string node, string link, string address) => new(NetLabPart.Address, node, $"{address} on {link}");

    public static LabItemKey ImpairmentKey(string node, string link) => new(NetLabPart.Impairment, node, link);

    public static string PortValue(string node, string port, string bridge) => $"{node}:{port} in {bridge}";

    public static string MacvlanValue(MacvlanMode mode) => "mode " + mode.ToString().ToLowerInvariant();

    public static string VxlanValue(object? vni) => $"vni {vni}";

    public static string NatValue(IEnumerable<string> rules) => string.Join("; ", rules.Order(StringComparer.Ordinal));

    public static void MakeBridge(NamespaceHandle ns, string name, bool stp)
    {
        if (LinkService.Exists(ns, name))
        {
            LinkService.Set(ns, name, new LinkSettings { Bridge = new BridgeOptions { Stp = stp } });
        }
        else
        {
            LinkService.NewBridge(ns, name, new BridgeOptions { Stp = stp }, new LinkOptions { Up = true });
        }
    }

    public static void RemoveNat(NamespaceHandle ns) => NatService.Remove(ns, NatService.List(ns));

    private static LabItemKey NetworkKey(LabNetworkSpec network) => new(NetLabPart.Network, network.Host ?? string.Empty, network.Name);

    private static void AddAddresses(List<LabItem> items, string node, string link, IReadOnlyList<IPPrefix> addresses, LabItemKey owner, Func<string, NamespaceHandle> ns)
    {
        foreach (IPPrefix address in addresses)
        {
            items.Add(new(AddressKey(node, link, address.ToString()), string.Empty,
                () => LabParts.MakeAddress(ns(node), link, address),
                () => AddressService.Remove(ns(node), link, address))
            {
                Parents = [owner],
            });
        }
    }

    private static void AddImpairment(List<LabItem> items, string node, string link, ImpairmentSpec? impair, LabItemKey owner, Func<string, NamespaceHandle> ns)
    {
        if (impair is not ImpairmentSpec spec)
        {
            return;
        }

        items.Add(new(ImpairmentKey(node, link), LabItemValues.Impairment(spec), () => ImpairmentService.Set(ns(node), link, spec), () => ImpairmentService.Remove(ns(node), link))
        {
            InPlace = true,
            Parents = [owner],
        });
    }
}
