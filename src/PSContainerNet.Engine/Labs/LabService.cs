using System.Runtime.ExceptionServices;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Nftables;
using PSContainerNet.Engine.Routes;
using PSContainerNet.Engine.TrafficControl;

namespace PSContainerNet.Engine.Labs;

/// <summary>A lab as found on the live system: its nodes (namespaces) with their links and addresses.</summary>
public sealed class NetLab
{
    public required string Name { get; init; }

    public required IReadOnlyList<NetLabNode> Nodes { get; init; }

    /// <summary>
    /// Names in /run/netns that the lab's build reserved but never made into namespaces (it was killed meanwhile);
    /// Remove-NetLab removes them.
    /// </summary>
    public IReadOnlyList<string> Leftovers { get; init; } = [];

    /// <summary>The lab's Docker containers and networks, for a lab whose journal says it used Docker.</summary>
    public IReadOnlyList<string> Containers { get; init; } = [];

    public IReadOnlyList<string> Networks { get; init; } = [];

    /// <summary>The Docker engines the lab uses, each with the lab's containers and networks on it.</summary>
    public IReadOnlyList<NetLabEngine> Engines { get; init; } = [];

    public override string ToString() => Name;
}

/// <summary>One Docker engine of a lab, with the lab's containers and networks on it.</summary>
public sealed record NetLabEngine(string DockerHost, IReadOnlyList<string> Containers, IReadOnlyList<string> Networks)
{
    public override string ToString() => DockerHost;
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
    /// <summary>The Docker label on a lab's containers and networks.</summary>
    public const string LabLabel = LabDocker.LabLabel;

    /// <summary>
    /// Builds a lab in dependency order: nodes (namespaces, lo up, marks, settings), bridges, veth links, addresses,
    /// routes, NAT. One build or removal of a lab runs at a time (Busy otherwise), and everything is written in the
    /// lab's journal before it is made. When a step fails, or <paramref name="cancel"/> stops the build (Ctrl+C),
    /// everything the build made is removed and the error names the step. <paramref name="progress"/> hears of each
    /// step before it runs; if it throws (a stopping pipeline), the build is undone and its exception passed on.
    /// Containers and networks are made on <paramref name="dockerHost"/> (DOCKER_HOST or the local engine when null),
    /// each request within <paramref name="dockerTimeout"/> (60 s when not given).
    /// </summary>
    public static NetLab Build(
        LabDefinition lab, Action<int, int, string>? progress = null, CancellationToken cancel = default, string? dockerHost = null, TimeSpan? dockerTimeout = null)
    {
        using LabJournal journal = LabJournal.Lock(lab.Name, "building");
        var existing = Find(lab.Name);
        if (existing.Count > 0)
        {
            throw new EngineException(EngineErrorKind.AlreadyExists,
                $"lab '{lab.Name}' exists already ({existing[0].Nodes.Count} node(s)); Remove-NetLab {lab.Name} first", lab.Name);
        }

        LabEngines? engines = LabEngines.For(lab, dockerHost, cancel, dockerTimeout);
        journal.Start();
        var steps = Plan(lab, journal, engines);
        (int Step, ExceptionDispatchInfo Error)? failure;
        try
        {
            failure = LabSteps.Run(steps, progress, cancel);
            if (failure is null && cancel.IsCancellationRequested)
            {
                // Stopped as the last steps ran: a stopped build leaves nothing, however far it got.
                failure = (steps.Count - 1, ExceptionDispatchInfo.Capture(new OperationCanceledException("the build was stopped", cancel)));
            }
        }
        catch (Exception)
        {
            Undo(lab, journal, engines, null);
            throw;
        }

        if (failure is var (failed, error))
        {
            string undone = Undo(lab, journal, engines, error.SourceException);
            string where = $"building lab '{lab.Name}' {(error.SourceException is OperationCanceledException ? "was stopped" : "failed")} at step {failed + 1} of {steps.Count} ({steps[failed].Description})";
            switch (error.SourceException)
            {
                case EngineException e:
                    throw new EngineException(e.Kind, $"{where}: {e.Message}; {undone}", e.Target ?? lab.Name, e);
                case OperationCanceledException stopped:
                    throw new OperationCanceledException($"{where}; {undone}", stopped, cancel);
                default:
                    error.Throw(); // a defect, not a lab problem: its own exception, after the same rollback
                    break;
            }
        }

        // What was just built, without reading every namespace on the system again as Find does.
        return Lab(lab.Name, lab.Nodes.Select(n => (n.Name, NamespaceHandle.Resolve(lab.NamespaceOf(n.Name))))
            .Concat(lab.Containers.Where(c => c.OwnNamespace && engines!.IsLocal(c.Host)).Select(c => (c.Name, NamespaceHandle.Resolve(lab.DockerName(c.Name))))));
    }

    /// <summary>
    /// Removes what a failed or stopped build made, by its journal: never throws, so the build's own error is the one
    /// reported; what could not be removed is said in the returned text. An engine that did not answer the build is
    /// not asked again (its wait would add to the bound the error names): its objects stay for Remove-NetLab.
    /// </summary>
    private static string Undo(LabDefinition lab, LabJournal journal, LabEngines? engines, Exception? cause)
    {
        var record = LabJournal.Read(lab.Name);
        var namespaces = record?.Namespaces.Select(n => n.Namespace).ToList() ?? [];
        var left = new List<string>();
        foreach (string name in namespaces)
        {
            try
            {
                if (File.Exists(NetNamespaceStore.PathOf(name)))
                {
                    NetNamespaceStore.Remove(name);
                }
            }
            catch (EngineException)
            {
                left.Add(name);
            }
        }

        string? dockerLeft = null;
        // An engine that never answered this build made nothing of it.
        var answered = engines?.All.Where(e => e.HasAnswered).ToList() ?? [];
        if (record?.UsedDocker == true && answered.Count > 0)
        {
            if (cause is DockerException { Kind: EngineErrorKind.Timeout } || cause is OperationCanceledException)
            {
                // An engine did not answer in time, or the user stopped the build: asking again would add its wait.
                dockerLeft = answered.Count == 1
                    ? $"the Docker engine at {answered[0].Endpoint} was not asked again for its containers and networks"
                    : $"the Docker engines at {string.Join(", ", answered.Select(e => e.Endpoint))} were not asked again for its containers and networks";
            }
            else
            {
                try
                {
                    LabDocker.Remove(answered, lab.Name, answered.Where(e => record.SwarmHosts.Contains(e.Endpoint.Host)).ToList());
                }
                catch (EngineException e)
                {
                    dockerLeft = $"removing its Docker containers and networks failed ({e.Message})";
                }
            }
        }

        if (left.Count == 0 && dockerLeft is null)
        {
            journal.Delete();
            return $"everything it had made was removed ({namespaces.Count} namespace(s))";
        }

        var parts = new List<string>();
        if (left.Count > 0)
        {
            parts.Add($"removing namespaces {string.Join(", ", left)} failed");
        }

        if (dockerLeft is not null)
        {
            parts.Add(dockerLeft);
        }

        return $"{string.Join("; ", parts)}: Remove-NetLab {lab.Name} removes what is left";
    }

    /// <summary>
    /// Labs found on the live system, by name pattern (all when null): from the marks on their nodes, from their journals
    /// (namespaces a killed build made but had not marked yet), and, for labs whose journal says they used Docker, from
    /// the engine (a lab whose only leftovers are containers or networks). The engine is asked about no other lab.
    /// </summary>
    public static IReadOnlyList<NetLab> Find(string? pattern = null)
    {
        var wildcard = pattern is null ? null : new Wildcard(pattern);
        bool Wanted(string lab) => wildcard is null || wildcard.IsMatch(lab);
        var nodes = Marked().Where(m => Wanted(m.Lab)).ToList();
        var journals = LabJournal.ReadAll().Where(r => Wanted(r.Lab)).ToList();
        foreach (LabRecord record in journals)
        {
            foreach (var (name, node) in record.Namespaces)
            {
                if (!nodes.Any(n => n.Namespace.Name == name) && TryResolve(name) is NamespaceHandle unmarked)
                {
                    nodes.Add((record.Lab, node, unmarked));
                }
            }
        }

        var leftovers = journals.ToDictionary(r => r.Lab, r => r.Namespaces.Select(n => n.Namespace)
            .Where(name => File.Exists(NetNamespaceStore.PathOf(name)) && nodes.All(n => n.Namespace.Name != name) && TryResolve(name) is null).ToList());
        var labs = new List<NetLab>();
        foreach (string name in nodes.Select(n => n.Lab).Concat(leftovers.Where(l => l.Value.Count > 0).Select(l => l.Key)).Distinct(StringComparer.Ordinal))
        {
            var record = journals.FirstOrDefault(r => r.Lab == name);
            NetLab lab = Lab(name, nodes.Where(n => n.Lab == name).Select(n => (n.Node, n.Namespace)), leftovers.GetValueOrDefault(name) ?? []);
            labs.Add(WithDocker(lab, record).Lab);
        }

        foreach (LabRecord record in journals.Where(r => r.UsedDocker && labs.All(l => l.Name != r.Lab)))
        {
            var (dockerOnly, known) = WithDocker(Lab(record.Lab, [], []), record);
            if (!known || dockerOnly.Containers.Count + dockerOnly.Networks.Count > 0)
            {
                labs.Add(dockerOnly);
            }
        }

        return labs.OrderBy(l => l.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The lab of exactly this name; NotFound when there is none.</summary>
    public static NetLab Get(string lab) =>
        (LabDefinition.IsLabName(lab) ? Find(lab).FirstOrDefault(l => l.Name == lab) : null)
        ?? throw new EngineException(EngineErrorKind.NotFound, $"no lab named '{lab}'; Get-NetLab lists them", lab);

    /// <summary>
    /// The lab with its Docker objects, when its journal says it used Docker. A lab whose engine cannot be asked is
    /// still a lab: its objects may be there, and Remove-NetLab says so.
    /// </summary>
    /// <returns>The lab, and whether anything of it is known to be left (false: nothing is, or the engine did not answer).</returns>
    private static (NetLab Lab, bool Known) WithDocker(NetLab lab, LabRecord? record)
    {
        if (record is null || !record.UsedDocker)
        {
            return (lab, true);
        }

        var engines = new List<NetLabEngine>();
        bool known = true;
        foreach (string host in record.DockerHosts)
        {
            try
            {
                var (containers, networks) = LabDocker.Objects(DockerClient.Connect(host, timeout: TimeSpan.FromSeconds(10)), lab.Name);
                engines.Add(new NetLabEngine(host, containers, networks));
            }
            catch (DockerException)
            {
                known = false;
            }
        }

        return (new NetLab
        {
            Name = lab.Name, Nodes = lab.Nodes, Leftovers = lab.Leftovers, Engines = engines,
            Containers = engines.SelectMany(e => e.Containers).Distinct().ToList(), Networks = engines.SelectMany(e => e.Networks).Distinct().ToList(),
        }, known || engines.Any(e => e.Containers.Count + e.Networks.Count > 0));
    }

    private static NetLab Lab(string name, IEnumerable<(string Node, NamespaceHandle Namespace)> nodes, IReadOnlyList<string>? leftovers = null) => new()
    {
        Name = name,
        Nodes = nodes.OrderBy(n => n.Node, StringComparer.Ordinal).Select(n => new NetLabNode(n.Namespace)
        {
            Lab = name,
            Name = n.Node,
            Namespace = n.Namespace.Name!,
        }).ToList(),
        Leftovers = leftovers ?? [],
    };

    /// <summary>
    /// Removes every namespace that carries the lab's mark or is in its journal (their links go with them), then, if the
    /// lab used Docker, its containers and networks. Idempotent. The engine is asked only about labs that used it; when
    /// it cannot be reached, the namespaces are still removed and the error says what is left (the journal keeps it).
    /// </summary>
    public static NetLabRemoval Remove(string lab, TimeSpan? dockerTimeout = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        if (!LabDefinition.IsLabName(lab))
        {
            return new NetLabRemoval { Lab = lab, Namespaces = [], Duration = watch.Elapsed }; // no lab has such a name
        }

        using LabJournal journal = LabJournal.Lock(lab, "removing");
        LabRecord? record = LabJournal.Read(lab);
        var names = Marked().Where(m => m.Lab == lab).Select(m => m.Namespace.Name!)
            .Concat(record?.Namespaces.Select(n => n.Namespace).Where(n => File.Exists(NetNamespaceStore.PathOf(n))) ?? [])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (string name in names)
        {
            NetNamespaceStore.Remove(name);
        }

        IReadOnlyList<string> containers = [], networks = [];
        // Without a journal (a lab built before journals) the local engine is asked, and an absent engine means no
        // Docker objects; with one, only a lab that used Docker asks its engine, and an absent engine is an error.
        if (record is null || record.UsedDocker)
        {
            DockerClient Connect(string? host) => DockerClient.Connect(host, timeout: dockerTimeout ?? TimeSpan.FromSeconds(30));
            var engines = record is null ? [Connect(null)] : record.DockerHosts.Select(Connect).ToList();
            try
            {
                (containers, networks) = LabDocker.Remove(engines, lab, record?.SwarmHosts.Select(Connect).ToList() ?? []);
            }
            catch (DockerException e) when (record is null && e.Kind is EngineErrorKind.ConnectionFailed or EngineErrorKind.PermissionDenied or EngineErrorKind.Timeout)
            {
            }
            catch (DockerException e)
            {
                throw new EngineException(e.Kind,
                    $"lab '{lab}': removed {names.Count} namespace(s), but not its Docker containers and networks: {e.Message}; Remove-NetLab {lab} again removes them once the engine answers",
                    lab, e);
            }
        }

        journal.Delete();
        return new NetLabRemoval { Lab = lab, Namespaces = names, Containers = containers, Networks = networks, Duration = watch.Elapsed };
    }

    /// <summary>
    /// The build's steps with what each needs and gives (see <see cref="LabStep"/>): Docker steps one after another,
    /// then per node its namespace, its bridges, the veths between nodes, macvlans, VXLANs, routes and NAT. Every
    /// namespace, and the use of Docker, is written in <paramref name="journal"/> before it is made.
    /// </summary>
    private static List<LabStep> Plan(LabDefinition lab, LabJournal journal, LabEngines? engines)
    {
        var steps = new List<LabStep>();
        LabKey[] dockerChain = [LabKey.DockerChain];
        NamespaceHandle Ns(string node) => NamespaceHandle.Resolve(lab.NamespaceOf(node));
        foreach (DockerClient engine in engines?.All ?? [])
        {
            journal.Docker(engine.Endpoint.ToString());
        }

        if (lab.Swarm is LabSwarmSpec swarm)
        {
            steps.Add(new($"swarm: manager {swarm.Manager}, workers {string.Join(", ", swarm.Workers)}", dockerChain, dockerChain,
                () => engines!.FormSwarm(swarm, journal)));
        }

        foreach (LabNetworkSpec network in lab.Networks)
        {
            string on = network.Host is null ? string.Empty : $" on {network.Host}";
            steps.Add(new($"Docker network {network.Name}{on}", dockerChain, dockerChain, () => LabDocker.CreateNetwork(engines!.Of(network.Host), lab.Name, network)));
        }

        foreach (LabContainerSpec container in lab.Containers)
        {
            string on = container.Host is null ? string.Empty : $" on {container.Host}";
            steps.Add(new($"container {container.Name}{on}", dockerChain, [LabKey.DockerChain, LabKey.NodeOf(container.Name)],
                () => LabDocker.CreateContainer(lab.Name, container, engines!.Of(container.Host), journal)));
        }

        foreach (var (description, wait) in engines?.OverlayWaits(lab) ?? [])
        {
            steps.Add(new(description, dockerChain, dockerChain, wait));
        }

        foreach (LabNodeSpec node in lab.Nodes)
        {
            string name = lab.NamespaceOf(node.Name);
            steps.Add(new($"node {node.Name}: namespace {name}", [], [LabKey.NodeOf(node.Name)], () =>
            {
                LabParts.MakeNode(journal, lab.Name, node.Name);
                foreach (var (key, value) in node.Sysctls)
                {
                    NetSysctlService.Set(Ns(node.Name), key, value);
                }
            }));
        }

        foreach (LabBridgeSpec bridge in lab.Bridges)
        {
            steps.Add(new($"bridge {bridge.Name} in {bridge.Node}", [LabKey.NodeOf(bridge.Node)], [LabKey.BridgeOf(bridge.Node, bridge.Name), LabKey.LinksOf(bridge.Node)], () =>
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
            LabKey[] needs = link.Bridge is null
                ? [LabKey.NodeOf(link.Node), LabKey.NodeOf(link.PeerNode)]
                : [LabKey.NodeOf(link.Node), LabKey.NodeOf(link.PeerNode), LabKey.BridgeOf(link.PeerNode, link.Bridge)];
            steps.Add(new(what, needs, [LabKey.LinksOf(link.Node), LabKey.LinksOf(link.PeerNode)], () =>
            {
                NamespaceHandle ns = Ns(link.Node), peerNs = Ns(link.PeerNode);
                LabParts.MakeVeth(peerNs, link.PeerName, link.Name, ns, link.Bridge);
                AddAll(ns, link.Name, link.Addresses);
                AddAll(peerNs, link.PeerName, link.PeerAddresses);
                if (link.Impair is ImpairmentSpec impair)
                {
                    ImpairmentService.Set(ns, link.Name, impair);
                }

                if (link.PeerImpair is ImpairmentSpec peerImpair)
                {
                    ImpairmentService.Set(peerNs, link.PeerName, peerImpair);
                }
            }));
        }

        for (int i = 0; i < lab.Macvlans.Count; i++)
        {
            LabMacvlanSpec m = lab.Macvlans[i];
            string temporary = $"pscnmv{i}"; // unique in the parent's node until it moves under its own name
            steps.Add(new($"macvlan {m.Node}:{m.Name} on {m.ParentNode}:{m.Parent}", [LabKey.NodeOf(m.Node), LabKey.NodeOf(m.ParentNode), LabKey.LinksOf(m.ParentNode)], [LabKey.LinksOf(m.Node)], () =>
            {
                NamespaceHandle ns = Ns(m.Node);
                LabParts.MakeMacvlan(ns, m.Name, Ns(m.ParentNode), m.Parent, m.Mode, temporary);
                AddAll(ns, m.Name, m.Addresses);
            }));
        }

        foreach (LabVxlanSpec v in lab.Vxlans)
        {
            steps.Add(new($"vxlan {v.Node}:{v.Name} (VNI {v.Options.Vni})", [LabKey.NodeOf(v.Node), LabKey.LinksOf(v.Node)], [LabKey.LinksOf(v.Node)], () =>
            {
                LinkService.NewVxlan(Ns(v.Node), v.Name, v.Options, new LinkOptions { Up = true });
                AddAll(Ns(v.Node), v.Name, v.Addresses);
            }));
        }

        foreach (LabRouteSpec route in lab.Routes)
        {
            steps.Add(new($"route {route.Route.Destination} in {route.Node}", [LabKey.NodeOf(route.Node), LabKey.LinksOf(route.Node)], [], () => RouteService.Create(Ns(route.Node), new RouteSpec
            {
                Destination = route.Route.Destination,
                NextHop = route.Route.Gateway,
                InterfaceAlias = route.Route.Interface,
                Metric = route.Route.Metric,
            })));
        }

        foreach (var group in lab.Nat.GroupBy(n => n.Node))
        {
            steps.Add(new($"{group.Count()} NAT rule(s) in {group.Key}", [LabKey.NodeOf(group.Key), LabKey.LinksOf(group.Key)], [], () => NatService.Add(Ns(group.Key), group.Select(n => n.Rule).ToList(), returnRules: false)));
        }

        return steps;
    }

    private static void AddAll(NamespaceHandle ns, string link, IReadOnlyList<IPPrefix> addresses)
    {
        foreach (IPPrefix address in addresses)
        {
            LabParts.MakeAddress(ns, link, address);
        }
    }

    /// <summary>A namespace by name, or null when it is gone or not a namespace.</summary>
    private static NamespaceHandle? TryResolve(string name)
    {
        try
        {
            return NamespaceHandle.Resolve(name);
        }
        catch (EngineException e) when (e.Kind is EngineErrorKind.NotFound or EngineErrorKind.InvalidArgument)
        {
            return null;
        }
    }

    /// <summary>
    /// Every named namespace whose loopback carries a lab mark. A namespace removed while we look, or a leftover file,
    /// is passed over; not being allowed to look (no privilege) is an error, never "no lab".
    /// </summary>
    private static IEnumerable<(string Lab, string Node, NamespaceHandle Namespace)> Marked()
    {
        foreach (string name in NetNamespaceStore.Names())
        {
            string? alias;
            if (TryResolve(name) is not NamespaceHandle handle)
            {
                continue;
            }

            try
            {
                alias = LinkService.AliasOf(handle, "lo");
            }
            catch (EngineException e) when (e.Kind is EngineErrorKind.NotFound)
            {
                continue;
            }

            if (LabMark.TryParse(alias, out string lab, out string? node))
            {
                yield return (lab, node ?? name, handle);
            }
        }
    }
}
