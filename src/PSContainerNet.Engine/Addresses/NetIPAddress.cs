using System.Net.Sockets;

namespace PSContainerNet.Engine.Addresses;

/// <summary>IPv4 or IPv6, in the words of Windows' NetTCPIP module.</summary>
public enum IPFamily
{
    IPv4 = AddressFamily.InterNetwork,
    IPv6 = AddressFamily.InterNetworkV6,
}

/// <summary>How far an address or route reaches (RT_SCOPE_*).</summary>
public enum NetScope
{
    Global = 0,
    Site = 200,
    Link = 253,
    Host = 254,
    Nowhere = 255,
}

/// <summary>Where an address is in its life (IFA_F_TENTATIVE, IFA_F_DEPRECATED, IFA_F_DADFAILED).</summary>
public enum AddressState
{
    Preferred,
    Tentative,
    Deprecated,
    Duplicate,
}

/// <summary>An address on a link (one RTM_NEWADDR), as Get-NetIPAddress shows it.</summary>
public sealed class NetIPAddress
{
    /// <summary>The address alone: 172.17.0.2.</summary>
    public required string IPAddress { get; init; }

    public required int PrefixLength { get; init; }

    public required IPFamily AddressFamily { get; init; }

    /// <summary>The link's name.</summary>
    public required string InterfaceAlias { get; init; }

    public required int InterfaceIndex { get; init; }

    /// <summary>The on-link network: 172.17.0.0/16.</summary>
    public required string Prefix { get; init; }

    /// <summary>IPv4 broadcast address, when set.</summary>
    public string? Broadcast { get; init; }

    public NetScope Scope { get; init; }

    /// <summary>The IPv4 label (eth0, eth0:1).</summary>
    public string? Label { get; init; }

    public AddressState AddressState { get; init; }

    /// <summary>Address flags in ip's words: permanent, secondary, nodad, tentative, ...</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>The other end of a point-to-point address (ip's peer), with the prefix length; null otherwise.</summary>
    public string? Peer { get; init; }

    /// <summary>Time left before the address is deprecated (ip's preferred_lft); null for forever.</summary>
    public TimeSpan? PreferredLifetime { get; init; }

    /// <summary>Time left before the address goes (ip's valid_lft); null for forever.</summary>
    public TimeSpan? ValidLifetime { get; init; }

    /// <summary>The namespace the address lives in: a name, a path, or null for the current namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>ip's form: 172.17.0.2/16.</summary>
    public string Cidr => $"{IPAddress}/{PrefixLength}";

    public override string ToString() => Cidr;
}
