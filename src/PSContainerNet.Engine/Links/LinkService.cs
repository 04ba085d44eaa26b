using System.Net;
using System.Runtime.InteropServices;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Native;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Links;

/// <summary>Which links a listing returns. Null members do not filter.</summary>
public sealed class LinkFilter
{
    public Wildcard? Name { get; init; }

    public string? Kind { get; init; }

    /// <summary>Only ports of this bridge (or other master): the brctl show view.</summary>
    public string? Master { get; init; }
}

/// <summary>Reads, changes and deletes links over rtnetlink.</summary>
public static partial class LinkService
{
    private static readonly (uint Bit, string Name)[] FlagNames =
    [
        (0x1, "UP"), (0x2, "BROADCAST"), (0x4, "DEBUG"), (0x8, "LOOPBACK"), (0x10, "POINTOPOINT"),
        (0x20, "NOTRAILERS"), (0x40, "RUNNING"), (0x80, "NOARP"), (0x100, "PROMISC"), (0x200, "ALLMULTI"),
        (0x400, "MASTER"), (0x800, "SLAVE"), (0x1000, "MULTICAST"), (0x2000, "PORTSEL"), (0x4000, "AUTOMEDIA"),
        (0x8000, "DYNAMIC"), (0x10000, "LOWER_UP"), (0x20000, "DORMANT"), (0x40000, "ECHO"),
    ];

    /// <summary>All links of a namespace (one dump), filtered, with masters and veth peers resolved.</summary>
    public static IReadOnlyList<NetLink> List(NamespaceHandle ns, LinkFilter? filter = null)
    {
        List<RawLink> raw = DumpRaw(ns);

        int? masterIndex = null;
        if (filter?.Master is string master)
        {
            masterIndex = raw.FirstOrDefault(l => l.Name == master)?.Index
                ?? throw LinkNotFound(master, ns);
        }

        var byIndex = raw.ToDictionary(l => l.Index);
        var peers = new PeerResolver(ns);
        return raw
            .Where(l => filter?.Name is null || filter.Name.IsMatch(l.Name))
            .Where(l => filter?.Kind is null || string.Equals(l.Kind ?? "device", filter.Kind, StringComparison.OrdinalIgnoreCase))
            .Where(l => masterIndex is null || l.MasterIndex == masterIndex)
            .OrderBy(l => l.Index)
            .Select(l => l.ToLink(ns, byIndex, peers))
            .ToList();
    }

    /// <summary>Interface index to name, from one dump and nothing else (for addresses and routes).</summary>
    internal static Dictionary<int, string> NamesByIndex(NamespaceHandle ns) => DumpRaw(ns).ToDictionary(l => l.Index, l => l.Name);

    /// <summary>One link by its exact name (a single RTM_GETLINK).</summary>
    public static NetLink Get(NamespaceHandle ns, string name) => Get(ns, name, null);

    /// <summary>One link by name, whose veth peer is already known (a pair just made): not looked for.</summary>
    internal static NetLink Get(NamespaceHandle ns, string name, (string Name, NamespaceHandle Namespace)? knownPeer)
    {
        LinkNames.Validate(name);
        return TryGetRaw(ns, name, 0)?.ToLink(ns, null, new PeerResolver(ns, knownPeer)) ?? throw LinkNotFound(name, ns);
    }

    /// <summary>One link by its interface index.</summary>
    public static NetLink Get(NamespaceHandle ns, int index) =>
        TryGetRaw(ns, null, index)?.ToLink(ns, null, new PeerResolver(ns))
        ?? throw new EngineException(EngineErrorKind.NotFound, $"no link with index {index} in {ns.Description}", index);

    /// <summary>Whether the namespace has a link of that name (one RTM_GETLINK).</summary>
    public static bool Exists(NamespaceHandle ns, string name)
    {
        LinkNames.Validate(name);
        return Query(ns, name, 0, _ => true);
    }

    /// <summary>A link's alias alone (labs read their mark from every namespace's loopback).</summary>
    internal static string? AliasOf(NamespaceHandle ns, string name)
    {
        var (found, alias) = Query(ns, name, 0, payload =>
            (true, NetlinkAttributes.TryFind(payload[Marshal.SizeOf<IfInfoMsg>()..], Rt.IFLA_IFALIAS, out ReadOnlySpan<byte> value) ? NetlinkAttributes.Text(value) : null));
        return found ? alias : throw LinkNotFound(name, ns);
    }

    /// <summary>A link's name by its index (a single RTM_GETLINK), or null when there is no such link.</summary>
    internal static string? NameOf(NamespaceHandle ns, int index) => TryGetRaw(ns, null, index)?.Name;

    /// <summary>The interface index of a named link.</summary>
    public static int IndexOf(NamespaceHandle ns, string name, string role = "link")
    {
        LinkNames.Validate(name, role == "link" ? "interface name" : role + " name");
        int index = Query(ns, name, 0, payload => MemoryMarshal.Read<IfInfoMsg>(payload).Index);
        return index > 0 ? index : throw LinkNotFound(name, ns, role);
    }

    /// <summary>Deletes a link (for a veth, both ends go).</summary>
    public static void Remove(NamespaceHandle ns, string name)
    {
        LinkNames.Validate(name);
        var request = new NetlinkRequest(Rt.RTM_DELLINK, Nl.NLM_F_REQUEST)
            .Header(new IfInfoMsg())
            .AttrString(Rt.IFLA_IFNAME, name);
        try
        {
            NetlinkSockets.Route(ns).Execute(request, $"delete link '{name}' in {ns.Description}", name);
        }
        catch (NetlinkException e) when (e.Errno == Libc.ENODEV)
        {
            throw LinkNotFound(name, ns);
        }
    }

    internal static EngineException LinkNotFound(string name, NamespaceHandle ns, string role = "link") =>
        new(EngineErrorKind.NotFound, $"{role} '{name}' not found in {ns.Description}", name);

    internal static uint CheckMtu(int mtu) =>
        mtu is >= 68 and <= 65535
            ? (uint)mtu
            : throw new EngineException(EngineErrorKind.InvalidArgument, $"MTU {mtu} is out of range; IPv4 needs at least 68 and links allow at most 65535", mtu);

    private static List<RawLink> DumpRaw(NamespaceHandle ns)
    {
        var request = new NetlinkRequest(Rt.RTM_GETLINK, Nl.NLM_F_REQUEST)
            .Header(new IfInfoMsg())
            .AttrU32(Rt.IFLA_EXT_MASK, Rt.RTEXT_FILTER_SKIP_STATS);
        return NetlinkSockets.Route(ns)
            .Dump(request, $"list the links of {ns.Description}", ns.Reference)
            .Where(m => m.Type == Rt.RTM_NEWLINK)
            .Select(RawLink.Parse)
            .ToList();
    }

    private static RawLink? TryGetRaw(NamespaceHandle ns, string? name, int index) =>
        Query(ns, name, index, payload => RawLink.Parse(new NetlinkMessage(Rt.RTM_NEWLINK, 0, 0, payload.ToArray())));

    /// <summary>Reads one link's answer in place (by name, or by index when the name is null); default when there is none.</summary>
    private static T? Query<T>(NamespaceHandle ns, string? name, int index, PayloadReader<T> read)
    {
        try
        {
            return NetlinkSockets.Route(ns).Query(GetLinkRequest(name, index), Rt.RTM_NEWLINK, read, ReadOperation(ns, name, index), name);
        }
        catch (NetlinkException e) when (e.Errno == Libc.ENODEV)
        {
            return default;
        }
    }

    private static NetlinkRequest GetLinkRequest(string? name, int index)
    {
        var request = new NetlinkRequest(Rt.RTM_GETLINK, Nl.NLM_F_REQUEST)
            .Header(new IfInfoMsg { Index = index })
            .AttrU32(Rt.IFLA_EXT_MASK, Rt.RTEXT_FILTER_SKIP_STATS);
        return name is null ? request : request.AttrString(Rt.IFLA_IFNAME, name);
    }

    private static string ReadOperation(NamespaceHandle ns, string? name, int index) =>
        $"read link '{name ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture)}' in {ns.Description}";

    /// <summary>The fields of one RTM_NEWLINK before names are resolved.</summary>
    private sealed record RawLink(
        string Name,
        int Index,
        uint Flags,
        byte OperState,
        int Mtu,
        string? Mac,
        int? MasterIndex,
        string? Alias,
        IReadOnlyList<string> AlternativeNames,
        int Group,
        int TxQueueLength,
        int TransmitQueues,
        int ReceiveQueues,
        int? LinkIndex,
        int? LinkNetNsId,
        LinkStatistics? Statistics,
        string? Kind,
        string? PortKind,
        Dictionary<string, object> PortProperties,
        Dictionary<string, object> KindProperties)
    {
        public static RawLink Parse(NetlinkMessage message)
        {
            IfInfoMsg header = message.Header<IfInfoMsg>();
            NetlinkAttributes a = message.Attributes<IfInfoMsg>();
            NetlinkAttributes? info = a.Nested(Rt.IFLA_LINKINFO);
            string? kind = info?.String(Rt.IFLA_INFO_KIND);
            string? portKind = info?.String(Rt.IFLA_INFO_SLAVE_KIND);
            ReadOnlyMemory<byte>? mac = a.Bytes(Rt.IFLA_ADDRESS);
            int? link = a.S32(Rt.IFLA_LINK);
            return new RawLink(
                a.String(Rt.IFLA_IFNAME) ?? $"if{header.Index}",
                header.Index,
                header.Flags,
                a.U8(Rt.IFLA_OPERSTATE) ?? 0,
                (int)(a.U32(Rt.IFLA_MTU) ?? 0),
                mac is { Length: > 0 } m ? MacAddress.Format(m.Span) : null,
                a.S32(Rt.IFLA_MASTER) is int master and > 0 ? master : null,
                a.String(Rt.IFLA_IFALIAS) is { Length: > 0 } alias ? alias : null,
                ParseAlternativeNames(a.Bytes(Rt.IFLA_PROP_LIST)),
                (int)(a.U32(Rt.IFLA_GROUP) ?? 0),
                (int)(a.U32(Rt.IFLA_TXQLEN) ?? 0),
                (int)(a.U32(Rt.IFLA_NUM_TX_QUEUES) ?? 0),
                (int)(a.U32(Rt.IFLA_NUM_RX_QUEUES) ?? 0),
                link is > 0 ? link : null,
                a.S32(Rt.IFLA_LINK_NETNSID),
                LinkStatistics.Parse(a.Bytes(Rt.IFLA_STATS64)),
                kind,
                portKind,
                LinkKindProperties.ParsePort(portKind, info?.Nested(Rt.IFLA_INFO_SLAVE_DATA)),
                LinkKindProperties.Parse(kind, info?.Nested(Rt.IFLA_INFO_DATA)));
        }

        public NetLink ToLink(NamespaceHandle ns, Dictionary<int, RawLink>? sameNamespace, PeerResolver peers)
        {
            string? NameInSameNamespace(int index) =>
                sameNamespace is not null
                    ? sameNamespace.GetValueOrDefault(index)?.Name
                    : TryGetRaw(ns, null, index)?.Name;

            bool isVeth = Kind == "veth";
            // IFLA_LINK is a veth's peer or another kind's parent; either may be in another namespace.
            (string? linkedName, string? linkedNamespace) = LinkIndex is int linked
                ? LinkNetNsId is int nsid ? peers.Resolve(nsid, linked) : (NameInSameNamespace(linked), ns.Reference)
                : (null, null);

            return new NetLink
            {
                Name = Name,
                Index = Index,
                Kind = Kind,
                AdminState = (Flags & Rt.IFF_UP) != 0 ? LinkAdminState.Up : LinkAdminState.Down,
                OperState = Enum.IsDefined(typeof(LinkOperState), (int)OperState) ? (LinkOperState)OperState : LinkOperState.Unknown,
                Flags = FlagNames.Where(f => (Flags & f.Bit) != 0).Select(f => f.Name).ToArray(),
                Mtu = Mtu,
                MacAddress = Mac,
                Promiscuous = (Flags & Rt.IFF_PROMISC) != 0,
                MasterIndex = MasterIndex,
                Master = MasterIndex is int m ? NameInSameNamespace(m) : null,
                Alias = Alias,
                AlternativeNames = AlternativeNames,
                Group = Group,
                TxQueueLength = TxQueueLength,
                TransmitQueues = TransmitQueues,
                ReceiveQueues = ReceiveQueues,
                Namespace = ns.Reference,
                ParentIndex = LinkIndex,
                Parent = isVeth ? null : linkedName,
                ParentNamespace = isVeth ? null : linkedNamespace,
                PeerIndex = isVeth ? LinkIndex : null,
                PeerName = isVeth ? linkedName : null,
                PeerNamespace = isVeth ? linkedNamespace : null,
                LinkNetNsId = LinkNetNsId,
                Statistics = Statistics,
                KindProperties = KindProperties,
                PortKind = PortKind,
                PortProperties = PortProperties,
            };
        }
    }

    /// <summary>
    /// Finds the namespace behind a netns id (relative to the listed namespace) among the named ones and the
    /// current one, then the linked link's (a veth peer's or a parent's) name there. Candidates are asked lazily, namespaces that held peers recently
    /// first, and every id learned is kept for the listing, so a lab of many namespaces is resolved in linear time.
    /// </summary>
    private sealed class PeerResolver(NamespaceHandle from, (string Name, NamespaceHandle Namespace)? known = null)
    {
        private const int RecentCount = 8;
        private static readonly LinkedList<string> Recent = new(); // paths of namespaces that held peers lately
        private readonly Dictionary<int, NamespaceHandle> _byId = new();
        private IEnumerator<NamespaceHandle>? _unasked;

        public (string? Name, string? Namespace) Resolve(int netNsId, int peerIndex)
        {
            if (known is var (knownName, knownNamespace))
            {
                return (knownName, knownNamespace.Reference);
            }

            if (!_byId.TryGetValue(netNsId, out NamespaceHandle? peerNs))
            {
                _unasked ??= Candidates().GetEnumerator();
                while (_unasked.MoveNext())
                {
                    NamespaceHandle candidate = _unasked.Current;
                    int? id;
                    try
                    {
                        id = NetNamespaceStore.GetNetNsId(candidate, from);
                    }
                    catch (EngineException)
                    {
                        continue; // removed while we looked: it cannot hold the peer we are after
                    }

                    if (id is int known && _byId.TryAdd(known, candidate) && known == netNsId)
                    {
                        peerNs = candidate;
                        break;
                    }
                }

                if (peerNs is null)
                {
                    return (null, null);
                }
            }

            Remember(peerNs.Path);
            return (TryGetRaw(peerNs, null, peerIndex)?.Name, peerNs.Reference);
        }

        /// <summary>The current namespace, then recent peers' namespaces, then every named one; each once, never the listed one.</summary>
        private IEnumerable<NamespaceHandle> Candidates()
        {
            string[] recent;
            lock (Recent)
            {
                recent = [.. Recent];
            }

            var seen = new HashSet<ulong> { from.Inode };
            foreach (NamespaceHandle? candidate in new[] { NamespaceHandle.Current }
                         .Concat(recent.Concat(NetNamespaceStore.Paths()).Select(NamespaceHandle.TryResolve)))
            {
                if (candidate is not null && seen.Add(candidate.Inode))
                {
                    yield return candidate;
                }
            }
        }

        private static void Remember(string path)
        {
            lock (Recent)
            {
                Recent.Remove(path);
                Recent.AddFirst(path);
                if (Recent.Count > RecentCount)
                {
                    Recent.RemoveLast();
                }
            }
        }
    }
}
