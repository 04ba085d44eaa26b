namespace PSContainerNet.Engine.Links;

/// <summary>MACVLAN_MODE_* (linux/if_link.h).</summary>
public enum MacvlanMode
{
    Private = 1,
    Vepa = 2,
    Bridge = 4,
    Passthru = 8,
    Source = 16,
}

/// <summary>IPVLAN_MODE_* (linux/if_link.h).</summary>
public enum IpvlanMode
{
    L2 = 0,
    L3 = 1,
    L3S = 2,
}

/// <summary>How ipvlan slaves of one parent reach each other (IPVLAN_F_*).</summary>
public enum IpvlanIsolation
{
    Bridge = 0,
    Private = 1,
    Vepa = 2,
}

/// <summary>The VLAN tag protocol: 802.1Q (0x8100) or 802.1ad QinQ (0x88a8).</summary>
public enum VlanProtocol
{
    Dot1Q = 0x8100,
    Dot1AD = 0x88a8,
}

/// <summary>VLAN_FLAG_* (linux/if_vlan.h): what a VLAN sub-interface does besides tagging.</summary>
[Flags]
public enum VlanFlags
{
    None = 0,

    /// <summary>Hands received frames up untagged (on unless turned off).</summary>
    ReorderHeader = 0x1,

    /// <summary>Registers the VLAN with GVRP.</summary>
    Gvrp = 0x2,

    /// <summary>The sub-interface's state does not follow its parent's.</summary>
    LooseBinding = 0x4,

    /// <summary>Registers the VLAN with MVRP.</summary>
    Mvrp = 0x8,

    /// <summary>The state follows only the bridge ports in the VLAN.</summary>
    BridgeBinding = 0x10,
}

/// <summary>Settings shared by every new link.</summary>
public sealed class LinkOptions
{
    public int? Mtu { get; init; }

    public string? MacAddress { get; init; }

    /// <summary>Bring the link up as it is created.</summary>
    public bool Up { get; init; }

    /// <summary>The bridge (or bond) the new link joins, in the same request (`ip link add ... master BR`).</summary>
    public string? Master { get; init; }

    /// <summary>
    /// Transmit and receive queues to allocate (`numtxqueues`/`numrxqueues`; for a veth, on both ends). The kernel's
    /// default for a veth is one per processor of which one is used; allocating one spares an RCU wait at creation.
    /// </summary>
    public int? Queues { get; init; }

    /// <summary>The transmit queue length in packets (`txqueuelen`; for a veth, on both ends unless the peer says otherwise).</summary>
    public int? TxQueueLength { get; init; }
}

/// <summary>
/// Settings for a veth's peer end. Null members take the pair's <see cref="LinkOptions"/> value, so one -Mtu sets
/// both ends, and `ip link add a mtu 9000 type veth peer name b mtu 1500` is the pair's MTU with a peer override.
/// </summary>
public sealed class VethPeerOptions
{
    public int? Mtu { get; init; }

    public string? MacAddress { get; init; }

    public int? Queues { get; init; }

    public int? TxQueueLength { get; init; }
}

/// <summary>
/// Bridge settings (`ip link add/set BR type bridge ...`). Null members are not sent: a new bridge keeps the kernel's
/// default, an existing one keeps its value. Times are in seconds; the kernel keeps centiseconds.
/// </summary>
public sealed class BridgeOptions
{
    public bool? Stp { get; init; }

    /// <summary>STP forward delay (2-30 s when STP is on).</summary>
    public double? ForwardDelaySeconds { get; init; }

    /// <summary>STP hello time (1-10 s).</summary>
    public double? HelloTimeSeconds { get; init; }

    /// <summary>STP max age (6-40 s).</summary>
    public double? MaxAgeSeconds { get; init; }

    /// <summary>How long a learned MAC address stays in the forwarding database; 0 keeps entries forever.</summary>
    public double? AgeingTimeSeconds { get; init; }

    /// <summary>STP bridge priority (0-65535; the lowest becomes root).</summary>
    public int? Priority { get; init; }

    public bool? MulticastSnooping { get; init; }

    public bool? VlanFiltering { get; init; }

    /// <summary>The VLAN untagged traffic of new ports belongs to with VLAN filtering (1-4094; 0 for none; the kernel's default is 1).</summary>
    public int? VlanDefaultPvid { get; init; }
}

/// <summary>A bridge port's STP state (BR_STATE_* in linux/if_bridge.h).</summary>
public enum BridgePortState
{
    Disabled = 0,
    Listening = 1,
    Learning = 2,
    Forwarding = 3,
    Blocking = 4,
}

/// <summary>Settings of a bridge port (`ip link set PORT type bridge_slave ...`, `bridge link set`). Null members are not sent.</summary>
public sealed class BridgePortOptions
{
    public bool? Learning { get; init; }

    /// <summary>Flood unicast frames to unknown destinations out of this port.</summary>
    public bool? UnicastFlood { get; init; }

    public bool? MulticastFlood { get; init; }

    public bool? BroadcastFlood { get; init; }

    /// <summary>Disable the port when an STP BPDU arrives on it.</summary>
    public bool? BpduGuard { get; init; }

    /// <summary>An isolated port talks only to ports that are not isolated (private-VLAN style).</summary>
    public bool? Isolated { get; init; }

    /// <summary>Frames may leave through the port they arrived on.</summary>
    public bool? HairpinMode { get; init; }

    /// <summary>STP path cost (1-65535).</summary>
    public int? Cost { get; init; }

    /// <summary>STP port priority (0-63).</summary>
    public int? Priority { get; init; }
}

public sealed class VxlanOptions
{
    /// <summary>VXLAN network identifier, 0-16777215; null only in <see cref="External"/> mode.</summary>
    public int? Vni { get; init; }

    /// <summary>
    /// External (collect-metadata) mode, as Docker's, Cilium's and OVS's devices run: the VNI and remote come with
    /// each packet from the routing metadata (`ip link add ... type vxlan external`).
    /// </summary>
    public bool External { get; init; }

    /// <summary>With <see cref="External"/>: the device carries only the VNIs added to it (`vnifilter`, `bridge vni add`).</summary>
    public bool VniFilter { get; init; }

    /// <summary>Unicast peer (point-to-point) or multicast group; null for a learning-only device.</summary>
    public System.Net.IPAddress? Remote { get; init; }

    public System.Net.IPAddress? Local { get; init; }

    /// <summary>UDP destination port; IANA assigned 4789.</summary>
    public int DestinationPort { get; init; } = 4789;

    /// <summary>The underlay device (required with a multicast group).</summary>
    public string? Device { get; init; }

    public bool Learning { get; init; } = true;

    public int? Ttl { get; init; }

    /// <summary>The outer header's TOS (0-255); 1 means inherit it from the inner packet (ip's `tos inherit`).</summary>
    public int? Tos { get; init; }

    /// <summary>Answer ARP/NDP for remote hosts from the neighbor table (`proxy`).</summary>
    public bool Proxy { get; init; }

    /// <summary>Tell user space (netlink RTM_GETNEIGH) about FDB misses (`l2miss`), as Docker's overlay driver listens for.</summary>
    public bool L2Miss { get; init; }

    /// <summary>Tell user space about IP neighbor misses (`l3miss`).</summary>
    public bool L3Miss { get; init; }

    /// <summary>The UDP source port range (`srcport LOW HIGH`); both or neither.</summary>
    public (int Low, int High)? SourcePortRange { get; init; }

    /// <summary>IPv4 outer UDP checksum (`udpcsum`/`noudpcsum`); null keeps the kernel's default.</summary>
    public bool? UdpChecksum { get; init; }

    /// <summary>Send IPv6 outer UDP with a zero checksum (`udp6zerocsumtx`).</summary>
    public bool? ZeroChecksum6Transmit { get; init; }

    /// <summary>Accept IPv6 outer UDP with a zero checksum (`udp6zerocsumrx`).</summary>
    public bool? ZeroChecksum6Receive { get; init; }

    /// <summary>The Group Based Policy extension (`gbp`).</summary>
    public bool Gbp { get; init; }

    /// <summary>Seconds a learned FDB entry lives (`ageing`); the kernel's default is 300.</summary>
    public int? AgeingSeconds { get; init; }
}
