using System.Buffers.Binary;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Native;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Nftables;

/// <summary>
/// NAT over nf_tables in tables the module owns (ip pscontainernet, ip6 pscontainernet) with base chains at
/// the standard dstnat/srcnat priorities. Tables it does not own (Docker's, iptables-nft's) are never touched.
/// Every change is one nfnetlink batch: all of it lands, or none.
/// </summary>
public static class NatService
{
    public const string TableName = "pscontainernet";

    // Above this many rules, echoes could overflow the socket buffer after the commit; read the rules back instead.
    private const int EchoLimit = 1000;

    // Namespaces (by inode) and families whose table and chains this process has already declared.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(ulong Inode, IPFamily Family), bool> Declared = new();

    private static readonly (string Name, uint Hook, int Priority)[] Chains =
    [
        ("prerouting", Nft.HookPrerouting, -100),
        ("output", Nft.HookOutput, -100),
        ("postrouting", Nft.HookPostrouting, 100),
    ];

    /// <summary>Adds the rules of every spec in one transaction; returns the rules as the kernel now has them.</summary>
    /// <param name="returnRules">
    /// False skips the kernel's echo of every new rule, which is most of the cost of a large batch; the
    /// result is then empty.
    /// </param>
    public static IReadOnlyList<NatRule> Add(NamespaceHandle ns, IReadOnlyList<NatRuleSpec> specs, bool returnRules = true)
    {
        var shapes = new List<(NatRuleShape Shape, int SpecIndex)>();
        for (int i = 0; i < specs.Count; i++)
        {
            specs[i].Validate();
            shapes.AddRange(Expand(specs[i]).Select(s => (s, i)));
        }

        if (shapes.Count == 0)
        {
            return [];
        }

        if (returnRules && shapes.Count > EchoLimit)
        {
            long before = List(ns).Select(r => r.Handle).DefaultIfEmpty(0).Max();
            CommitDeclaringAgain(ns, shapes, specs, echo: false);
            return List(ns).Where(r => r.Handle > before).ToList();
        }

        return CommitDeclaringAgain(ns, shapes, specs, returnRules);
    }

    private static IReadOnlyList<NatRule> CommitDeclaringAgain(
        NamespaceHandle ns, List<(NatRuleShape Shape, int SpecIndex)> shapes, IReadOnlyList<NatRuleSpec> specs, bool echo)
    {
        try
        {
            return Commit(ns, shapes, specs, echo);
        }
        catch (NetlinkException e) when (e.Errno == Libc.ENOENT)
        {
            // The table is gone although this process declared it (nft flush ruleset, a namespace with a
            // reused inode): declare it again.
            foreach (IPFamily family in shapes.Select(s => s.Shape.Family).Distinct())
            {
                Declared.TryRemove((ns.Inode, family), out _);
            }

            return Commit(ns, shapes, specs, echo);
        }
    }

    private static IReadOnlyList<NatRule> Commit(
        NamespaceHandle ns, List<(NatRuleShape Shape, int SpecIndex)> shapes, IReadOnlyList<NatRuleSpec> specs, bool echo)
    {
        var messages = new List<NetlinkRequest>();
        var targets = new List<object?>();
        var declaring = shapes.Select(s => s.Shape.Family).Distinct().Where(f => !Declared.ContainsKey((ns.Inode, f))).ToList();
        foreach (IPFamily family in declaring)
        {
            // NEWTABLE/NEWCHAIN without NLM_F_EXCL leave existing ones as they are.
            messages.Add(Message(Nft.MsgNewTable, family, Nl.NLM_F_CREATE).AttrString(Nft.TableName, TableName));
            targets.Add(TableName);
            foreach (var (name, hook, priority) in Chains)
            {
                var chain = Message(Nft.MsgNewChain, family, Nl.NLM_F_CREATE)
                    .AttrString(Nft.ChainTable, TableName)
                    .AttrString(Nft.ChainName, name)
                    .AttrString(Nft.ChainType, "nat");
                int h = chain.BeginNested(Nft.ChainHook);
                chain.AttrU32BigEndian(Nft.HookNumber, hook).AttrU32BigEndian(Nft.HookPriority, unchecked((uint)priority));
                chain.EndNested(h);
                messages.Add(chain);
                targets.Add(name);
            }
        }

        foreach (var (shape, specIndex) in shapes)
        {
            // NLM_F_ECHO: the kernel sends the created rule back, handle included, so no dump is needed.
            ushort echoFlag = echo ? Nl.NLM_F_ECHO : (ushort)0;
            var rule = Message(Nft.MsgNewRule, shape.Family, (ushort)(Nl.NLM_F_CREATE | Nl.NLM_F_APPEND | echoFlag))
                .AttrString(Nft.RuleTable, TableName)
                .AttrString(Nft.RuleChain, shape.Chain);
            NatRuleCodec.WriteExpressions(rule, shape);
            messages.Add(rule);
            targets.Add(specs[specIndex].Comment ?? $"rule {specIndex + 1} ({specs[specIndex].Action})");
        }

        string operation = $"add {specs.Count} NAT rule(s) in {ns.Description}";
        var added = Send(ns, messages, operation, targets)
            .Where(m => m.Type == Nft.Type(Nft.MsgNewRule))
            .Select(m => NatRuleCodec.Read(m, m.Header<NfGenMsg>().Family == 10 ? IPFamily.IPv6 : IPFamily.IPv4, ns.Reference))
            .OfType<NatRule>()
            .ToList();
        if (echo && added.Count != shapes.Count)
        {
            throw new EngineException(EngineErrorKind.Other,
                $"{operation}: the kernel reported no error but echoed {added.Count} of {shapes.Count} rules; check with Get-NatRule");
        }

        foreach (IPFamily family in declaring)
        {
            Declared[(ns.Inode, family)] = true;
        }

        return added;
    }

    /// <summary>The module's NAT rules in a namespace, IPv4 then IPv6, with counters.</summary>
    public static IReadOnlyList<NatRule> List(NamespaceHandle ns)
    {
        var rules = new List<NatRule>();
        foreach (IPFamily family in new[] { IPFamily.IPv4, IPFamily.IPv6 })
        {
            var request = Message(Nft.MsgGetRule, family, 0).AttrString(Nft.RuleTable, TableName);
            try
            {
                rules.AddRange(Socket(ns)
                    .Dump(request, $"list NAT rules in {ns.Description}", ns.Reference)
                    .Select(m => NatRuleCodec.Read(m, family, ns.Reference))
                    .OfType<NatRule>());
            }
            catch (NetlinkException e) when (e.Errno == Libc.ENOENT)
            {
                // The table does not exist yet: no rules.
            }
        }

        return rules;
    }

    /// <summary>
    /// Removes rules by handle in one transaction. Rules already gone are skipped, so removing twice is
    /// fine; returns how many were removed.
    /// </summary>
    public static int Remove(NamespaceHandle ns, IEnumerable<NatRule> rules)
    {
        var existing = List(ns).Select(r => (r.Family, r.Chain, r.Handle)).ToHashSet();
        var doomed = rules.Select(r => (r.Family, r.Chain, r.Handle)).Distinct().Where(existing.Contains).ToList();
        if (doomed.Count == 0)
        {
            return 0;
        }

        var messages = doomed.Select(d => Message(Nft.MsgDelRule, d.Family, 0)
                .AttrString(Nft.RuleTable, TableName)
                .AttrString(Nft.RuleChain, d.Chain)
                .AttrU64BigEndian(Nft.RuleHandle, (ulong)d.Handle))
            .ToList();
        Send(ns, messages, $"remove {doomed.Count} NAT rule(s) in {ns.Description}", doomed.Select(d => (object?)$"{d.Chain} handle {d.Handle}").ToList());
        return doomed.Count;
    }

    // Namespaces (by inode) and families seen forwarding; forwarding is rarely turned off again.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(ulong Inode, IPFamily Family), bool> SeenForwarding = new();

    /// <summary>
    /// ForwardingEnabled, remembering a "yes" per namespace so repeated calls skip the round trip; a "no" is
    /// asked again every time, so a warning based on it stays true until forwarding is turned on.
    /// </summary>
    public static bool ForwardingKnownOn(NamespaceHandle ns, IPFamily family)
    {
        if (SeenForwarding.ContainsKey((ns.Inode, family)))
        {
            return true;
        }

        bool on = ForwardingEnabled(ns, family);
        if (on)
        {
            SeenForwarding[(ns.Inode, family)] = true;
        }

        return on;
    }

    /// <summary>Whether the namespace forwards packets of a family (NAT of forwarded traffic needs it).</summary>
    /// <remarks>Read as RTM_GETNETCONF over the namespace's socket: no thread has to enter the namespace.</remarks>
    public static bool ForwardingEnabled(NamespaceHandle ns, IPFamily family)
    {
        var request = new NetlinkRequest(Rt.RTM_GETNETCONF, Nl.NLM_F_REQUEST)
            .Header(new RtGenMsg { Family = IPPrefix.KernelFamilyOf((System.Net.Sockets.AddressFamily)family) })
            .AttrS32(Rt.NETCONFA_IFINDEX, Rt.NETCONFA_IFINDEX_ALL);
        return NetlinkSockets.Route(ns).Execute(request, $"read the {family} forwarding setting of {ns.Description}")
            .Select(m => m.Attributes<RtGenMsg>().U32(Rt.NETCONFA_FORWARDING))
            .FirstOrDefault() is uint forwarding && forwarding != 0;
    }

    public static void EnableForwarding(NamespaceHandle ns, IPFamily family) =>
        NetSysctlService.Set(ns, family == IPFamily.IPv6 ? "net.ipv6.conf.all.forwarding" : "net.ipv4.ip_forward", "1");

    /// <summary>
    /// Whether bridged IPv4 traffic in the namespace passes through the ip hooks (br_netfilter loaded and
    /// net.bridge.bridge-nf-call-iptables on). Then NAT back to a box on the same bridge needs hairpin mode
    /// on its port, and a DROP policy in any forward base chain also stops traffic between bridge ports.
    /// </summary>
    public static bool BridgeNetfilterActive(NamespaceHandle ns)
    {
        try
        {
            return NetSysctlService.Get(ns, ["net.bridge.bridge-nf-call-iptables"]).Single().Value == "1";
        }
        catch (EngineException e) when (e.Kind == EngineErrorKind.NotFound)
        {
            return false; // br_netfilter is not loaded
        }
    }

    /// <summary>The nf_tables generation: it moves by one with every committed transaction.</summary>
    internal static uint Generation(NamespaceHandle ns)
    {
        var request = new NetlinkRequest(Nft.Type(Nft.MsgGetGeneration), Nl.NLM_F_REQUEST).Header(new NfGenMsg());
        NetlinkMessage reply = Socket(ns).Execute(request, $"read the nf_tables generation of {ns.Description}").First();
        return reply.Attributes<NfGenMsg>().U32BigEndian(Nft.GenerationId) ?? 0;
    }

    /// <summary>Interface names a spec matches that the namespace does not have (nftables allows them; say so).</summary>
    public static IReadOnlyList<string> UnknownInterfaces(NamespaceHandle ns, IEnumerable<NatRuleSpec> specs) =>
        specs.SelectMany(s => new[] { s.InInterface, s.OutInterface }).OfType<string>().Distinct(StringComparer.Ordinal)
            .Where(name => !LinkService.Exists(ns, name))
            .ToList();

    /// <summary>The rules specs become, each as its listed rule reads (chain: nft syntax), for comparing with <see cref="List"/>.</summary>
    internal static IEnumerable<string> Describe(IEnumerable<NatRuleSpec> specs) => specs.SelectMany(Expand).Select(shape => new NatRule
    {
        Action = shape.Action,
        Family = shape.Family,
        Table = TableName,
        Chain = shape.Chain,
        SourcePrefix = shape.Source is var (source, _) ? $"{source.Network}/{source.PrefixLength}" : null,
        SourceNegated = shape.Source?.Negated ?? false,
        DestinationPrefix = shape.Destination is var (destination, _) ? $"{destination.Network}/{destination.PrefixLength}" : null,
        DestinationNegated = shape.Destination?.Negated ?? false,
        InInterface = shape.InInterface?.Name,
        InInterfaceNegated = shape.InInterface?.Negated ?? false,
        OutInterface = shape.OutInterface?.Name,
        OutInterfaceNegated = shape.OutInterface?.Negated ?? false,
        LocalDestinationOnly = shape.LocalDestinationOnly,
        Protocol = shape.Protocol,
        DestinationPort = shape.Port,
        DestinationPortEnd = shape.PortEnd,
        ToAddress = shape.ToAddress?.ToString(),
        ToPort = shape.ToPort,
        ToPortEnd = shape.ToPortEnd,
        Comment = shape.Comment,
    }.ToString());

    /// <summary>Adds rules read from a namespace (<see cref="List"/>) again as they were: rolling a change back.</summary>
    internal static void Restore(NamespaceHandle ns, IReadOnlyList<NatRule> rules)
    {
        static (IPPrefix, bool)? Prefix(string? text, bool negated) => text is null ? null : (IPPrefix.Parse(text), negated);
        static (string, bool)? Interface(string? name, bool negated) => name is null ? null : (name, negated);
        var shapes = rules.Select((r, i) => (new NatRuleShape(r.Chain, r.Family, r.Action, Prefix(r.SourcePrefix, r.SourceNegated),
            Prefix(r.DestinationPrefix, r.DestinationNegated), Interface(r.InInterface, r.InInterfaceNegated), Interface(r.OutInterface, r.OutInterfaceNegated),
            r.LocalDestinationOnly, r.Protocol, r.DestinationPort, r.DestinationPortEnd, r.ToAddress is null ? null : System.Net.IPAddress.Parse(r.ToAddress),
            r.ToPort, r.ToPortEnd, r.Comment), i)).ToList();
        if (shapes.Count > 0)
        {
            CommitDeclaringAgain(ns, shapes, rules.Select(r => new NatRuleSpec { Action = r.Action, Comment = r.Comment }).ToList(), echo: false);
        }
    }

    /// <summary>The rules one spec becomes: the main one, and for DNAT the local-traffic and hairpin companions.</summary>
    private static IEnumerable<NatRuleShape> Expand(NatRuleSpec s)
    {
        IPFamily family = s.Family;
        var source = s.Source is IPPrefix src ? (src, s.SourceNegated) : ((IPPrefix, bool)?)null;
        var destination = s.Destination is IPPrefix dst ? (dst, s.DestinationNegated) : ((IPPrefix, bool)?)null;
        var iif = s.InInterface is string i ? (i, s.InInterfaceNegated) : ((string, bool)?)null;
        var oif = s.OutInterface is string o ? (o, s.OutInterfaceNegated) : ((string, bool)?)null;
        if (s.Action != NatAction.Dnat)
        {
            yield return new NatRuleShape("postrouting", family, s.Action, source, destination, iif, oif, false,
                s.Protocol, s.Port, s.PortEnd, s.ToAddress, s.ToPort, s.ToPortEnd, s.Comment);
            yield break;
        }

        // Without a destination address, only traffic addressed to this host is forwarded (like Docker).
        bool localOnly = s.Destination is null;
        yield return new NatRuleShape("prerouting", family, NatAction.Dnat, source, destination, iif, null, localOnly,
            s.Protocol, s.Port, s.PortEnd, s.ToAddress, s.ToPort, s.ToPortEnd, s.Comment);
        if (s.IncludeLocal)
        {
            // The seeds' OUTPUT -> DOCKER jump: this host's own traffic, loopback excepted.
            var notLoopback = family == IPFamily.IPv4 && destination is null ? (IPPrefix.Parse("127.0.0.0/8"), true) : destination;
            yield return new NatRuleShape("output", family, NatAction.Dnat, source, notLoopback, null, null, localOnly,
                s.Protocol, s.Port, s.PortEnd, s.ToAddress, s.ToPort, s.ToPortEnd, s.Comment);
        }

        if (s.Hairpin)
        {
            // The seeds' "MASQUERADE tcp -- 172.17.0.2 172.17.0.2 dpt:80": the target reaching itself through us.
            var target = (new IPPrefix(s.ToAddress!, family == IPFamily.IPv6 ? 128 : 32), false);
            yield return new NatRuleShape("postrouting", family, NatAction.Masquerade, target, target, null, null, false,
                s.Protocol, s.ToPort ?? s.Port, s.ToPort is null ? s.PortEnd : s.ToPortEnd, null, null, null, s.Comment);
        }
    }

    private static List<NetlinkMessage> Send(NamespaceHandle ns, List<NetlinkRequest> messages, string operation, IReadOnlyList<object?> targets)
    {
        var begin = new NetlinkRequest(Nft.BatchBegin, Nl.NLM_F_REQUEST).Header(BatchHeader());
        var end = new NetlinkRequest(Nft.BatchEnd, Nl.NLM_F_REQUEST).Header(BatchHeader());
        return Socket(ns).ExecuteBatch(begin, messages, end, operation, i => i < targets.Count ? targets[i] : null);
    }

    private static NfGenMsg BatchHeader() => new() { ResourceIdBigEndian = BinaryPrimitives.ReverseEndianness((ushort)Nft.SubsysNftables) };

    private static NetlinkRequest Message(ushort type, IPFamily family, ushort flags) =>
        new NetlinkRequest(Nft.Type(type), (ushort)(Nl.NLM_F_REQUEST | flags))
            .Header(new NfGenMsg { Family = IPPrefix.KernelFamilyOf((System.Net.Sockets.AddressFamily)family) });

    private static NetlinkSocket Socket(NamespaceHandle ns) => NetlinkSockets.For(ns, Nl.NETLINK_NETFILTER);
}
