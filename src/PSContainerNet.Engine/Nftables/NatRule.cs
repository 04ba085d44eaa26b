using System.Text;
using PSContainerNet.Engine.Addresses;

namespace PSContainerNet.Engine.Nftables;

public enum NatAction
{
    Masquerade,
    Snat,
    Dnat,
}

/// <summary>A NAT rule in a module-owned table, read back from the kernel, with its counters.</summary>
public sealed class NatRule
{
    public required NatAction Action { get; init; }

    public required IPFamily Family { get; init; }

    public required string Table { get; init; }

    /// <summary>prerouting, output or postrouting.</summary>
    public required string Chain { get; init; }

    /// <summary>The kernel's handle: with table and chain, what identifies the rule.</summary>
    public long Handle { get; init; }

    public string? SourcePrefix { get; init; }

    public bool SourceNegated { get; init; }

    public string? DestinationPrefix { get; init; }

    public bool DestinationNegated { get; init; }

    public string? InInterface { get; init; }

    public bool InInterfaceNegated { get; init; }

    public string? OutInterface { get; init; }

    public bool OutInterfaceNegated { get; init; }

    /// <summary>True when the rule only takes packets addressed to this host (fib daddr type local).</summary>
    public bool LocalDestinationOnly { get; init; }

    /// <summary>tcp or udp.</summary>
    public string? Protocol { get; init; }

    public int? DestinationPort { get; init; }

    /// <summary>The end of a port range (8080-8090).</summary>
    public int? DestinationPortEnd { get; init; }

    public string? ToAddress { get; init; }

    public int? ToPort { get; init; }

    public int? ToPortEnd { get; init; }

    public string? Comment { get; init; }

    public long Packets { get; init; }

    public long Bytes { get; init; }

    public string? Namespace { get; init; }

    /// <summary>The rule in nft syntax.</summary>
    public string Rule
    {
        get
        {
            string family = Family == IPFamily.IPv6 ? "ip6" : "ip";
            var sb = new StringBuilder();
            void Add(string text) => sb.Append(sb.Length == 0 ? string.Empty : " ").Append(text);
            if (InInterface is not null) Add($"iifname {(InInterfaceNegated ? "!= " : string.Empty)}\"{InInterface}\"");
            if (OutInterface is not null) Add($"oifname {(OutInterfaceNegated ? "!= " : string.Empty)}\"{OutInterface}\"");
            if (SourcePrefix is not null) Add($"{family} saddr {(SourceNegated ? "!= " : string.Empty)}{SourcePrefix}");
            if (DestinationPrefix is not null) Add($"{family} daddr {(DestinationNegated ? "!= " : string.Empty)}{DestinationPrefix}");
            if (LocalDestinationOnly) Add("fib daddr type local");
            if (Protocol is not null) Add(DestinationPort is int p ? $"{Protocol} dport {p}{(DestinationPortEnd is int e ? "-" + e : string.Empty)}" : $"meta l4proto {Protocol}");
            Add("counter");
            string ports = ToPort is int tp ? $":{tp}{(ToPortEnd is int te ? "-" + te : string.Empty)}" : string.Empty;
            string to = ToAddress is null ? string.Empty : (Family == IPFamily.IPv6 && ports.Length > 0 ? $"[{ToAddress}]" : ToAddress) + ports;
            Add(Action switch
            {
                NatAction.Masquerade => "masquerade" + (ToPort is null ? string.Empty : " to " + ports),
                NatAction.Snat => "snat to " + to,
                _ => "dnat to " + to,
            });
            if (Comment is not null) Add($"comment \"{Comment}\"");
            return sb.ToString();
        }
    }

    public override string ToString() => $"{Chain}: {Rule}";
}
