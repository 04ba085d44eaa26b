using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Native;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Routes;

/// <summary>What a route does with what matches it (RTN_*): forward it, take it in, or drop it with an answer or without.</summary>
public enum RouteType
{
    Unicast = 1,
    Local = 2,
    Blackhole = 6,
    Unreachable = 7,
    Prohibit = 8,
    Throw = 9,
}

/// <summary>How a new route meets one to the same destination: refused (ip route add), in its place (replace) or beside it (append).</summary>
public enum RouteWriteMode
{
    Add,
    Replace,
    Append,
}

/// <summary>One next hop of a multipath (ECMP) route to add.</summary>
public sealed record RouteNextHopSpec(IPAddress? NextHop, string? InterfaceAlias, int Weight = 1, bool OnLink = false);

/// <summary>A route to add or remove. Null members are left to the kernel (or, on removal, match any).</summary>
public sealed record RouteSpec
{
    public required IPPrefix Destination { get; init; }

    public IPAddress? NextHop { get; init; }

    public string? InterfaceAlias { get; init; }

    public int? Metric { get; init; }

    /// <summary>The routing table; main (254) when null.</summary>
    public int? Table { get; init; }

    /// <summary>Link scope for on-link routes, global for routes through a gateway, when null.</summary>
    public NetScope? Scope { get; init; }

    public IPAddress? PreferredSource { get; init; }

    public RouteType Type { get; init; } = RouteType.Unicast;

    /// <summary>Take the gateway as on the link even without a connected route to it (ip's onlink).</summary>
    public bool OnLink { get; init; }

    /// <summary>Who makes the route (RTPROT_*: boot, static, ...); static when null.</summary>
    public byte? Protocol { get; init; }

    /// <summary>Path MTU, advertised MSS and hop limit for traffic on the route (RTA_METRICS).</summary>
    public int? Mtu { get; init; }

    public int? AdvertisedMss { get; init; }

    public int? HopLimit { get; init; }

    /// <summary>The next hops of a multipath (ECMP) route, each with its weight; instead of NextHop and InterfaceAlias.</summary>
    public IReadOnlyList<RouteNextHopSpec> NextHops { get; init; } = [];
}

/// <summary>Reads, adds and removes routes over rtnetlink.</summary>
public static class RouteService
{
    public const int MainTable = 254;
    private const uint RtmFlagCloned = 0x200;

    private static readonly string[] Protocols = ["unspec", "redirect", "kernel", "boot", "static"];
    private static readonly string[] Types = ["unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit", "throw", "nat", "xresolve"];

    /// <summary>
    /// The routes of a namespace (one dump per family), in table <paramref name="table"/> (0: every table),
    /// optionally only those through one interface, to one destination, or via one next hop.
    /// </summary>
    public static IReadOnlyList<NetRoute> List(
        NamespaceHandle ns, IPFamily? family = null, int table = MainTable, string? interfaceAlias = null, IPPrefix? destination = null, IPAddress? nextHop = null)
    {
        if (destination is IPPrefix d)
        {
            family ??= (IPFamily)d.Family;
        }

        string? destinationText = destination is IPPrefix dst ? $"{dst.Network}/{dst.PrefixLength}" : null;
        int? linkIndex = interfaceAlias is null ? null : LinkService.IndexOf(ns, interfaceAlias);
        var names = LinkService.NamesByIndex(ns);
        var families = family is IPFamily f ? [f] : new[] { IPFamily.IPv4, IPFamily.IPv6 };
        var routes = new List<NetRoute>();
        foreach (IPFamily fam in families)
        {
            var request = new NetlinkRequest(Rt.RTM_GETROUTE, Nl.NLM_F_REQUEST)
                .Header(new RtMsg { Family = IPPrefix.KernelFamilyOf((AddressFamily)fam) });
            routes.AddRange(NetlinkSockets.Route(ns)
                .Dump(request, $"list the {fam} routes of {ns.Description}", ns.Reference)
                .Where(m => m.Type == Rt.RTM_NEWROUTE && (m.Header<RtMsg>().Flags & RtmFlagCloned) == 0)
                .Select(m => Parse(m, ns, names, fam)));
        }

        return routes
            .Where(r => table == 0 || r.Table == table)
            .Where(r => linkIndex is null || r.InterfaceIndex == linkIndex)
            .Where(r => destinationText is null || r.DestinationPrefix == destinationText)
            .Where(r => nextHop is null || r.NextHop == nextHop.ToString())
            .ToList();
    }

    /// <summary>
    /// Adds a route (ip route add); fails if the same route exists. Returns it as the kernel echoes it (NLM_F_ECHO), so
    /// the cost does not grow with the table; kernels that do not echo routes are read back.
    /// </summary>
    public static NetRoute Add(NamespaceHandle ns, RouteSpec spec, RouteWriteMode mode = RouteWriteMode.Add)
    {
        NetlinkMessage? echo = Send(ns, spec, (ushort)(Nl.NLM_F_ECHO | ModeFlags(mode))).FirstOrDefault(m => m.Type == Rt.RTM_NEWROUTE);
        if (echo is null)
        {
            return List(ns, table: spec.Table ?? MainTable, destination: spec.Destination, nextHop: spec.NextHop)
                .First(r => spec.Metric is null || r.RouteMetric == spec.Metric);
        }

        return Parse(echo, ns, NamesOf(ns, echo), (IPFamily)spec.Destination.Family);
    }

    /// <summary>Adds a route like <see cref="Add"/> without reading it back (labs add many).</summary>
    public static void Create(NamespaceHandle ns, RouteSpec spec) => Send(ns, spec, ModeFlags(RouteWriteMode.Add));

    /// <summary>
    /// The route the kernel would use for <paramref name="destination"/> (ip route get): which route, interface, gateway
    /// and source address, optionally as if sent from <paramref name="source"/> or out of <paramref name="interfaceAlias"/>.
    /// </summary>
    public static NetRoute Find(NamespaceHandle ns, IPAddress destination, IPAddress? source = null, string? interfaceAlias = null)
    {
        var target = new IPPrefix(destination, destination.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32);
        var request = new NetlinkRequest(Rt.RTM_GETROUTE, Nl.NLM_F_REQUEST)
            .Header(new RtMsg { Family = target.KernelFamily, DestinationLength = (byte)target.PrefixLength })
            .AttrAddress(Rt.RTA_DST, destination);
        if (source is not null)
        {
            request.AttrAddress(Rt.RTA_SRC, source);
        }

        if (interfaceAlias is not null)
        {
            request.AttrU32(Rt.RTA_OIF, (uint)LinkService.IndexOf(ns, interfaceAlias));
        }

        string what = $"find the route to {destination} in {ns.Description}";
        try
        {
            NetlinkMessage answer = NetlinkSockets.Route(ns).Execute(request, what, destination.ToString()).First(m => m.Type == Rt.RTM_NEWROUTE);
            return Parse(answer, ns, NamesOf(ns, answer), (IPFamily)target.Family);
        }
        catch (NetlinkException e) when (e.Errno is Libc.ENETUNREACH or Libc.EHOSTUNREACH or Libc.EACCES or Libc.EINVAL)
        {
            // No route at all (ENETUNREACH), or one that refuses the traffic: unreachable (EHOSTUNREACH), prohibit
            // (EACCES), blackhole (EINVAL).
            string why = e.Errno switch
            {
                Libc.ENETUNREACH => "no route leads there",
                Libc.EHOSTUNREACH => "an unreachable route covers it",
                Libc.EACCES => "a prohibit route covers it",
                _ => "a blackhole route covers it",
            };
            throw new EngineException(EngineErrorKind.NotFound, $"{ns.Description} cannot reach {destination}: {why} ({e.ErrnoName})", destination.ToString(), e);
        }
    }

    private static ushort ModeFlags(RouteWriteMode mode) => mode switch
    {
        RouteWriteMode.Replace => Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE,
        RouteWriteMode.Append => Nl.NLM_F_CREATE | Nl.NLM_F_APPEND,
        _ => Nl.NLM_F_CREATE | Nl.NLM_F_EXCL,
    };

    /// <summary>The names of the interfaces one route message names (its own and its next hops'), one RTM_GETLINK each.</summary>
    private static Dictionary<int, string> NamesOf(NamespaceHandle ns, NetlinkMessage route)
    {
        var names = new Dictionary<int, string>();
        NetlinkAttributes a = route.Attributes<RtMsg>();
        var indexes = (a.Bytes(Rt.RTA_MULTIPATH) is ReadOnlyMemory<byte> multipath ? NextHopsOf(multipath.Span, _ => null).Select(h => h.InterfaceIndex) : [])
            .Append(a.S32(Rt.RTA_OIF)).Append(a.S32(Rt.RTA_IIF));
        foreach (int index in indexes.OfType<int>().Distinct())
        {
            if (LinkService.NameOf(ns, index) is string name)
            {
                names[index] = name;
            }
        }

        return names;
    }

    private static List<NetlinkMessage> Send(NamespaceHandle ns, RouteSpec spec, ushort extraFlags)
    {
        if (spec.Type == RouteType.Unicast && spec.NextHop is null && spec.InterfaceAlias is null && spec.NextHops.Count == 0)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"a route to {spec.Destination} needs a next hop, an interface, or both", spec.Destination.ToString());
        }

        string what = Describe(spec, ns);
        NetlinkRequest request = Build(Rt.RTM_NEWROUTE, (ushort)(Nl.NLM_F_REQUEST | extraFlags), ns, spec);
        try
        {
            return NetlinkSockets.Route(ns).Execute(request, "add " + what, spec.Destination.ToString());
        }
        catch (NetlinkException e) when (e.Errno == Libc.EEXIST)
        {
            throw new EngineException(EngineErrorKind.AlreadyExists, $"{what} already exists", spec.Destination.ToString(), e);
        }
        catch (NetlinkException e) when (e.Errno == Libc.ENETUNREACH && spec.NextHop is not null)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"cannot add {what}: next hop {spec.NextHop} is not on any link of {ns.Description} (no connected route covers it; add an address on its subnet first). Kernel: {e.KernelMessage ?? e.Message}",
                spec.NextHop.ToString(), e);
        }
    }

    /// <summary>Removes a route (ip route del); unspecified members match any route to the destination.</summary>
    public static void Remove(NamespaceHandle ns, RouteSpec spec)
    {
        string what = Describe(spec, ns);
        NetlinkRequest request = Build(Rt.RTM_DELROUTE, Nl.NLM_F_REQUEST, ns, spec);
        try
        {
            NetlinkSockets.Route(ns).Execute(request, "remove " + what, spec.Destination.ToString());
        }
        catch (NetlinkException e) when (e.Errno is Libc.ESRCH or Libc.ENOENT)
        {
            throw new EngineException(EngineErrorKind.NotFound, $"there is no {what}", spec.Destination.ToString(), e);
        }
    }

    private static NetlinkRequest Build(ushort type, ushort flags, NamespaceHandle ns, RouteSpec spec)
    {
        IPPrefix dst = spec.Destination;
        if (spec.PreferredSource is IPAddress src && src.AddressFamily != dst.Family)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"{src} is an {IPPrefix.FamilyName(src.AddressFamily)} address but the destination {dst} is {IPPrefix.FamilyName(dst.Family)}", src.ToString());
        }

        int table = spec.Table ?? MainTable;
        if (table < 1)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"routing table {table} is out of range", table);
        }

        if (spec.NextHops.Count > 0 && (spec.NextHop is not null || spec.InterfaceAlias is not null))
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                "a multipath route names its gateways and interfaces in its next hops, not also as NextHop or InterfaceAlias", dst.ToString());
        }

        bool deleting = type == Rt.RTM_DELROUTE;
        bool forwards = spec.Type == RouteType.Unicast;
        bool viaGateway = spec.NextHop is not null || spec.NextHops.Any(h => h.NextHop is not null);
        var header = new RtMsg
        {
            Family = dst.KernelFamily,
            DestinationLength = (byte)dst.PrefixLength,
            Table = table < 256 ? (byte)table : (byte)0,
            Protocol = deleting ? (byte)0 : spec.Protocol ?? Rt.RTPROT_STATIC,
            // As ip: a local route is host scope, a route without a gateway link scope; on removal any scope matches.
            Scope = deleting ? (byte)NetScope.Nowhere : (byte)(spec.Scope ?? (spec.Type == RouteType.Local ? NetScope.Host
                : forwards && !viaGateway ? NetScope.Link : NetScope.Global)),
            Type = deleting && spec.Type == RouteType.Unicast ? (byte)0 : (byte)spec.Type,
            Flags = spec.OnLink ? Rt.RTNH_F_ONLINK : 0u,
        };
        var request = new NetlinkRequest(type, flags).Header(header);
        if (dst.PrefixLength > 0 || spec.Type == RouteType.Local)
        {
            request.AttrAddress(Rt.RTA_DST, dst.PrefixLength > 0 ? dst.Network : dst.Address);
        }

        request.AttrU32(Rt.RTA_TABLE, (uint)table);
        if (spec.NextHop is IPAddress gateway)
        {
            AddGateway(request, dst, gateway);
        }

        if (spec.InterfaceAlias is string alias)
        {
            request.AttrU32(Rt.RTA_OIF, (uint)LinkService.IndexOf(ns, alias));
        }

        if (spec.Metric is int metric)
        {
            request.AttrU32(Rt.RTA_PRIORITY, metric >= 0 ? (uint)metric
                : throw new EngineException(EngineErrorKind.InvalidArgument, $"route metric {metric} is negative", metric));
        }

        if (spec.PreferredSource is IPAddress source)
        {
            request.AttrAddress(Rt.RTA_PREFSRC, source);
        }

        AddMetrics(request, spec);
        if (spec.NextHops.Count > 0)
        {
            AddNextHops(request, ns, dst, spec.NextHops);
        }

        return request;
    }

    /// <summary>RTA_GATEWAY, or RTA_VIA (struct rtvia) for an IPv4 route through an IPv6 gateway, as `via inet6` sends it.</summary>
    private static void AddGateway(NetlinkRequest request, IPPrefix destination, IPAddress gateway)
    {
        if (gateway.AddressFamily == destination.Family)
        {
            request.AttrAddress(Rt.RTA_GATEWAY, gateway);
            return;
        }

        if (destination.Family != AddressFamily.InterNetwork)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"an IPv6 route cannot go via an IPv4 gateway ({gateway}); only IPv4 routes may go via IPv6 gateways", gateway.ToString());
        }

        byte[] address = gateway.GetAddressBytes();
        Span<byte> via = stackalloc byte[2 + address.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(via, IPPrefix.KernelFamilyOf(gateway.AddressFamily));
        address.CopyTo(via[2..]);
        request.Attr(Rt.RTA_VIA, via);
    }

    private static void AddMetrics(NetlinkRequest request, RouteSpec spec)
    {
        var metrics = new[] { (Rt.RTAX_MTU, spec.Mtu, "MTU"), (Rt.RTAX_ADVMSS, spec.AdvertisedMss, "advertised MSS"), (Rt.RTAX_HOPLIMIT, spec.HopLimit, "hop limit") }
            .Where(m => m.Item2 is not null).ToList();
        if (metrics.Count == 0)
        {
            return;
        }

        int nested = request.BeginNested(Rt.RTA_METRICS);
        foreach (var (type, value, name) in metrics)
        {
            request.AttrU32(type, value is > 0 ? (uint)value.Value
                : throw new EngineException(EngineErrorKind.InvalidArgument, $"route {name} {value} must be positive", value));
        }

        request.EndNested(nested);
    }

    /// <summary>RTA_MULTIPATH: per hop a struct rtnexthop (length, flags, hops = weight - 1, ifindex) and its gateway.</summary>
    private static void AddNextHops(NetlinkRequest request, NamespaceHandle ns, IPPrefix destination, IReadOnlyList<RouteNextHopSpec> hops)
    {
        int multipath = request.BeginNested(Rt.RTA_MULTIPATH);
        foreach (RouteNextHopSpec hop in hops)
        {
            if (hop.Weight is < 1 or > 256)
            {
                throw new EngineException(EngineErrorKind.InvalidArgument, $"next hop weight {hop.Weight} is out of range; use 1-256", hop.Weight);
            }

            int index = hop.InterfaceAlias is string alias ? LinkService.IndexOf(ns, alias) : 0;
            if (index == 0 && hop.NextHop is null)
            {
                throw new EngineException(EngineErrorKind.InvalidArgument, "each next hop needs a gateway, an interface, or both", destination.ToString());
            }

            int start = request.BeginNextHop((byte)(hop.OnLink ? Rt.RTNH_F_ONLINK : 0), (byte)(hop.Weight - 1), index);
            if (hop.NextHop is IPAddress gateway)
            {
                AddGateway(request, destination, gateway);
            }

            request.EndNextHop(start);
        }

        request.EndNested(multipath);
    }

    private static string Describe(RouteSpec spec, NamespaceHandle ns) =>
        $"route to {(spec.Destination.PrefixLength == 0 ? "default" : $"{spec.Destination.Network}/{spec.Destination.PrefixLength}")}"
        + (spec.NextHop is null ? string.Empty : $" via {spec.NextHop}")
        + (spec.InterfaceAlias is null ? string.Empty : $" dev {spec.InterfaceAlias}")
        + $" in table {(spec.Table ?? MainTable) switch { MainTable => "main", 255 => "local", var t => t.ToString(System.Globalization.CultureInfo.InvariantCulture) }} of {ns.Description}";

    private static NetRoute Parse(NetlinkMessage message, NamespaceHandle ns, Dictionary<int, string> linkNames, IPFamily family)
    {
        RtMsg h = message.Header<RtMsg>();
        NetlinkAttributes a = message.Attributes<RtMsg>();
        IPAddress destination = a.Address(Rt.RTA_DST) ?? (family == IPFamily.IPv6 ? IPAddress.IPv6Any : IPAddress.Any);
        int? oif = a.S32(Rt.RTA_OIF);
        string? Name(int index) => linkNames.GetValueOrDefault(index) ?? $"if{index}";
        IPAddress? gateway = GatewayOf(a);
        List<NetRouteNextHop> hops = a.Bytes(Rt.RTA_MULTIPATH) is ReadOnlyMemory<byte> multipath ? NextHopsOf(multipath.Span, Name) : [];
        if (hops.Count == 0 && (gateway is not null || oif is not null))
        {
            hops.Add(new NetRouteNextHop { NextHop = gateway?.ToString(), InterfaceIndex = oif, InterfaceAlias = oif is int o ? Name(o) : null, OnLink = (h.Flags & Rt.RTNH_F_ONLINK) != 0 });
        }

        NetRouteNextHop? single = hops.Count == 1 ? hops[0] : null;
        NetlinkAttributes? metrics = a.Nested(Rt.RTA_METRICS);
        return new NetRoute
        {
            DestinationPrefix = $"{destination}/{h.DestinationLength}",
            NextHop = single?.NextHop,
            InterfaceAlias = single?.InterfaceAlias,
            InterfaceIndex = single?.InterfaceIndex,
            NextHops = hops,
            RouteMetric = (int)(a.U32(Rt.RTA_PRIORITY) ?? 0),
            Table = (int)(a.U32(Rt.RTA_TABLE) ?? h.Table),
            Scope = Enum.IsDefined(typeof(NetScope), (int)h.Scope) ? (NetScope)h.Scope : NetScope.Global,
            Protocol = h.Protocol < Protocols.Length ? Protocols[h.Protocol] : NamedProtocol(h.Protocol),
            Type = h.Type < Types.Length ? Types[h.Type] : h.Type.ToString(System.Globalization.CultureInfo.InvariantCulture),
            PreferredSource = a.Address(Rt.RTA_PREFSRC)?.ToString(),
            Mtu = (int?)metrics?.U32(Rt.RTAX_MTU),
            AdvertisedMss = (int?)metrics?.U32(Rt.RTAX_ADVMSS),
            HopLimit = (int?)metrics?.U32(Rt.RTAX_HOPLIMIT),
            AddressFamily = family,
            Namespace = ns.Reference,
        };
    }

    /// <summary>RTA_GATEWAY, or RTA_VIA (struct rtvia: a family, then the address) for a gateway of the other family.</summary>
    private static IPAddress? GatewayOf(NetlinkAttributes a)
    {
        if (a.Address(Rt.RTA_GATEWAY) is IPAddress gateway)
        {
            return gateway;
        }

        if (a.Bytes(Rt.RTA_VIA) is not ReadOnlyMemory<byte> via || via.Length < 2)
        {
            return null;
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(via.Span) switch { 2 => 4, 10 => 16, _ => 0 };
        return length > 0 && via.Length >= 2 + length ? new IPAddress(via.Span.Slice(2, length)) : null;
    }

    /// <summary>
    /// RTA_MULTIPATH: struct rtnexthop { u16 len; u8 flags; u8 hops; s32 ifindex; } each, followed by its own
    /// attributes (RTA_GATEWAY or RTA_VIA); the weight is hops + 1.
    /// </summary>
    private static List<NetRouteNextHop> NextHopsOf(ReadOnlySpan<byte> data, Func<int, string?> name)
    {
        const int HeaderLength = 8;
        var hops = new List<NetRouteNextHop>();
        for (int offset = 0; offset + HeaderLength <= data.Length;)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);
            if (length < HeaderLength || offset + length > data.Length)
            {
                break;
            }

            int index = BinaryPrimitives.ReadInt32LittleEndian(data[(offset + 4)..]);
            NetlinkAttributes attributes = NetlinkAttributes.Parse(data.Slice(offset + HeaderLength, length - HeaderLength).ToArray());
            hops.Add(new NetRouteNextHop
            {
                NextHop = GatewayOf(attributes)?.ToString(),
                InterfaceIndex = index > 0 ? index : null,
                InterfaceAlias = index > 0 ? name(index) : null,
                Weight = data[offset + 3] + 1,
                OnLink = (data[offset + 2] & Rt.RTNH_F_ONLINK) != 0,
            });
            offset += NetlinkRequest.Align(length);
        }

        return hops;
    }

    /// <summary>A route protocol by name (static, boot, kernel, dhcp, bird, ...) or number, as ip's `proto` takes it.</summary>
    public static byte ProtocolNumber(string text)
    {
        if (byte.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out byte number))
        {
            return number;
        }

        for (int p = 0; p < 256; p++)
        {
            string name = p < Protocols.Length ? Protocols[p] : NamedProtocol((byte)p);
            if (name.Equals(text, StringComparison.OrdinalIgnoreCase))
            {
                return (byte)p;
            }
        }

        throw new EngineException(EngineErrorKind.InvalidArgument,
            $"'{text}' is not a route protocol: give a number (0-255) or one of {string.Join(", ", Protocols.Skip(1))}, ra, zebra, bird, dhcp, bgp, isis, ospf", text);
    }

    /// <summary>The protocol names of /etc/iproute2/rt_protos beyond the first five.</summary>
    private static string NamedProtocol(byte protocol) => protocol switch
    {
        9 => "ra",
        11 => "zebra",
        12 => "bird",
        16 => "dhcp",
        186 => "bgp",
        187 => "isis",
        188 => "ospf",
        _ => protocol.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
