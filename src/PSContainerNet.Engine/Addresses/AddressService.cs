using System.Net;
using System.Net.Sockets;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Native;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Addresses;

/// <summary>Settings of a new address beyond the address itself.</summary>
public sealed class AddressOptions
{
    /// <summary>IPv4 broadcast; derived from the prefix when null (as `ip addr add ... brd +`).</summary>
    public IPAddress? Broadcast { get; init; }

    /// <summary>Global unless given (ip's default).</summary>
    public NetScope? Scope { get; init; }

    /// <summary>IPv4 label; must start with the link's name (eth0:web).</summary>
    public string? Label { get; init; }

    /// <summary>IPv6: use the address at once instead of waiting for duplicate address detection.</summary>
    public bool SkipDuplicateAddressDetection { get; init; }

    /// <summary>The other end of a point-to-point link (ip's peer): the address is local, the prefix is the peer's.</summary>
    public IPAddress? Peer { get; init; }

    /// <summary>Add no route for the address's prefix (ip's noprefixroute).</summary>
    public bool NoPrefixRoute { get; init; }

    /// <summary>IPv6: usable while duplicate address detection runs, with care (ip's optimistic).</summary>
    public bool Optimistic { get; init; }

    /// <summary>IPv6: a Mobile IPv6 home address (ip's home).</summary>
    public bool HomeAddress { get; init; }

    /// <summary>How long the address stays (ip's valid_lft); forever when null.</summary>
    public TimeSpan? ValidLifetime { get; init; }

    /// <summary>How long the address is preferred for new connections (ip's preferred_lft); then it is deprecated.</summary>
    public TimeSpan? PreferredLifetime { get; init; }

    /// <summary>Create the address or change the one there (ip addr replace), instead of refusing it.</summary>
    public bool Replace { get; init; }
}

/// <summary>Reads, adds and removes addresses over rtnetlink.</summary>
public static class AddressService
{
    private static readonly (uint Bit, string Name)[] FlagNames =
    [
        (Rt.IFA_F_SECONDARY, "secondary"), (Rt.IFA_F_NODAD, "nodad"), (0x4, "optimistic"), (Rt.IFA_F_DADFAILED, "dadfailed"),
        (0x10, "homeaddress"), (Rt.IFA_F_DEPRECATED, "deprecated"), (Rt.IFA_F_TENTATIVE, "tentative"), (Rt.IFA_F_PERMANENT, "permanent"),
        (0x100, "mngtmpaddr"), (0x200, "noprefixroute"), (0x400, "autojoin"), (0x800, "stable-privacy"),
    ];

    /// <summary>The addresses of a namespace (one dump), optionally of one link and one family, ordered by link then family.</summary>
    public static IReadOnlyList<NetIPAddress> List(NamespaceHandle ns, string? linkName = null, IPFamily? family = null) =>
        List(ns, linkName is null ? null : LinkService.IndexOf(ns, linkName), family);

    private static IReadOnlyList<NetIPAddress> List(NamespaceHandle ns, int? linkIndex, IPFamily? family)
    {
        var names = LinkService.NamesByIndex(ns);
        var request = new NetlinkRequest(Rt.RTM_GETADDR, Nl.NLM_F_REQUEST).Header(new IfAddrMsg { Family = family is null ? (byte)0 : IPPrefix.KernelFamilyOf((AddressFamily)family.Value) });
        return NetlinkSockets.Route(ns)
            .Dump(request, $"list the addresses of {ns.Description}", ns.Reference)
            .Where(m => m.Type == Rt.RTM_NEWADDR)
            .Select(m => Parse(m, ns, names))
            .Where(a => linkIndex is null || a.InterfaceIndex == linkIndex)
            .Where(a => family is null || a.AddressFamily == family)
            .OrderBy(a => a.InterfaceIndex)
            .ThenBy(a => a.AddressFamily)
            .ToList();
    }

    /// <summary>
    /// Adds <paramref name="prefix"/> (address and prefix length) to a link; returns the new address as the kernel echoes
    /// it (NLM_F_ECHO), so the cost does not grow with the namespace. Kernels that do not echo addresses are read back.
    /// </summary>
    public static NetIPAddress Add(NamespaceHandle ns, string linkName, IPPrefix prefix, AddressOptions options)
    {
        var (index, replies) = Send(ns, linkName, prefix, options, Nl.NLM_F_ECHO);
        NetlinkMessage? added = replies.FirstOrDefault(m => m.Type == Rt.RTM_NEWADDR) ?? ReadOne(ns, index, prefix);
        return added is not null
            ? Parse(added, ns, new Dictionary<int, string> { [index] = linkName })
            : List(ns, index, (IPFamily)prefix.Family).First(a => a.IPAddress == prefix.Address.ToString() && a.PrefixLength == prefix.PrefixLength);
    }

    /// <summary>
    /// One address by a single RTM_GETADDR (IPv6 answers it; IPv4 has no such request, but echoes what it adds);
    /// null where the kernel cannot answer one.
    /// </summary>
    private static NetlinkMessage? ReadOne(NamespaceHandle ns, int index, IPPrefix prefix)
    {
        if (prefix.Family != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        var request = new NetlinkRequest(Rt.RTM_GETADDR, Nl.NLM_F_REQUEST)
            .Header(new IfAddrMsg { Family = prefix.KernelFamily, PrefixLength = (byte)prefix.PrefixLength, Index = index })
            .AttrAddress(Rt.IFA_ADDRESS, prefix.Address);
        try
        {
            return NetlinkSockets.Route(ns).Execute(request, $"read address {prefix} in {ns.Description}", prefix.ToString())
                .FirstOrDefault(m => m.Type == Rt.RTM_NEWADDR);
        }
        catch (NetlinkException e) when (e.Errno == Libc.EOPNOTSUPP)
        {
            return null;
        }
    }

    /// <summary>Adds an address like <see cref="Add"/> without reading it back (labs add many); returns the link's index.</summary>
    public static int Create(NamespaceHandle ns, string linkName, IPPrefix prefix, AddressOptions options) =>
        Send(ns, linkName, prefix, options, 0).Index;

    private static (int Index, List<NetlinkMessage> Replies) Send(NamespaceHandle ns, string linkName, IPPrefix prefix, AddressOptions options, ushort extraFlags)
    {
        int index = LinkService.IndexOf(ns, linkName);
        bool v4 = prefix.Family == AddressFamily.InterNetwork;
        if (options.Label is string label && (!v4 || !label.StartsWith(linkName, StringComparison.Ordinal) || label.Length > LinkNames.MaxLength))
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"label '{label}' is not valid: labels are IPv4 only, start with the link name ('{linkName}:web') and have at most {LinkNames.MaxLength} characters", label);
        }

        if (options.Broadcast is IPAddress b && (!v4 || b.AddressFamily != AddressFamily.InterNetwork))
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"a broadcast address ({b}) is IPv4 only, and so must the address be ({prefix})", b);
        }

        if (options.Peer is IPAddress peer && peer.AddressFamily != prefix.Family)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"peer {peer} and address {prefix} are of different address families", peer.ToString());
        }

        if ((options.Optimistic || options.HomeAddress) && v4)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"optimistic and home addresses are IPv6 only; {prefix} is IPv4", prefix.ToString());
        }

        uint flags = (options.SkipDuplicateAddressDetection && !v4 ? Rt.IFA_F_NODAD : 0) | (options.Optimistic ? Rt.IFA_F_OPTIMISTIC : 0)
            | (options.HomeAddress ? Rt.IFA_F_HOMEADDRESS : 0) | (options.NoPrefixRoute ? Rt.IFA_F_NOPREFIXROUTE : 0);
        ushort mode = options.Replace ? Nl.NLM_F_REPLACE : Nl.NLM_F_EXCL;
        var request = new NetlinkRequest(Rt.RTM_NEWADDR, (ushort)(Nl.NLM_F_REQUEST | Nl.NLM_F_CREATE | mode | extraFlags))
            .Header(new IfAddrMsg
            {
                Family = prefix.KernelFamily,
                PrefixLength = (byte)prefix.PrefixLength,
                Scope = (byte)(options.Scope ?? NetScope.Global),
                Index = index,
            })
            .AttrAddress(Rt.IFA_LOCAL, prefix.Address)
            .AttrAddress(Rt.IFA_ADDRESS, options.Peer ?? prefix.Address)
            .AttrU32(Rt.IFA_FLAGS, flags);
        if (options.ValidLifetime is not null || options.PreferredLifetime is not null)
        {
            request.Attr(Rt.IFA_CACHEINFO, CacheInfo(options.PreferredLifetime ?? options.ValidLifetime, options.ValidLifetime ?? options.PreferredLifetime));
        }

        if ((options.Broadcast ?? (options.Peer is null ? prefix.Broadcast : null)) is IPAddress broadcast)
        {
            request.AttrAddress(Rt.IFA_BROADCAST, broadcast);
        }

        if (options.Label is not null)
        {
            request.AttrString(Rt.IFA_LABEL, options.Label);
        }

        string what = $"address {prefix} on '{linkName}' in {ns.Description}";
        try
        {
            return (index, NetlinkSockets.Route(ns).Execute(request, "add " + what, prefix.ToString()));
        }
        catch (NetlinkException e) when (e.Errno == Libc.EEXIST)
        {
            throw new EngineException(EngineErrorKind.AlreadyExists, $"{what} already exists", prefix.ToString(), e);
        }
    }

    /// <summary>The one address equal to <paramref name="address"/>; its link is found when not given.</summary>
    public static NetIPAddress Find(NamespaceHandle ns, IPAddress address, string? linkName = null)
    {
        var matches = List(ns, linkName).Where(a => a.IPAddress == address.ToString()).ToList();
        string where = (linkName is null ? string.Empty : $" on '{linkName}'") + $" in {ns.Description}";
        return matches.Count switch
        {
            0 => throw new EngineException(EngineErrorKind.NotFound, $"there is no address {address}{where}", address.ToString()),
            1 => matches[0],
            _ => throw new EngineException(EngineErrorKind.InvalidArgument,
                $"{address} is on several links ({string.Join(", ", matches.Select(m => m.InterfaceAlias))}); say which with -InterfaceAlias", address.ToString()),
        };
    }

    /// <summary>Removes an address from a link.</summary>
    public static void Remove(NamespaceHandle ns, string linkName, IPPrefix prefix)
    {
        int index = LinkService.IndexOf(ns, linkName);
        var request = new NetlinkRequest(Rt.RTM_DELADDR, Nl.NLM_F_REQUEST)
            .Header(new IfAddrMsg { Family = prefix.KernelFamily, PrefixLength = (byte)prefix.PrefixLength, Index = index })
            .AttrAddress(Rt.IFA_LOCAL, prefix.Address);
        string what = $"address {prefix} on '{linkName}' in {ns.Description}";
        try
        {
            NetlinkSockets.Route(ns).Execute(request, "remove " + what, prefix.ToString());
        }
        catch (NetlinkException e) when (e.Errno is Libc.EADDRNOTAVAIL or Libc.ENOENT or Libc.ESRCH)
        {
            throw new EngineException(EngineErrorKind.NotFound, $"there is no {what}", prefix.ToString(), e);
        }
    }

    /// <summary>struct ifa_cacheinfo { preferred; valid; cstamp; tstamp; } in seconds, 0xFFFFFFFF for forever.</summary>
    private static byte[] CacheInfo(TimeSpan? preferred, TimeSpan? valid)
    {
        static uint Seconds(TimeSpan? t) => t is TimeSpan span
            ? span >= TimeSpan.Zero && span.TotalSeconds < uint.MaxValue ? (uint)span.TotalSeconds
                : throw new EngineException(EngineErrorKind.InvalidArgument, $"lifetime {span} is out of range", span)
            : uint.MaxValue;
        uint p = Seconds(preferred), v = Seconds(valid);
        if (p > v)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"the preferred lifetime ({p} s) cannot be longer than the valid one ({v} s)", p);
        }

        var info = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(info, p);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(info.AsSpan(4), v);
        return info;
    }

    private static TimeSpan? Lifetime(uint seconds) => seconds == uint.MaxValue ? null : TimeSpan.FromSeconds(seconds);

    private static NetIPAddress Parse(NetlinkMessage message, NamespaceHandle ns, Dictionary<int, string> linkNames)
    {
        IfAddrMsg header = message.Header<IfAddrMsg>();
        NetlinkAttributes a = message.Attributes<IfAddrMsg>();
        IPAddress address = a.Address(Rt.IFA_LOCAL) ?? a.Address(Rt.IFA_ADDRESS) ?? IPAddress.None;
        // Point-to-point: IFA_ADDRESS is the peer when it differs from the local address.
        IPAddress? peer = a.Address(Rt.IFA_LOCAL) is not null && a.Address(Rt.IFA_ADDRESS) is IPAddress other && !other.Equals(address) ? other : null;
        ReadOnlyMemory<byte>? cache = a.Bytes(Rt.IFA_CACHEINFO);
        uint flags = a.U32(Rt.IFA_FLAGS) ?? header.Flags;
        var prefix = new IPPrefix(peer ?? address, header.PrefixLength);
        return new NetIPAddress
        {
            IPAddress = address.ToString(),
            PrefixLength = header.PrefixLength,
            AddressFamily = address.AddressFamily == AddressFamily.InterNetworkV6 ? IPFamily.IPv6 : IPFamily.IPv4,
            InterfaceAlias = linkNames.GetValueOrDefault(header.Index) ?? $"if{header.Index}",
            InterfaceIndex = header.Index,
            Prefix = $"{prefix.Network}/{header.PrefixLength}",
            Broadcast = a.Address(Rt.IFA_BROADCAST)?.ToString(),
            Scope = Enum.IsDefined(typeof(NetScope), (int)header.Scope) ? (NetScope)header.Scope : NetScope.Global,
            Label = a.String(Rt.IFA_LABEL),
            AddressState = (flags & Rt.IFA_F_DADFAILED) != 0 ? AddressState.Duplicate
                : (flags & Rt.IFA_F_TENTATIVE) != 0 ? AddressState.Tentative
                : (flags & Rt.IFA_F_DEPRECATED) != 0 ? AddressState.Deprecated
                : AddressState.Preferred,
            Flags = FlagNames.Where(f => (flags & f.Bit) != 0).Select(f => f.Name).ToArray(),
            Peer = peer is null ? null : $"{peer}/{header.PrefixLength}",
            PreferredLifetime = cache is { Length: >= 8 } c ? Lifetime(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(c.Span)) : null,
            ValidLifetime = cache is { Length: >= 8 } d ? Lifetime(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(d.Span[4..])) : null,
            Namespace = ns.Reference,
        };
    }
}
