using PSContainerNet.Engine.Addresses;

namespace PSContainerNet.Engine.Neighbors;

/// <summary>NUD_* (linux/neighbour.h): where an entry stands in the kernel's neighbour discovery.</summary>
[Flags]
public enum NeighborState
{
    None = 0,
    Incomplete = 0x01,
    Reachable = 0x02,
    Stale = 0x04,
    Delay = 0x08,
    Probe = 0x10,
    Failed = 0x20,
    NoArp = 0x40,
    Permanent = 0x80,
}

/// <summary>An ARP (IPv4) or neighbour discovery (IPv6) entry, as Get-NetNeighbor shows it: `ip neigh`.</summary>
public sealed class NetNeighbor
{
    public required string IPAddress { get; init; }

    /// <summary>The neighbour's MAC address; null while it is not known (incomplete, failed).</summary>
    public string? LinkLayerAddress { get; init; }

    public required string InterfaceAlias { get; init; }

    public required int InterfaceIndex { get; init; }

    public required NeighborState State { get; init; }

    /// <summary>The neighbour said it is a router (IPv6 neighbour discovery).</summary>
    public bool IsRouter { get; init; }

    /// <summary>A proxy entry: this host answers for the address (ip neigh ... proxy).</summary>
    public bool IsProxy { get; init; }

    public required IPFamily AddressFamily { get; init; }

    public string? Namespace { get; init; }

    public override string ToString() =>
        $"{IPAddress} dev {InterfaceAlias}" + (IsProxy ? " proxy" : (LinkLayerAddress is null ? string.Empty : $" lladdr {LinkLayerAddress}") +
        (IsRouter ? " router" : string.Empty) + $" {State.ToString().ToUpperInvariant()}");
}
