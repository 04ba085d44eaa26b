namespace PSContainerNet.Engine.Links;

/// <summary>A network interface as the kernel reports it (one RTM_NEWLINK), with names resolved.</summary>
public sealed class NetLink
{
    public required string Name { get; init; }

    public required int Index { get; init; }

    /// <summary>The rtnetlink kind: veth, bridge, macvlan, vxlan, vlan, dummy, ... (null for a plain device).</summary>
    public string? Kind { get; init; }

    /// <summary>Up when the administrator enabled the link (IFF_UP).</summary>
    public required LinkAdminState AdminState { get; init; }

    /// <summary>RFC 2863 operational state (IFLA_OPERSTATE).</summary>
    public required LinkOperState OperState { get; init; }

    /// <summary>Interface flags in ip's words: BROADCAST, MULTICAST, UP, LOWER_UP, ...</summary>
    public required IReadOnlyList<string> Flags { get; init; }

    public int Mtu { get; init; }

    public string? MacAddress { get; init; }

    public bool Promiscuous { get; init; }

    public int? MasterIndex { get; init; }

    /// <summary>The bridge (or bond, vrf) this link is a port of.</summary>
    public string? Master { get; init; }

    public string? Alias { get; init; }

    /// <summary>Alternative names (ip's altname): longer names the link also answers to.</summary>
    public IReadOnlyList<string> AlternativeNames { get; init; } = [];

    public int Group { get; init; }

    public int TxQueueLength { get; init; }

    /// <summary>Transmit queues allocated (ip -d's numtxqueues).</summary>
    public int TransmitQueues { get; init; }

    /// <summary>Receive queues allocated (ip -d's numrxqueues).</summary>
    public int ReceiveQueues { get; init; }

    /// <summary>The namespace the link lives in: a name, a path, or null for the current namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>IFLA_LINK: the parent of a macvlan/vlan/ipvlan, or the peer of a veth.</summary>
    public int? ParentIndex { get; init; }

    /// <summary>The parent's name (macvlan, vlan, ipvlan), also when it is in another namespace that has a name.</summary>
    public string? Parent { get; init; }

    /// <summary>The namespace the parent link is in, when known (a macvlan moved out of its parent's namespace).</summary>
    public string? ParentNamespace { get; init; }

    /// <summary>For a veth: the other end's interface index (the N of eth0@ifN).</summary>
    public int? PeerIndex { get; init; }

    /// <summary>For a veth: the other end's name, when its namespace could be found.</summary>
    public string? PeerName { get; init; }

    /// <summary>For a veth whose peer is elsewhere: that namespace's name or path (null when it is the current one).</summary>
    public string? PeerNamespace { get; init; }

    /// <summary>IFLA_LINK_NETNSID: the id, relative to this link's namespace, of the namespace holding the peer/parent.</summary>
    public int? LinkNetNsId { get; init; }

    /// <summary>Kind-specific settings (bridge STP, VLAN id, VXLAN VNI, macvlan mode, ...).</summary>
    public IReadOnlyDictionary<string, object> KindProperties { get; init; } = new Dictionary<string, object>();

    /// <summary>Packets, bytes, errors and drops each way since the link was made, as read with the link.</summary>
    public LinkStatistics? Statistics { get; init; }

    /// <summary>The port kind when the link is enslaved (bridge, bond, ...).</summary>
    public string? PortKind { get; init; }

    /// <summary>Port settings when the link is a bridge port: State, Priority, Cost, Learning, flooding, Isolated, BpduGuard, HairpinMode.</summary>
    public IReadOnlyDictionary<string, object> PortProperties { get; init; } = new Dictionary<string, object>();

    /// <summary>Bridge ports: whether frames may leave through the port they arrived on.</summary>
    public bool? HairpinMode => PortProperties.TryGetValue("HairpinMode", out object? hairpin) ? (bool)hairpin : null;

    /// <summary>ip's short form: eth0@if20, or eth0@veth1 when the peer is in the same namespace.</summary>
    public string DisplayName => ParentIndex is int p
        ? $"{Name}@{(LinkNetNsId is null && (PeerName ?? Parent) is string n ? n : "if" + p)}"
        : Name;

    /// <summary>The name under the NetTCPIP property name, so links pipe into the address and route cmdlets.</summary>
    public string InterfaceAlias => Name;

    /// <summary>The index under the NetTCPIP property name.</summary>
    public int InterfaceIndex => Index;

    public override string ToString() => Name;
}

public enum LinkAdminState
{
    Down,
    Up,
}

/// <summary>IF_OPER_* from linux/if.h.</summary>
public enum LinkOperState
{
    Unknown = 0,
    NotPresent = 1,
    Down = 2,
    LowerLayerDown = 3,
    Testing = 4,
    Dormant = 5,
    Up = 6,
}
