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

public sealed class BridgeOptions
{
    public bool Stp { get; init; }

    /// <summary>STP forward delay in seconds (2-30 when STP is on).</summary>
    public double? ForwardDelaySeconds { get; init; }

    public bool VlanFiltering { get; init; }

    /// <summary>The VLAN untagged traffic of new ports belongs to with VLAN filtering (1-4094; 0 for none; the kernel's default is 1).</summary>
    public int? VlanDefaultPvid { get; init; }
}

public sealed class VxlanOptions
{
    /// <summary>VXLAN network identifier, 0-16777215.</summary>
    public required int Vni { get; init; }

    /// <summary>Unicast peer (point-to-point) or multicast group; null for a learning-only device.</summary>
    public System.Net.IPAddress? Remote { get; init; }

    public System.Net.IPAddress? Local { get; init; }

    /// <summary>UDP destination port; IANA assigned 4789.</summary>
    public int DestinationPort { get; init; } = 4789;

    /// <summary>The underlay device (required with a multicast group).</summary>
    public string? Device { get; init; }

    public bool Learning { get; init; } = true;

    public int? Ttl { get; init; }
}
