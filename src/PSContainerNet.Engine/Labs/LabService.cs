using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Nftables;
using PSContainerNet.Engine.Routes;

namespace PSContainerNet.Engine.Labs;

/// <summary>A lab as found on the live system: its nodes (namespaces) with their links and addresses.</summary>
public sealed class NetLab
{
    public required string Name { get; init; }

    public required IReadOnlyList<NetLabNode> Nodes { get; init; }

    public override string ToString() => Name;
}

/// <summary>One node of a lab: its namespace, and what is in it now.</summary>
public sealed class NetLabNode
{
    // Read on demand: a script that builds a thousand nodes and never looks at them pays nothing for them.
    private readonly Lazy<IReadOnlyList<NetLink>> _links;
    private readonly Lazy<IReadOnlyList<NetIPAddress>> _addresses;

    internal NetLabNode(NamespaceHandle ns)
    {
        Handle = ns;
        _links = new(() => LinkService.List(ns));
        _addresses = new(() => AddressService.List(ns));
    }

    /// <summary>The node's namespace, as it was resolved when the lab was read.</summary>
    internal NamespaceHandle Handle { get; }

    public required string Lab { get; init; }

    public required string Name { get; init; }

    /// <summary>The namespace name (LAB-NODE); -Namespace parameters bind it from piped nodes.</summary>
    public required string Namespace { get; init; }

    /// <summary>The node's links, read from the kernel when first asked for.</summary>
    public IReadOnlyList<NetLink> Links => _links.Value;

    /// <summary>The node's addresses, read from the kernel when first asked for.</summary>
    public IReadOnlyList<NetIPAddress> Addresses => _addresses.Value;

    public override string ToString() => Namespace;
}

/// <summary>What Remove-NetLab removed.</summary>
public sealed class NetLabRemoval
{
    public required string Lab { get; init; }

    public required IReadOnlyList<string> Namespaces { get; init; }

    public IReadOnlyList<string> Containers { get; init; } = [];

    public IReadOnlyList<string> Networks { get; init; } = [];

    public TimeSpan Duration { get; init; }

    public override string ToString() => $"{Lab}: {Namespaces.Count} namespace(s), {Containers.Count} container(s), {Networks.Count} network(s)";
}

/// <summary>
/// Builds labs from definitions, finds them on the live system and removes them. Every node namespace carries the
/// lab's mark on its loopback's alias, so labs are found from the kernel alone, leftovers of a killed script included.
/// </summary>
public static class LabService
{
    private const string MarkPrefix = "pscontainernet-lab=";

    /// <summary>The Docker label on a lab's containers and networks.</summary>
    public const string LabLabel = "io.pscontainernet.lab";

    /// <summary>
    /// Builds a lab in dependency order: nodes (namespaces, lo up, marks, settings), bridges, veth links, addresses,
    /// routes, NAT. When a step fails, every namespace the build made is removed (their links go with them) and the
    /// error names the step. <paramref name="progress"/> hears of each step before it runs.
    /// </summary>
    public static NetLab Build(LabDefinition lab, Action<int, int, string>? progress = null)
    {
        var existing = Find(lab.Name);
        if (existing.Count > 0)
        {
            throw new EngineException(EngineErrorKind.AlreadyExists,
                $"lab '{lab.Name}' exists already ({existing[0].Nodes.Count} node(s)); Remove-NetLab {lab.Name} first", lab.Name);
        }

        var made = new List<string>();
        var steps = Plan(lab, made);
        if (LabSteps.Run(steps, progress) is var (failed, error))
        {
            string undone = RemoveNamespaces(made);
            if (lab.Networks.Count + lab.Containers.Count > 0)
            {
                RemoveDocker(lab.Name);
            }

            if (error.SourceException is EngineException e)
            {
                throw new EngineException(e.Kind,
                    $"building lab '{lab.Name}' failed at step {failed + 1} of {steps.Count} ({steps[failed].Description}): {e.Message}; {undone}",
                    e.Target ?? lab.Name, e);
            }

            error.Throw(); // a defect, not a lab problem: its own exception, after the same rollback
        }

        // What was just built, without reading every namespace on the system again as Find does.
        return Lab(lab.Name, lab.Nodes.Select(n => (n.Name, NamespaceHandle.Resolve(lab.NamespaceOf(n.Name))))
            .Concat(lab.Containers.Where(c => c.OwnNamespace).Select(c => (c.Name, NamespaceHandle.Resolve(lab.DockerName(c.Name))))));
    }

    /// <summary>Labs found on the live system, by name pattern (all when null).</summary>
    public static IReadOnlyList<NetLab> Find(string? pattern = null)
    {
        var wildcard = pattern is null ? null : new Wildcard(pattern);
        return Marked()
            .Where(m => wildcard is null || wildcard.IsMatch(m.Lab))
            .GroupBy(m => m.Lab, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Lab(g.Key, g.Select(m => (m.Node, m.Namespace))))
            .ToList();
    }

    /// <summary>The lab of exactly this name; NotFound when there is none.</summary>
    public static NetLab Get(string lab)
    {
        var nodes = Marked().Where(m => m.Lab == lab).Select(m => (m.Node, m.Namespace)).ToList();
        return nodes.Count > 0
            ? Lab(lab, nodes)
            : throw new EngineException(EngineErrorKind.NotFound, $"no lab named '{lab}'; Get-NetLab lists them", lab);
    }

    private static NetLab Lab(string name, IEnumerable<(string Node, NamespaceHandle Namespace)> nodes) => new()
    {
        Name = name,
        Nodes = nodes.OrderBy(n => n.Node, StringComparer.Ordinal).Select(n => new NetLabNode(n.Namespace)
        {
            Lab = name,
            Name = n.Node,
            Namespace = n.Namespace.Name!,
        }).ToList(),
    };

    /// <summary>Removes every namespace that carries the lab's mark (their links go with them). Idempotent.</summary>
    public static NetLabRemoval Remove(string lab)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var names = Marked().Where(m => m.Lab == lab).Select(m => m.Namespace.Name!).ToList();
        foreach (string name in names)
        {
            NetNamespaceStore.Remove(name);
        }

        var (containers, networks) = RemoveDocker(lab);
        return new NetLabRemoval { Lab = lab, Namespaces = names, Containers = containers, Networks = networks, Duration = watch.Elapsed };
    }

    /// <summary>
    /// The build's steps with what each needs and gives (see <see cref="LabStep"/>): Docker steps one after another,
    /// then per node its namespace, its bridges, the veths between nodes, macvlans, VXLANs, routes and NAT. Every
    /// namespace made is added to <paramref name="made"/> for the rollback.
    /// </summary>
    private static List<LabStep> Plan(LabDefinition lab, List<string> made)
    {
        var steps = new List<LabStep>();
        string[] dockerChain = ["docker"];
        void Made(string name)
        {
            lock (made)
            {
                made.Add(name);
            }
        }

        NamespaceHandle Ns(string node) => NamespaceHandle.Resolve(lab.NamespaceOf(node));
        var labels = new Dictionary<string, string> { [LabLabel] = lab.Name };
        DockerClient? docker = null;
        DockerClient Docker() => docker ??= DockerClient.Connect();

        foreach (LabNetworkSpec network in lab.Networks)
        {
            steps.Add(new($"Docker network {network.Name}", dockerChain, dockerChain, () => ContainerNetworkService.Create(Docker(), new ContainerNetworkSpec
            {
                Name = lab.DockerName(network.Name),
                Pools = network.Pools,
                Internal = network.Internal,
                Labels = labels,
            })));
        }

        foreach (LabContainerSpec container in lab.Containers)
        {
            steps.Add(new($"container {container.Name}", dockerChain, ["docker", "node:" + container.Name], () =>
            {
                string name = lab.DockerName(container.Name);
                Container started = ContainerService.Create(Docker(), new ContainerSpec
                {
                    Image = container.Image,
                    Name = name,
                    Command = container.Command,
                    Network = container.Network,
                    IPAddress = container.IPAddress,
                    Aliases = container.Aliases,
                    Publish = container.Publish,
                    Labels = labels,
                });
                foreach (LabConnectSpec join in container.Connect)
                {
                    ContainerNetworkService.Connect(Docker(), join.Network, name, new EndpointSpec { IPv4Address = join.IPAddress, Aliases = join.Aliases });
                }

                if (container.OwnNamespace)
                {
                    // Named like a node, and marked, so the container is a lab node for every namespace cmdlet.
                    NetNamespaceStore.Register(name, started.Pid);
                    Made(name);
                    LinkService.Set(NamespaceHandle.Resolve(name), "lo", new LinkSettings { Alias = $"{MarkPrefix}{lab.Name} node={container.Name}" });
                }
            }));
        }

        foreach (LabNodeSpec node in lab.Nodes)
        {
            string name = lab.NamespaceOf(node.Name);
            steps.Add(new($"node {node.Name}: namespace {name}", [], ["node:" + node.Name], () =>
            {
                NetNamespaceStore.Create(name);
                Made(name);
                // The mark first: a build killed after this point still leaves a namespace Remove-NetLab finds.
                LinkService.Set(Ns(node.Name), "lo", new LinkSettings { Up = true, Alias = $"{MarkPrefix}{lab.Name} node={node.Name}" });
                foreach (var (key, value) in node.Sysctls)
                {
                    NetSysctlService.Set(Ns(node.Name), key, value);
                }
            }));
        }

        foreach (LabBridgeSpec bridge in lab.Bridges)
        {
            steps.Add(new($"bridge {bridge.Name} in {bridge.Node}", ["node:" + bridge.Node], [$"bridge:{bridge.Node}/{bridge.Name}", "links:" + bridge.Node], () =>
            {
                LinkService.NewBridge(Ns(bridge.Node), bridge.Name, new BridgeOptions { Stp = bridge.Stp }, new LinkOptions { Up = true });
                AddAll(Ns(bridge.Node), bridge.Name, bridge.Addresses);
            }));
        }

        foreach (LabLinkSpec link in lab.Links)
        {
            string what = link.Bridge is null
                ? $"veth {link.Node}:{link.Name} <-> {link.PeerNode}:{link.PeerName}"
                : $"veth {link.Node}:{link.Name} <-> port {link.PeerName} of {link.Bridge}";
            string[] needs = link.Bridge is null
                ? ["node:" + link.Node, "node:" + link.PeerNode]
                : ["node:" + link.Node, "node:" + link.PeerNode, $"bridge:{link.PeerNode}/{link.Bridge}"];
            steps.Add(new(what, needs, ["links:" + link.Node, "links:" + link.PeerNode], () =>
            {
                NamespaceHandle ns = Ns(link.Node), peerNs = Ns(link.PeerNode);
                // Made from the bridge's side, the port joins the bridge in the creating request; one queue each
                // way (all a veth uses unless tuned for XDP) spares the kernel an RCU wait per veth.
                LinkService.CreateVeth(peerNs, link.PeerName, link.Name, ns, new LinkOptions { Up = true, Master = link.Bridge, Queues = 1 });
                AddAll(ns, link.Name, link.Addresses);
                AddAll(peerNs, link.PeerName, link.PeerAddresses);
            }));
        }

        for (int i = 0; i < lab.Macvlans.Count; i++)
        {
            LabMacvlanSpec m = lab.Macvlans[i];
            string temporary = $"pscnmv{i}"; // unique in the parent's node until it moves under its own name
            steps.Add(new($"macvlan {m.Node}:{m.Name} on {m.ParentNode}:{m.Parent}", ["node:" + m.Node, "node:" + m.ParentNode, "links:" + m.ParentNode], ["links:" + m.Node], () =>
            {
                NamespaceHandle ns = Ns(m.Node), parentNs = Ns(m.ParentNode);
                if (ns.Inode == parentNs.Inode)
                {
                    LinkService.NewMacvlan(ns, m.Name, m.Parent, m.Mode, new LinkOptions { Up = true });
                }
                else
                {
                    LinkService.NewMacvlan(parentNs, temporary, m.Parent, m.Mode, new LinkOptions());
                    LinkService.Set(parentNs, temporary, new LinkSettings { MoveTo = ns, NewName = m.Name });
                    LinkService.Set(ns, m.Name, new LinkSettings { Up = true });
                }

                AddAll(ns, m.Name, m.Addresses);
            }));
        }

        foreach (LabVxlanSpec v in lab.Vxlans)
        {
            steps.Add(new($"vxlan {v.Node}:{v.Name} (VNI {v.Options.Vni})", ["node:" + v.Node, "links:" + v.Node], ["links:" + v.Node], () =>
            {
                LinkService.NewVxlan(Ns(v.Node), v.Name, v.Options, new LinkOptions { Up = true });
                AddAll(Ns(v.Node), v.Name, v.Addresses);
            }));
        }

        foreach (LabRouteSpec route in lab.Routes)
        {
            steps.Add(new($"route {route.Route.Destination} in {route.Node}", ["node:" + route.Node, "links:" + route.Node], [], () => RouteService.Create(Ns(route.Node), new RouteSpec
            {
                Destination = route.Route.Destination,
                NextHop = route.Route.Gateway,
                InterfaceAlias = route.Route.Interface,
                Metric = route.Route.Metric,
            })));
        }

        foreach (var group in lab.Nat.GroupBy(n => n.Node))
        {
            steps.Add(new($"{group.Count()} NAT rule(s) in {group.Key}", ["node:" + group.Key, "links:" + group.Key], [], () => NatService.Add(Ns(group.Key), group.Select(n => n.Rule).ToList(), returnRules: false)));
        }

        return steps;
    }

    private static void AddAll(NamespaceHandle ns, string link, IReadOnlyList<IPPrefix> addresses)
    {
        foreach (IPPrefix address in addresses)
        {
            AddressService.Create(ns, link, address, new AddressOptions { SkipDuplicateAddressDetection = true });
        }
    }

    /// <summary>Removes what a failed build made; says so for the error message.</summary>
    private static string RemoveNamespaces(List<string> names)
    {
        var left = new List<string>();
        foreach (string name in names)
        {
            try
            {
                NetNamespaceStore.Remove(name);
            }
            catch (EngineException)
            {
                left.Add(name);
            }
        }

        return left.Count == 0
            ? $"everything it had made was removed ({names.Count} namespace(s))"
            : $"removing what it had made failed for {string.Join(", ", left)}; Remove-NetNamespace them";
    }

    /// <summary>
    /// Removes the lab's containers, then its networks (found by their label; names alone could be another lab's).
    /// Without a reachable Docker engine there is nothing of Docker's to remove.
    /// </summary>
    private static (IReadOnlyList<string> Containers, IReadOnlyList<string> Networks) RemoveDocker(string lab)
    {
        DockerClient docker = DockerClient.Connect(timeout: TimeSpan.FromSeconds(30));
        try
        {
            _ = docker.ApiVersion;
        }
        catch (DockerException e) when (e.Kind is EngineErrorKind.ConnectionFailed or EngineErrorKind.PermissionDenied or EngineErrorKind.Timeout)
        {
            return ([], []);
        }

        var containers = ContainerService.List(docker, [$"{lab}-*"], all: true)
            .Where(c => c.Labels.TryGetValue(LabLabel, out string? owner) && owner == lab).Select(c => c.Name).ToList();
        foreach (string container in containers)
        {
            ContainerService.Remove(docker, container, force: true);
        }

        var networks = ContainerNetworkService.List(docker, [$"{lab}-*"])
            .Where(n => n.Labels.TryGetValue(LabLabel, out string? owner) && owner == lab).Select(n => n.Name).ToList();
        foreach (string network in networks)
        {
            ContainerNetworkService.Remove(docker, network);
        }

        return (containers, networks);
    }

    /// <summary>Every named namespace whose loopback carries a lab mark.</summary>
    private static IEnumerable<(string Lab, string Node, NamespaceHandle Namespace)> Marked()
    {
        foreach (string name in NetNamespaceStore.Names())
        {
            NamespaceHandle handle;
            string? alias;
            try
            {
                handle = NamespaceHandle.Resolve(name);
                alias = LinkService.AliasOf(handle, "lo");
            }
            catch (EngineException)
            {
                continue; // removed while we looked, or not a namespace (a leftover file)
            }

            if (alias is not null && alias.StartsWith(MarkPrefix, StringComparison.Ordinal))
            {
                string[] parts = alias[MarkPrefix.Length..].Split(" node=");
                yield return (parts[0], parts.Length > 1 ? parts[1] : name, handle);
            }
        }
    }
}
