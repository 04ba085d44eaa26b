using PSContainerNet.Engine.Addresses;

namespace PSContainerNet.Engine.Routes;

/// <summary>What a matching policy rule does (FR_ACT_*): look up a table, jump to another rule, or drop.</summary>
public enum RoutingRuleAction
{
    Table = 1,
    Goto = 2,
    Nop = 3,
    Blackhole = 6,
    Unreachable = 7,
    Prohibit = 8,
}

/// <summary>A policy routing rule (one RTM_NEWRULE), as Get-NetRoutingRule shows it: `ip rule`.</summary>
public sealed class NetRoutingRule
{
    /// <summary>Rules are tried from the lowest priority up (ip's pref).</summary>
    public required int Priority { get; init; }

    public required IPFamily AddressFamily { get; init; }

    /// <summary>Source prefix that matches (ip's from); null for any.</summary>
    public string? From { get; init; }

    /// <summary>Destination prefix that matches (ip's to); null for any.</summary>
    public string? To { get; init; }

    public string? InInterface { get; init; }

    public string? OutInterface { get; init; }

    public uint? FirewallMark { get; init; }

    public uint? FirewallMask { get; init; }

    /// <summary>The selector is inverted: the rule applies to what does not match (ip's not).</summary>
    public bool Not { get; init; }

    public required RoutingRuleAction Action { get; init; }

    /// <summary>The table looked up (Action Table): 254 main, 255 local, 253 default.</summary>
    public int? Table { get; init; }

    /// <summary>The rule jumped to (Action Goto).</summary>
    public int? Goto { get; init; }

    /// <summary>Looks up the table of the VRF the packet's interface belongs to (ip's l3mdev).</summary>
    public bool L3mdev { get; init; }

    /// <summary>A table's answer is refused when its route's prefix is this long or shorter (ip's suppress_prefixlength).</summary>
    public int? SuppressPrefixLength { get; init; }

    public string? Namespace { get; init; }

    /// <summary>The selector as ip rule prints it: "from all", "from 10.0.0.0/8 iif eth0 fwmark 0x1".</summary>
    public string Selector =>
        (Not ? "not " : string.Empty) + "from " + (From ?? "all") + (To is null ? string.Empty : " to " + To) +
        (FirewallMark is uint mark ? $" fwmark 0x{mark:x}" + (FirewallMask is uint mask and not uint.MaxValue ? $"/0x{mask:x}" : string.Empty) : string.Empty) +
        (InInterface is null ? string.Empty : " iif " + InInterface) + (OutInterface is null ? string.Empty : " oif " + OutInterface);

    /// <summary>What the rule does, as ip rule prints it: "lookup main", "goto 100", "blackhole".</summary>
    public string Does => Action switch
    {
        RoutingRuleAction.Table when L3mdev => "lookup [l3mdev-table]",
        RoutingRuleAction.Table => "lookup " + TableName(Table ?? 0) + (SuppressPrefixLength is int length ? $" suppress_prefixlength {length}" : string.Empty),
        RoutingRuleAction.Goto => $"goto {Goto}",
        RoutingRuleAction.Nop => "nop",
        _ => Action.ToString().ToLowerInvariant(),
    };

    public override string ToString() => $"{Priority}: {Selector} {Does}";

    private static string TableName(int table) => table switch
    {
        255 => "local",
        254 => "main",
        253 => "default",
        _ => table.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
