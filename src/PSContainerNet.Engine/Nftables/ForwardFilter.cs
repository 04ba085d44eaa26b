using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Nftables;

/// <summary>A base chain on the forward hook, whoever owns it.</summary>
public sealed class ForwardChain
{
    /// <summary>ip, ip6, inet or bridge.</summary>
    public required string Family { get; init; }

    public required string Table { get; init; }

    public required string Chain { get; init; }

    public int Priority { get; init; }

    /// <summary>accept or drop: what happens to packets no rule of the chain decided on.</summary>
    public required string Policy { get; init; }

    /// <summary>True for PSContainerNet's own tables.</summary>
    public bool Owned { get; init; }

    public override string ToString() => $"{Family} {Table} {Chain} (priority {Priority}, policy {Policy})";
}

/// <summary>What decides whether traffic is forwarded in a namespace, and what to do about it.</summary>
public sealed class ForwardFilterReport
{
    public string? Namespace { get; init; }

    public bool IPv4Forwarding { get; init; }

    public bool IPv6Forwarding { get; init; }

    /// <summary>br_netfilter hands bridged IPv4 frames to the ip hooks (net.bridge.bridge-nf-call-iptables = 1).</summary>
    public bool BridgeNetfilter { get; init; }

    public required IReadOnlyList<ForwardChain> ForwardChains { get; init; }

    /// <summary>iptables-legacy tables exist; nftables cannot see their rules.</summary>
    public bool LegacyIptables { get; init; }

    /// <summary>Forwarded (routed) IPv4 packets meet a DROP policy.</summary>
    public bool DropsForwardedTraffic => DropChains.Count > 0;

    /// <summary>Traffic between ports of a bridge here meets that DROP policy too (br_netfilter).</summary>
    public bool DropsBridgedTraffic => BridgeNetfilter && DropsForwardedTraffic;

    public IReadOnlyList<ForwardChain> DropChains => ForwardChains.Where(c => c.Policy == "drop" && c.Family is "ip" or "inet").ToList();

    /// <summary>What is wrong and what to do, in sentences.</summary>
    public IReadOnlyList<string> Advice { get; internal set; } = [];
}

/// <summary>
/// Explains the classic lab breaker: with Docker running, the FORWARD policy is DROP, and br_netfilter sends
/// bridged traffic through it. In nftables every base chain on a hook runs and a drop in any of them is
/// final, so no accept in another table (this module's included) can override it; the advice says what works.
/// </summary>
public static class ForwardFilter
{
    public static ForwardFilterReport Inspect(NamespaceHandle ns)
    {
        var request = new NetlinkRequest(Nft.Type(Nft.MsgGetChain), Nl.NLM_F_REQUEST).Header(new NfGenMsg());
        var chains = NetlinkSockets.For(ns, Nl.NETLINK_NETFILTER)
            .Dump(request, $"list the nf_tables chains of {ns.Description}", ns.Reference)
            .Select(Read)
            .OfType<ForwardChain>()
            .OrderBy(c => c.Priority)
            .ToList();
        bool legacy = ns.Run(() => File.Exists("/proc/net/ip_tables_names") && File.ReadAllText("/proc/net/ip_tables_names").Contains("filter"));
        var report = new ForwardFilterReport
        {
            Namespace = ns.Reference,
            IPv4Forwarding = NatService.ForwardingEnabled(ns, IPFamily.IPv4),
            IPv6Forwarding = NatService.ForwardingEnabled(ns, IPFamily.IPv6),
            BridgeNetfilter = NatService.BridgeNetfilterActive(ns),
            ForwardChains = chains,
            LegacyIptables = legacy,
        };
        report.Advice = Advise(report, ns);
        return report;
    }

    private static List<string> Advise(ForwardFilterReport r, NamespaceHandle ns)
    {
        var advice = new List<string>();
        if (!r.IPv4Forwarding)
        {
            advice.Add($"IPv4 forwarding is off in {ns.Description}: routed and NATed traffic does not pass (bridged traffic does). Set-NetSysctl net.ipv4.ip_forward 1 turns it on.");
        }

        foreach (ForwardChain drop in r.DropChains)
        {
            advice.Add($"Forwarded traffic meets a DROP policy in {drop}. Every base chain on the forward hook runs and a drop in any of them is final, so an accept in another table (PSContainerNet's included) cannot override it.");
        }

        if (r.DropsBridgedTraffic)
        {
            string where = ns.IsCurrent ? "this (root) namespace" : ns.Description;
            advice.Add($"br_netfilter is on (net.bridge.bridge-nf-call-iptables = 1), so traffic between ports of a bridge in {where} goes through that chain too and is dropped: the lab bridge silently stops passing traffic.");
            advice.Add("What works alongside Docker without touching its rules: build the lab inside a network namespace (New-NetNamespace; Docker's rules live in the root namespace only), as PSContainerNet's labs do.");
            advice.Add($"In a lab namespace of your own, Set-NetSysctl net.bridge.bridge-nf-call-iptables 0 -Namespace {ns.Reference ?? "NAME"} makes bridged traffic skip the ip hooks there (the per-bridge nf_call_iptables option cannot: it only adds to the namespace setting).");
            if (ns.IsCurrent)
            {
                advice.Add("For a bridge in the root namespace, Docker's own place for this is its DOCKER-USER chain (iptables -I DOCKER-USER -i BRIDGE -o BRIDGE -j ACCEPT); PSContainerNet does not write it because it never edits tables it does not own.");
            }
        }

        if (r.LegacyIptables)
        {
            advice.Add("iptables-legacy tables exist here; their rules are invisible to nftables, so check them with iptables-legacy -S FORWARD.");
        }

        return advice;
    }

    private static ForwardChain? Read(NetlinkMessage message)
    {
        NetlinkAttributes a = message.Attributes<NfGenMsg>();
        NetlinkAttributes? hook = a.Nested(Nft.ChainHook);
        if (hook?.U32BigEndian(Nft.HookNumber) != Nft.HookForward)
        {
            return null;
        }

        string table = a.String(Nft.ChainTable) ?? string.Empty;
        return new ForwardChain
        {
            Family = message.Header<NfGenMsg>().Family switch { 1 => "inet", 2 => "ip", 7 => "bridge", 10 => "ip6", var f => f.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Table = table,
            Chain = a.String(Nft.ChainName) ?? string.Empty,
            Priority = unchecked((int)(hook.U32BigEndian(Nft.HookPriority) ?? 0)),
            Policy = a.U32BigEndian(Nft.ChainPolicy) == 0 ? "drop" : "accept",
            Owned = table == NatService.TableName,
        };
    }
}
