using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Native;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Routes;

/// <summary>A route to add or remove. Null members are left to the kernel (or, on removal, match any).</summary>
public sealed class RouteSpec
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
    public static NetRoute Add(NamespaceHandle ns, RouteSpec spec)
    {
        NetlinkMessage? echo = Send(ns, spec, Nl.NLM_F_ECHO).FirstOrDefault(m => m.Type == Rt.RTM_NEWROUTE);
        if (echo is null)
        {
            return List(ns, table: spec.Table ?? MainTable, destination: spec.Destination, nextHop: spec.NextHop)
                .First(r => spec.Metric is null || r.RouteMetric == spec.Metric);
        }

        var names = new Dictionary<int, string>();
        if (echo.Attributes<RtMsg>().S32(Rt.RTA_OIF) is int oif && LinkService.NameOf(ns, oif) is string name)
        {
            names[oif] = name;
        }


        return Parse(echo, ns, names, (IPFamily)spec.Destination.Family);
    }

    /// <summary>Adds a route like <see cref="Add"/> without reading it back (labs add many).</summary>
    public static void Create(NamespaceHandle ns, RouteSpec spec) => Send(ns, spec, 0);

    private static List<NetlinkMessage> Send(NamespaceHandle ns, RouteSpec spec, ushort extraFlags)
    {
        if (spec.NextHop is null && spec.InterfaceAlias is null)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"a route to {spec.Destination} needs a next hop, an interface, or both", spec.Destination.ToString());
        }

        string what = Describe(spec, ns);
        NetlinkRequest request = Build(Rt.RTM_NEWROUTE, (ushort)(Nl.NLM_F_REQUEST | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL | extraFlags), ns, spec);
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
        foreach (IPAddress? other in new[] { spec.NextHop, spec.PreferredSource })
        {
            if (other is not null && other.AddressFamily != dst.Family)
            {
                throw new EngineException(EngineErrorKind.InvalidArgument,
                    $"{other} is an {IPPrefix.FamilyName(other.AddressFamily)} address but the destination {dst} is {IPPrefix.FamilyName(dst.Family)}", other.ToString());
            }
        }

        int table = spec.Table ?? MainTable;
        if (table < 1)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"routing table {table} is out of range", table);
        }

        bool deleting = type == Rt.RTM_DELROUTE;
        var header = new RtMsg
        {
            Family = dst.KernelFamily,
            DestinationLength = (byte)dst.PrefixLength,
            Table = table < 256 ? (byte)table : (byte)0,
            Protocol = deleting ? (byte)0 : Rt.RTPROT_STATIC,
            Scope = deleting ? (byte)NetScope.Nowhere : (byte)(spec.Scope ?? (spec.NextHop is null ? NetScope.Link : NetScope.Global)),
            Type = deleting ? (byte)0 : Rt.RTN_UNICAST,
        };
        var request = new NetlinkRequest(type, flags).Header(header);
        if (dst.PrefixLength > 0)
        {
            request.AttrAddress(Rt.RTA_DST, dst.Network);
        }

        request.AttrU32(Rt.RTA_TABLE, (uint)table);
        if (spec.NextHop is IPAddress gateway)
        {
            request.AttrAddress(Rt.RTA_GATEWAY, gateway);
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

        return request;
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
