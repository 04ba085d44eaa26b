using System.Net;
using System.Net.Sockets;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Links;

namespace PSContainerNet.Engine.Nftables;

/// <summary>What Add-NatRule asks for. One spec can become several rules (DNAT for local traffic, hairpin).</summary>
public sealed class NatRuleSpec
{
    public required NatAction Action { get; init; }

    public IPPrefix? Source { get; init; }

    public bool SourceNegated { get; init; }

    /// <summary>DNAT: the address the traffic was sent to; when null, any address of this host (fib daddr type local).</summary>
    public IPPrefix? Destination { get; init; }

    public bool DestinationNegated { get; init; }

    public string? InInterface { get; init; }

    public bool InInterfaceNegated { get; init; }

    public string? OutInterface { get; init; }

    public bool OutInterfaceNegated { get; init; }

    /// <summary>tcp or udp; needed with any port.</summary>
    public string? Protocol { get; init; }

    public int? Port { get; init; }

    public int? PortEnd { get; init; }

    public IPAddress? ToAddress { get; init; }

    public int? ToPort { get; init; }

    public int? ToPortEnd { get; init; }

    public string? Comment { get; init; }

    /// <summary>DNAT: also rewrite traffic this host itself sends (the seeds' OUTPUT -> DOCKER jump).</summary>
    public bool IncludeLocal { get; init; }

    /// <summary>DNAT: masquerade the target talking to its own forwarded port, so the reply comes back through us.</summary>
    public bool Hairpin { get; init; }

    /// <summary>The family every address agrees on (IPv4 when there is none).</summary>
    public IPFamily Family
    {
        get
        {
            var families = new[] { Source?.Family, Destination?.Family, ToAddress?.AddressFamily }.OfType<AddressFamily>().Distinct().ToList();
            return families.Count == 1 && families[0] == AddressFamily.InterNetworkV6 ? IPFamily.IPv6 : IPFamily.IPv4;
        }
    }

    /// <summary>Parses "80" or "8080-8090" into a port and an optional range end.</summary>
    public static (int Start, int? End) ParsePorts(string text)
    {
        string[] parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int start) ||
            (parts.Length == 2 && !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"'{text}' is not a port or a port range such as 8080-8090", text);
        }

        return (start, parts.Length == 2 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    /// <summary>Checks the combination before anything is sent; the message says what to change.</summary>
    public void Validate()
    {
        var families = new[] { Source?.Family, Destination?.Family, ToAddress?.AddressFamily }.OfType<AddressFamily>().Distinct().ToList();
        if (families.Count > 1)
        {
            Fail("the addresses mix IPv4 and IPv6; one rule is one family");
        }

        if (Protocol is not null and not "tcp" and not "udp")
        {
            Fail($"protocol '{Protocol}' is not supported; use tcp or udp");
        }

        if ((Port ?? ToPort) is not null && Protocol is null)
        {
            Fail("a port needs -Protocol tcp or udp");
        }

        CheckPorts(Port, PortEnd, "destination port");
        CheckPorts(ToPort, ToPortEnd, "port to translate to");
        switch (Action)
        {
            case NatAction.Masquerade when ToAddress is not null:
                Fail("masquerade takes the outgoing interface's address; use -Snat with -ToAddress for a fixed one");
                break;
            case NatAction.Snat or NatAction.Dnat when ToAddress is null:
                Fail($"{Action.ToString().ToUpperInvariant()} needs -ToAddress");
                break;
            case NatAction.Dnat when OutInterface is not null:
                Fail("DNAT happens before routing, so there is no output interface to match; use -InInterface");
                break;
            case not NatAction.Dnat when IncludeLocal || Hairpin:
                Fail("-IncludeLocal and -Hairpin belong to DNAT rules");
                break;
        }

        foreach (string? name in new[] { InInterface, OutInterface })
        {
            if (name is not null)
            {
                LinkNames.Validate(name);
            }
        }

        if (Comment is not null && (Comment.Length > 128 || Comment.Contains('\0') || Comment.Contains('"')))
        {
            Fail("a comment has at most 128 characters and no NUL or '\"'");
        }
    }

    private void CheckPorts(int? start, int? end, string what)
    {
        if (start is int s && (s < 1 || s > 65535))
        {
            Fail($"{what} {s} is out of range; use 1-65535");
        }

        if (end is int e && (start is null || e < start || e > 65535))
        {
            Fail($"{what} range {start}-{e} is not a range; give start-end with start <= end <= 65535");
        }
    }

    private void Fail(string why) =>
        throw new EngineException(EngineErrorKind.InvalidArgument, $"NAT rule not valid: {why}", Comment ?? Action.ToString());
}
