using System.Buffers.Binary;
using System.Net.Sockets;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Native;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Links;

/// <summary>Creates links. Each link (a veth pair included) is made by one atomic RTM_NEWLINK request.</summary>
public static partial class LinkService
{
    /// <summary>
    /// Creates a veth pair; the peer is created directly inside <paramref name="peerNamespace"/> (null: the
    /// same namespace) in the same request, so no half-made pair is ever left behind.
    /// </summary>
    public static (NetLink Local, NetLink Peer) NewVeth(
        NamespaceHandle ns, string name, string peerName, NamespaceHandle? peerNamespace, LinkOptions options, VethPeerOptions? peer = null)
    {
        CreateVeth(ns, name, peerName, peerNamespace, options, peer);
        // Each end's peer is the other end, just made: known, not looked for among every namespace.
        NamespaceHandle peerNs = peerNamespace ?? ns;
        return (Get(ns, name, (peerName, peerNs)), Get(peerNs, peerName, (name, ns)));
    }

    /// <summary>Creates a veth pair like <see cref="NewVeth"/> without reading the ends back (labs make many).</summary>
    public static void CreateVeth(
        NamespaceHandle ns, string name, string peerName, NamespaceHandle? peerNamespace, LinkOptions options, VethPeerOptions? peer = null)
    {
        LinkNames.Validate(name);
        LinkNames.Validate(peerName, "peer interface name");
        NamespaceHandle peerNs = peerNamespace ?? ns;
        if (peerNs.Inode == ns.Inode && name == peerName)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"a veth pair in one namespace needs two different names; both are '{name}'", name);
        }

        peer ??= new VethPeerOptions();
        byte[]? peerMac = peer.MacAddress is null ? null : MacAddress.Parse(peer.MacAddress);
        string detail = peerNs.Inode == ns.Inode ? $"and its peer '{peerName}'" : $"and its peer '{peerName}' in {peerNs.Description}";
        try
        {
            peerNs.WithFd(peerFd => CreateVethPair(ns, name, peerNs, peerName, peerFd, options, peer, peerMac, detail));
        }
        catch (EngineException e) when (e.Kind == EngineErrorKind.AlreadyExists && !Exists(ns, name) && Exists(peerNs, peerName))
        {
            // The kernel says EEXIST for either name; say which one is taken, and where.
            throw new EngineException(EngineErrorKind.AlreadyExists,
                $"create veth link '{name}' {detail}: the peer name '{peerName}' is taken in {peerNs.Description}; nothing was created", peerName, e);
        }

        if (options.Up)
        {
            // The kernel opens a new veth's peer before the pair is joined (ENOTCONN), so only the first end
            // goes up in the creating request and the peer follows; a failure there removes the pair.
            try
            {
                Set(peerNs, peerName, new LinkSettings { Up = true });
            }
            catch
            {
                Remove(ns, name);
                throw;
            }
        }
    }

    private static int CreateVethPair(
        NamespaceHandle ns, string name, NamespaceHandle peerNs, string peerName, int peerFd, LinkOptions options, VethPeerOptions peer, byte[]? peerMac, string detail)
    {
        Create(ns, name, "veth", options, request =>
        {
            int peerInfo = request.BeginNested(Rt.VETH_INFO_PEER);
            request.Header(new IfInfoMsg());
            request.AttrString(Rt.IFLA_IFNAME, peerName);
            if (peerNs.Inode != ns.Inode)
            {
                request.AttrU32(Rt.IFLA_NET_NS_FD, (uint)peerFd);
            }

            if ((peer.Mtu ?? options.Mtu) is int mtu)
            {
                request.AttrU32(Rt.IFLA_MTU, CheckMtu(mtu));
            }

            AddTxQueueLength(request, peer.TxQueueLength ?? options.TxQueueLength);
            AddQueues(request, peer.Queues ?? options.Queues);
            if (peerMac is not null)
            {
                request.Attr(Rt.IFLA_ADDRESS, peerMac);
            }

            request.EndNested(peerInfo);
        }, null, detail);
        return 0;
    }

    public static NetLink NewBridge(NamespaceHandle ns, string name, BridgeOptions bridge, LinkOptions options)
    {
        try
        {
            return CreateAndGet(ns, name, "bridge", options, request => BridgeAttributes.Write(request, bridge, stateStp: true), null);
        }
        catch (NetlinkException e) when (e.Errno == Libc.EOPNOTSUPP && (bridge.VlanFiltering is not null || bridge.VlanDefaultPvid is not null))
        {
            throw new EngineException(EngineErrorKind.NotSupported,
                $"create bridge '{name}': this kernel's bridge has no VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING); create it without VLAN filtering",
                name, e);
        }
    }

    public static NetLink NewMacvlan(NamespaceHandle ns, string name, string parent, MacvlanMode mode, LinkOptions options) =>
        CreateAndGet(ns, name, "macvlan", options, request =>
        {
            request.AttrU32(Rt.IFLA_MACVLAN_MODE, (uint)mode);
        }, IndexOf(ns, parent, "parent link"));

    public static NetLink NewIpvlan(NamespaceHandle ns, string name, string parent, IpvlanMode mode, IpvlanIsolation isolation, LinkOptions options) =>
        CreateAndGet(ns, name, "ipvlan", options, request =>
        {
            request.AttrU16(Rt.IFLA_IPVLAN_MODE, (ushort)mode);
            request.AttrU16(Rt.IFLA_IPVLAN_FLAGS, (ushort)isolation);
        }, IndexOf(ns, parent, "parent link"));

    /// <summary>
    /// Creates an 802.1Q/802.1ad sub-interface of <paramref name="parent"/>. Flags in <paramref name="on"/> are turned
    /// on and those in <paramref name="off"/> off; the others keep the kernel's defaults (reorder_hdr on, the rest off).
    /// </summary>
    public static NetLink NewVlan(NamespaceHandle ns, string name, string parent, int vlanId, VlanProtocol protocol, LinkOptions options,
        VlanFlags on = VlanFlags.None, VlanFlags off = VlanFlags.None)
    {
        if (vlanId is < 1 or > 4094)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"VLAN id {vlanId} is out of range; use 1-4094", vlanId);
        }

        if ((on & off) != VlanFlags.None)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"VLAN flags {on & off} cannot be both on and off", on & off);
        }

        return CreateAndGet(ns, name, "vlan", options, request =>
        {
            request.AttrU16(Rt.IFLA_VLAN_ID, (ushort)vlanId);
            if ((on | off) != VlanFlags.None)
            {
                // struct ifla_vlan_flags { flags; mask; }: the mask says which flags the request sets.
                Span<byte> flags = stackalloc byte[8];
                BinaryPrimitives.WriteUInt32LittleEndian(flags, (uint)on);
                BinaryPrimitives.WriteUInt32LittleEndian(flags[4..], (uint)(on | off));
                request.Attr(Rt.IFLA_VLAN_FLAGS, flags);
            }

            request.AttrU16BigEndian(Rt.IFLA_VLAN_PROTOCOL, (ushort)protocol);
        }, IndexOf(ns, parent, "parent link"));
    }

    public static NetLink NewVxlan(NamespaceHandle ns, string name, VxlanOptions vxlan, LinkOptions options)
    {
        VxlanAttributes.Check(vxlan);
        uint? device = vxlan.Device is null ? null : (uint)IndexOf(ns, vxlan.Device, "underlay device");
        return CreateAndGet(ns, name, "vxlan", options, request => VxlanAttributes.Write(request, vxlan, device), null);
    }

    /// <summary>
    /// Creates a VRF device bound to routing table <paramref name="table"/>: links enslaved to it (LinkOptions.Master or
    /// Set-NetLink -Master) route in that table, apart from the rest of the namespace.
    /// </summary>
    public static NetLink NewVrf(NamespaceHandle ns, string name, int table, LinkOptions options)
    {
        if (table < 1)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"routing table {table} is out of range; use 1 or more", table);
        }

        return CreateAndGet(ns, name, "vrf", options, request => request.AttrU32(Rt.IFLA_VRF_TABLE, (uint)table), null);
    }

    /// <summary>Creates a link of a kind that needs no settings of its own (dummy, ifb, nlmon, ...).</summary>
    public static NetLink NewLink(NamespaceHandle ns, string name, string kind, LinkOptions options)
    {
        if (string.IsNullOrWhiteSpace(kind) || kind.Length > 64)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"'{kind}' is not a link kind", kind);
        }

        return CreateAndGet(ns, name, kind, options, null, null);
    }

    private static NetLink CreateAndGet(NamespaceHandle ns, string name, string kind, LinkOptions options, Action<NetlinkRequest>? kindData, int? parentIndex)
    {
        LinkNames.Validate(name);
        Create(ns, name, kind, options, kindData, parentIndex, null);
        return Get(ns, name);
    }

    private static void Create(
        NamespaceHandle ns, string name, string kind, LinkOptions options, Action<NetlinkRequest>? kindData, int? parentIndex, string? operationDetail)
    {
        var request = new NetlinkRequest(Rt.RTM_NEWLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL)
            .Header(UpHeader(options.Up))
            .AttrString(Rt.IFLA_IFNAME, name);
        if (options.Mtu is int mtu)
        {
            request.AttrU32(Rt.IFLA_MTU, CheckMtu(mtu));
        }

        if (options.MacAddress is string mac)
        {
            request.Attr(Rt.IFLA_ADDRESS, MacAddress.Parse(mac));
        }

        if (parentIndex is int parent)
        {
            request.AttrU32(Rt.IFLA_LINK, (uint)parent);
        }

        AddTxQueueLength(request, options.TxQueueLength);
        AddQueues(request, options.Queues);
        if (options.Master is string master)
        {
            request.AttrU32(Rt.IFLA_MASTER, (uint)IndexOf(ns, master, "master"));
        }

        int info = request.BeginNested(Rt.IFLA_LINKINFO);
        request.AttrString(Rt.IFLA_INFO_KIND, kind);
        if (kindData is not null)
        {
            int data = request.BeginNested(Rt.IFLA_INFO_DATA);
            kindData(request);
            request.EndNested(data);
        }

        request.EndNested(info);

        string operation = $"create {kind} link '{name}'{(operationDetail is null ? string.Empty : " " + operationDetail)} in {ns.Description}";
        try
        {
            NetlinkSockets.Route(ns).Execute(request, operation, name);
        }
        catch (NetlinkException e) when (e.Errno == Libc.EOPNOTSUPP && e.KernelMessage == "Unknown device type")
        {
            throw new EngineException(EngineErrorKind.NotSupported,
                $"{operation}: this kernel has no '{kind}' link type (Unknown device type; is its module built and loaded?)", name, e);
        }
        catch (NetlinkException e) when (e.Errno == Libc.EEXIST)
        {
            throw new EngineException(EngineErrorKind.AlreadyExists, $"{operation}: a link with that name already exists ({e.KernelMessage ?? e.ErrnoName})", name, e);
        }
        catch (NetlinkException e) when (e.Errno == Libc.EOPNOTSUPP && options.Master is not null)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"{operation}: '{options.Master}' cannot take ports (only a bridge or bond can be a master); nothing was created ({e.Reason})", name, e);
        }
    }

    private static void AddQueues(NetlinkRequest request, int? queues)
    {
        if (queues is int count)
        {
            uint checkedCount = count is >= 1 and <= 4096 ? (uint)count
                : throw new EngineException(EngineErrorKind.InvalidArgument, $"{count} queues is out of range; use 1-4096", count);
            request.AttrU32(Rt.IFLA_NUM_TX_QUEUES, checkedCount);
            request.AttrU32(Rt.IFLA_NUM_RX_QUEUES, checkedCount);
        }
    }

    private static void AddTxQueueLength(NetlinkRequest request, int? length)
    {
        if (length is int packets)
        {
            request.AttrU32(Rt.IFLA_TXQLEN, CheckTxQueueLength(packets));
        }
    }

    private static IfInfoMsg UpHeader(bool up) =>
        up ? new IfInfoMsg { Flags = Rt.IFF_UP, Change = Rt.IFF_UP } : new IfInfoMsg();
}
