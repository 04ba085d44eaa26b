using System.Net;
using System.Net.Sockets;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Diagnostics;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Nftables;
using PSContainerNet.Engine.Routes;

namespace PSContainerNet.Engine.Labs;

/// <summary>A container of the lab on an engine of another machine: reached only through the engine (docker exec).</summary>
internal sealed record RemoteNode(DockerClient Docker, string Container, IReadOnlyList<IPAddress> Addresses);

/// <summary>What the tester knows of a lab's nodes, read once: links, addresses, routes; and how to try a path from each.</summary>

internal sealed class LabView
{
    private readonly Dictionary<string, IReadOnlyList<NetRoute>> _routes = new();

    private readonly IReadOnlyList<IPPrefix> _hostLocal;

    private readonly Dictionary<string, RemoteNode> _remote = new();

    private readonly LabAddressFamily _family;

    public LabView(NetLab lab, LabAddressFamily family)
    {
        _family = family;
        Nodes = lab.Nodes.ToDictionary(n => n.Name, n => (Node: n, n.Handle));
        _hostLocal = lab.Engines.Select(e => LabDocker.GatewayBridgeSubnet(e.DockerHost)).OfType<IPPrefix>().ToList();
        foreach (NetLabEngine engine in lab.Engines)
        {
            DockerClient docker = DockerClient.Connect(engine.DockerHost, timeout: TimeSpan.FromSeconds(30));
            if (docker.Endpoint.SocketPath is not null)
            {
                continue; // this machine's engine: its containers are namespaces here, nodes like any other
            }

            foreach (string container in engine.Containers)
            {
                var addresses = ContainerService.Get(docker, container).Endpoints
                    .SelectMany(e => new[] { e.IPAddress, e.IPv6Address?.Split('/')[0] }).OfType<string>().Select(IPAddress.Parse).Where(Wanted).ToList();
                _remote[container[(lab.Name.Length + 1)..]] = new RemoteNode(docker, container, addresses);
            }
        }

        Names = Nodes.Keys.Concat(_remote.Keys).Order(StringComparer.Ordinal).ToList();
    }

    public Dictionary<string, (NetLabNode Node, NamespaceHandle Handle)> Nodes { get; }

    /// <summary>Every node: the namespaces here and the containers of remote engines.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// One try of a path: an echo request, or a TCP connection to <paramref name="port"/>; from a namespace here, or by
    /// docker exec (ping, nc) in a remote container. The time is the round trip or the connect time, measured here only.
    /// </summary>
    public (bool Reachable, double? Time, string? TcpError) Probe(string from, IPAddress target, int? port)
    {
        if (_remote.TryGetValue(from, out RemoteNode? remote))
        {
            string[] command = port is int p ? ["nc", "-w", "1", target.ToString(), p.ToString(System.Globalization.CultureInfo.InvariantCulture)]
                : ["ping", "-c", "1", "-W", "1", target.ToString()];
            ContainerCommandResult run = ContainerExec.Run(remote.Docker, remote.Container, command);
            // nc's words say why a connection failed; ping's say only that nothing came back.
            return (run.Success, null, run.Success || port is null ? null : string.Join(" ", run.ErrorOutput.Concat(run.Output)).Trim());
        }

        if (port is int tcp)
        {
            NetTcpConnectionResult connection = TcpProbe.Connect(Nodes[from].Handle, target, tcp, TimeSpan.FromSeconds(1));
            return (connection.Success, connection.Time, connection.Error);
        }

        NetPingResult ping = NetPing.Send(Nodes[from].Handle, target, count: 1, timeout: TimeSpan.FromMilliseconds(500));
        return (ping.Success, ping.AverageRoundTripTime, null);
    }

    /// <summary>
    /// A node's IPv4 addresses other than loopback's and those on an engine's docker_gwbridge (each swarm engine's
    /// own way out for its overlay containers, which no other container is meant to reach).
    /// </summary>
    public IEnumerable<IPAddress> AddressesOf(string node) => _remote.TryGetValue(node, out RemoteNode? remote) ? remote.Addresses :
        Nodes[node].Node.Addresses.Where(a => a.InterfaceAlias != "lo").Select(a => IPAddress.Parse(a.IPAddress)).Where(Wanted);

    /// <summary>An address of the family asked for, not link-local, not on an engine's docker_gwbridge.</summary>
    private bool Wanted(IPAddress address) =>
        (address.AddressFamily == AddressFamily.InterNetwork ? _family != LabAddressFamily.IPv6 : _family != LabAddressFamily.IPv4 && !address.IsIPv6LinkLocal)
        && !_hostLocal.Any(p => p.Contains(address));

    /// <summary>Why a path failed: for TCP, what the connection met; then what stands in the way of the packets.</summary>
    public string WhyNot(string from, IPAddress target, int? port, string? tcpError)
    {
        if (_remote.TryGetValue(from, out RemoteNode? remote))
        {
            return $"no {(port is null ? "reply to ping" : $"connection to TCP port {port} with nc")} run in {remote.Container} on {remote.Docker.Endpoint} (docker exec{(string.IsNullOrEmpty(tcpError) ? string.Empty : ": " + tcpError)}); its links and routes are on that engine's machine, so the cause is not looked for from here";
        }

        if (port is not null)
        {
            if (tcpError == nameof(SocketError.ConnectionRefused))
            {
                return $"connection refused: {target} answers, but nothing listens on TCP port {port} there (or a firewall rejects it)";
            }

            return Probe(from, target, null).Reachable
                ? $"TCP port {port}: {tcpError}; {target} answers ping, so something on the way drops the connection (a firewall?)"
                : $"TCP port {port}: {tcpError}; {WhyNot(from, target, null, null)}";
        }

        var (owner, ownerLink) = OwnerOf(target);
        if (owner is not null && ownerLink is not null && !IsUp(ownerLink))
        {
            return $"{target} is on {owner}:{ownerLink.Name}, which is {State(ownerLink)}";
        }

        string at = from;
        var visited = new HashSet<string>();
        while (visited.Add(at))
        {
            NetRoute? route = RouteTo(at, target);
            if (route is null)
            {
                return at == from ? $"{from} has no route to {target}" : $"{at}, the gateway on the way, has no route to {target}";
            }

            NetLink? egress = Nodes[at].Node.Links.FirstOrDefault(l => l.Name == route.InterfaceAlias);
            if (egress is not null && !IsUp(egress))
            {
                return $"{at}'s route to {target} leaves by {egress.Name}, which is {State(egress)}";
            }

            if (egress is { Kind: "veth" } && Nodes.Values.All(n => n.Node.Namespace != egress.PeerNamespace))
            {
                return $"{at}:{egress.Name} is a veth whose other end is {(egress.PeerNamespace is null ? "in the current namespace" : $"in namespace '{egress.PeerNamespace}'")}, not in the lab";
            }

            if (egress is { Kind: "veth" } && PeerEnd(egress) is var (peerNode, peer) && peer is not null && peer.Master is null && IsBridgeLan(peerNode, target))
            {
                return $"{at}:{egress.Name}'s other end, {peerNode}:{peer.Name}, is not a port of the bridge";
            }

            if (route.NextHop is null)
            {
                break; // on-link from here: the target's side remains to be looked at
            }

            var (gatewayNode, _) = OwnerOf(IPAddress.Parse(route.NextHop));
            if (gatewayNode is null)
            {
                return $"{at}'s gateway {route.NextHop} is no lab node's address";
            }

            if (gatewayNode == owner)
            {
                break;
            }

            if (NetSysctlService.Get(Nodes[gatewayNode].Handle, ["net.ipv4.ip_forward"]).Single().Value == "0")
            {
                return $"{gatewayNode}, the gateway from {at}, does not forward (net.ipv4.ip_forward is 0; Set-NetSysctl net.ipv4.ip_forward 1 -Namespace {Nodes[gatewayNode].Node.Namespace})";
            }

            ForwardFilterReport filter = ForwardFilter.Inspect(Nodes[gatewayNode].Handle);
            if (filter.DropsForwardedTraffic)
            {
                return $"{gatewayNode}'s forward hook drops what it routes ({string.Join(", ", filter.DropChains)})";
            }

            at = gatewayNode;
        }

        if (owner is not null && SourceTowards(from, target) is IPAddress source)
        {
            NetRoute? back = RouteTo(owner, source);
            if (back is null)
            {
                return $"{owner} has no route back to {source} ({from}'s address): NAT on the way (masquerade) or a route back is missing";
            }

            if (ownerLink is not null && back.InterfaceAlias != ownerLink.Name && RpFilter(owner, ownerLink.Name) == 1)
            {
                return $"rp_filter in {owner} drops it: the route back to {source} leaves by {back.InterfaceAlias}, not {ownerLink.Name}, where it came in";
            }
        }

        return "no reply, and no cause found in the links, routes, forwarding, forward filters or rp_filter of the nodes on the way";
    }

    private (string? Node, NetLink? Link) OwnerOf(IPAddress address)
    {
        foreach (var (name, (node, _)) in Nodes)
        {
            NetIPAddress? owned = node.Addresses.FirstOrDefault(a => a.IPAddress == address.ToString());
            if (owned is not null)
            {
                return (name, node.Links.FirstOrDefault(l => l.Name == owned.InterfaceAlias));
            }
        }

        return (null, null);
    }

    private (string Node, NetLink? Link)? PeerEnd(NetLink veth)
    {
        var peer = Nodes.Values.FirstOrDefault(n => n.Node.Namespace == veth.PeerNamespace);
        return peer.Node is null ? null : (peer.Node.Name, peer.Node.Links.FirstOrDefault(l => l.Index == veth.PeerIndex));
    }

    /// <summary>Whether the peer's node has a bridge whose subnet holds the target (the link should be its port).</summary>
    private bool IsBridgeLan(string node, IPAddress target) =>
        Nodes[node].Node.Links.Where(l => l.Kind == "bridge").Any(bridge => Nodes[node].Node.Addresses
            .Where(a => a.InterfaceAlias == bridge.Name && a.AddressFamily == IPFamily.IPv4)
            .Any(a => IPPrefix.Parse($"{a.IPAddress}/{a.PrefixLength}").Contains(target)));

    private NetRoute? RouteTo(string node, IPAddress target)
    {
        if (!_routes.TryGetValue(node, out var routes))
        {
            _routes[node] = routes = RouteService.List(Nodes[node].Handle, IPFamily.IPv4);
        }

        return routes
            .Where(r => r.Type == "unicast")
            .Select(r => (Route: r, Prefix: IPPrefix.Parse(r.DestinationPrefix)))
            .Where(r => r.Prefix.Contains(target))
            .OrderByDescending(r => r.Prefix.PrefixLength)
            .ThenBy(r => r.Route.RouteMetric)
            .Select(r => r.Route)
            .FirstOrDefault();
    }

    /// <summary>The address the sender's packets leave with: the one on its egress link.</summary>
    private IPAddress? SourceTowards(string node, IPAddress target)
    {
        string? link = RouteTo(node, target)?.InterfaceAlias;
        NetIPAddress? address = Nodes[node].Node.Addresses.FirstOrDefault(a => a.InterfaceAlias == link && a.AddressFamily == IPFamily.IPv4);
        return address is null ? null : IPAddress.Parse(address.IPAddress);
    }

    /// <summary>The rp_filter in force on a link: the higher of 'all' and the link's own (as the kernel takes it).</summary>
    private int RpFilter(string node, string link)
    {
        var values = NetSysctlService.Get(Nodes[node].Handle, ["net.ipv4.conf.all.rp_filter", $"net.ipv4.conf.{link.Replace('.', '/')}.rp_filter"]);
        return values.Select(v => int.TryParse(v.Value, out int n) ? n : 0).DefaultIfEmpty(0).Max();
    }

    private static bool IsUp(NetLink link) => link.AdminState == LinkAdminState.Up && link.OperState is LinkOperState.Up or LinkOperState.Unknown;

    private static string State(NetLink link) => link.AdminState == LinkAdminState.Down ? "set down" : $"up but {link.OperState.ToString().ToLowerInvariant()} (no carrier: is its peer up?)";
}
