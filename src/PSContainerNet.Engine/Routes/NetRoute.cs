using PSContainerNet.Engine.Addresses;

namespace PSContainerNet.Engine.Routes;

/// <summary>One next hop of a route: a gateway (of either family, RTA_VIA) and/or an interface, with its ECMP weight.</summary>
public sealed class NetRouteNextHop
{
    public string? NextHop { get; init; }

    public string? InterfaceAlias { get; init; }

    public int? InterfaceIndex { get; init; }

    /// <summary>The share of flows this hop gets among the route's hops (ip's weight; 1 unless set).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>The gateway is taken as on the link without a connected route to it (ip's onlink).</summary>
    public bool OnLink { get; init; }

    public override string ToString() =>
        (NextHop is null ? string.Empty : "via " + NextHop) + (InterfaceAlias is null ? string.Empty : " dev " + InterfaceAlias) +
        (Weight == 1 ? string.Empty : $" weight {Weight}");
}

/// <summary>A route (one RTM_NEWROUTE), as Get-NetRoute shows it.</summary>
public sealed class NetRoute
{
    /// <summary>Where it leads: 10.0.0.0/24, or 0.0.0.0/0 / ::/0 for the default route.</summary>
    public required string DestinationPrefix { get; init; }

    /// <summary>The gateway (of either family: an IPv4 route may go via an IPv6 link-local); null for a directly connected
    /// route and for a multipath route, whose gateways are in <see cref="NextHops"/>.</summary>
    public string? NextHop { get; init; }

    public string? InterfaceAlias { get; init; }

    public int? InterfaceIndex { get; init; }

    /// <summary>The route's priority (RTA_PRIORITY); lower wins.</summary>
    public int RouteMetric { get; init; }

    /// <summary>The routing table: 254 is main, 255 local.</summary>
    public int Table { get; init; }

    public NetScope Scope { get; init; }

    /// <summary>Who made it: kernel, boot, static, dhcp, ra, ... (RTPROT_*).</summary>
    public required string Protocol { get; init; }

    /// <summary>unicast, local, broadcast, blackhole, unreachable, prohibit, ...</summary>
    public required string Type { get; init; }

    /// <summary>The source address preferred for traffic on this route (RTA_PREFSRC).</summary>
    public string? PreferredSource { get; init; }

    public required IPFamily AddressFamily { get; init; }

    /// <summary>The namespace the route lives in: a name, a path, or null for the current namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>Path MTU, advertised MSS and hop limit set on the route (RTA_METRICS); null when not set.</summary>
    public int? Mtu { get; init; }

    public int? AdvertisedMss { get; init; }

    public int? HopLimit { get; init; }

    /// <summary>Every next hop: one for an ordinary route, several (each with its weight) for a multipath (ECMP) one.</summary>
    public IReadOnlyList<NetRouteNextHop> NextHops { get; init; } = [];

    public bool IsMultipath => NextHops.Count > 1;

    public bool IsDefault => DestinationPrefix is "0.0.0.0/0" or "::/0";

    public override string ToString() =>
        (IsDefault ? "default" : DestinationPrefix) + (IsMultipath
            ? string.Concat(NextHops.Select(h => " nexthop " + h))
            : (NextHop is null ? string.Empty : " via " + NextHop) + (InterfaceAlias is null ? string.Empty : " dev " + InterfaceAlias));
}
