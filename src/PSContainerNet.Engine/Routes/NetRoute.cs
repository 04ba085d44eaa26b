using PSContainerNet.Engine.Addresses;

namespace PSContainerNet.Engine.Routes;

/// <summary>A route (one RTM_NEWROUTE), as Get-NetRoute shows it.</summary>
public sealed class NetRoute
{
    /// <summary>Where it leads: 10.0.0.0/24, or 0.0.0.0/0 / ::/0 for the default route.</summary>
    public required string DestinationPrefix { get; init; }

    /// <summary>The gateway; null for a directly connected (on-link) route.</summary>
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

    public bool IsDefault => DestinationPrefix is "0.0.0.0/0" or "::/0";

    public override string ToString() =>
        (IsDefault ? "default" : DestinationPrefix) + (NextHop is null ? string.Empty : " via " + NextHop) + (InterfaceAlias is null ? string.Empty : " dev " + InterfaceAlias);
}
