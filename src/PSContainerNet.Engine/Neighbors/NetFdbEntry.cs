namespace PSContainerNet.Engine.Neighbors;

/// <summary>How an FDB entry came to be and how long it stays (bridge fdb's permanent, static, dynamic).</summary>
public enum FdbEntryState
{
    /// <summary>Kept for good (NUD_PERMANENT): the bridge's own addresses, and entries set by hand (bridge fdb's default).</summary>
    Permanent,

    /// <summary>Set by hand, not aged (NUD_NOARP only); a VXLAN device refuses it.</summary>
    Static,

    /// <summary>Learned, and aged out (NUD_REACHABLE or STALE).</summary>
    Dynamic,
}

/// <summary>
/// A forwarding database entry of a bridge port or a VXLAN device, as Get-NetFdbEntry shows it (`bridge fdb`): which MAC
/// is behind which port, and for a VXLAN which remote VTEP (Destination) gets its frames. An all-zero MAC with a
/// Destination is a flood entry: broadcast and unknown frames go to that VTEP too (as flannel and Docker's overlay write them).
/// </summary>
public sealed class NetFdbEntry
{
    public required string MacAddress { get; init; }

    /// <summary>The port (or VXLAN device) the entry is on.</summary>
    public required string InterfaceAlias { get; init; }

    /// <summary>The bridge the port belongs to, for entries in the bridge's own table.</summary>
    public string? Master { get; init; }

    public int? Vlan { get; init; }

    /// <summary>The remote VTEP's address (VXLAN).</summary>
    public string? Destination { get; init; }

    public int? Vni { get; init; }

    public required FdbEntryState State { get; init; }

    /// <summary>The entry is in the device's own table (bridge fdb's self), not its master's.</summary>
    public bool Self { get; init; }

    public string? Namespace { get; init; }

    public override string ToString() =>
        $"{MacAddress} dev {InterfaceAlias}" + (Vlan is int v ? $" vlan {v}" : string.Empty) + (Destination is null ? string.Empty : $" dst {Destination}") +
        (Vni is int n ? $" vni {n}" : string.Empty) + (Self ? " self" : string.Empty) + (Master is null ? string.Empty : $" master {Master}") +
        $" {State.ToString().ToLowerInvariant()}";
}
