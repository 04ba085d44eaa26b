using System.Net.Sockets;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Native;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Routes;

/// <summary>A policy rule to add or remove; null members are not part of it (on removal: match any).</summary>
public sealed record RoutingRuleSpec
{
    /// <summary>IPv4 unless a prefix says otherwise.</summary>
    public IPFamily? Family { get; init; }

    public int? Priority { get; init; }

    public IPPrefix? From { get; init; }

    public IPPrefix? To { get; init; }

    public string? InInterface { get; init; }

    public string? OutInterface { get; init; }

    public uint? FirewallMark { get; init; }

    public uint? FirewallMask { get; init; }

    public bool Not { get; init; }

    public RoutingRuleAction Action { get; init; } = RoutingRuleAction.Table;

    public int? Table { get; init; }

    public int? Goto { get; init; }

    public bool L3mdev { get; init; }

    public int? SuppressPrefixLength { get; init; }
}

/// <summary>Reads, adds and removes policy routing rules (ip rule) over rtnetlink.</summary>
public static class RoutingRuleService
{
    /// <summary>The rules of a namespace, lowest priority first (both families unless one is given).</summary>
    public static IReadOnlyList<NetRoutingRule> List(NamespaceHandle ns, IPFamily? family = null)
    {
        var rules = new List<NetRoutingRule>();
        foreach (IPFamily f in family is IPFamily only ? [only] : new[] { IPFamily.IPv4, IPFamily.IPv6 })
        {
            var request = new NetlinkRequest(Rt.RTM_GETRULE, Nl.NLM_F_REQUEST).Header(new FibRuleHdr { Family = IPPrefix.KernelFamilyOf((AddressFamily)f) });
            rules.AddRange(NetlinkSockets.Route(ns).Dump(request, $"list the {f} routing rules of {ns.Description}", ns.Reference)
                .Where(m => m.Type == Rt.RTM_NEWRULE)
                .Select(m => Parse(m, ns, f)));
        }

        return rules.OrderBy(r => r.Priority).ThenBy(r => r.AddressFamily).ToList();
    }

    /// <summary>Adds a rule (ip rule add); returns it as the kernel echoes it.</summary>
    public static NetRoutingRule Add(NamespaceHandle ns, RoutingRuleSpec spec)
    {
        IPFamily family = FamilyOf(spec);
        string what = $"routing rule {Describe(spec)} in {ns.Description}";
        NetlinkRequest request = Build(Rt.RTM_NEWRULE, (ushort)(Nl.NLM_F_REQUEST | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL | Nl.NLM_F_ECHO), spec, family);
        try
        {
            NetlinkMessage? echo = NetlinkSockets.Route(ns).Execute(request, "add " + what, Describe(spec)).FirstOrDefault(m => m.Type == Rt.RTM_NEWRULE);
            return echo is not null
                ? Parse(echo, ns, family)
                : List(ns, family).Last(r => spec.Priority is null || r.Priority == spec.Priority);
        }
        catch (NetlinkException e) when (e.Errno == Libc.EEXIST)
        {
            throw new EngineException(EngineErrorKind.AlreadyExists, $"{what} exists already", Describe(spec), e);
        }
    }

    /// <summary>Removes the first rule that matches (ip rule del): given members must match, others match any.</summary>
    public static void Remove(NamespaceHandle ns, RoutingRuleSpec spec)
    {
        string what = $"routing rule {Describe(spec)} in {ns.Description}";
        try
        {
            NetlinkSockets.Route(ns).Execute(Build(Rt.RTM_DELRULE, Nl.NLM_F_REQUEST, spec, FamilyOf(spec)), "remove " + what, Describe(spec));
        }
        catch (NetlinkException e) when (e.Errno is Libc.ENOENT)
        {
            throw new EngineException(EngineErrorKind.NotFound, $"there is no {what}", Describe(spec), e);
        }
    }

    private static IPFamily FamilyOf(RoutingRuleSpec spec)
    {
        var families = new[] { spec.From, spec.To }.OfType<IPPrefix>().Select(p => (IPFamily)p.Family).Distinct().ToList();
        if (families.Count > 1 || spec.Family is IPFamily f && families.Count == 1 && families[0] != f)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"a rule matches one address family; {Describe(spec)} mixes IPv4 and IPv6", Describe(spec));
        }

        return spec.Family ?? (families.Count == 1 ? families[0] : IPFamily.IPv4);
    }

    private static NetlinkRequest Build(ushort type, ushort flags, RoutingRuleSpec spec, IPFamily family)
    {
        bool deleting = type == Rt.RTM_DELRULE;
        int? table = spec.Action == RoutingRuleAction.Table && !spec.L3mdev && !deleting ? spec.Table ?? RouteService.MainTable : spec.Table;
        if (spec.Action == RoutingRuleAction.Goto && spec.Goto is null)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, "a goto rule needs the priority of the rule it jumps to (-Goto)", Describe(spec));
        }

        var request = new NetlinkRequest(type, flags).Header(new FibRuleHdr
        {
            Family = IPPrefix.KernelFamilyOf((AddressFamily)family),
            DestinationLength = (byte)(spec.To?.PrefixLength ?? 0),
            SourceLength = (byte)(spec.From?.PrefixLength ?? 0),
            Table = table is int t and < 256 ? (byte)t : (byte)0,
            Action = (byte)spec.Action,
            Flags = spec.Not ? Rt.FIB_RULE_INVERT : 0,
        });
        if (spec.Priority is int priority)
        {
            request.AttrU32(Rt.FRA_PRIORITY, priority >= 0 ? (uint)priority
                : throw new EngineException(EngineErrorKind.InvalidArgument, $"rule priority {priority} is negative", priority));
        }

        if (spec.From is IPPrefix from)
        {
            request.AttrAddress(Rt.FRA_SRC, from.Network);
        }

        if (spec.To is IPPrefix to)
        {
            request.AttrAddress(Rt.FRA_DST, to.Network);
        }

        foreach ((ushort attribute, string? name) in new[] { (Rt.FRA_IIFNAME, spec.InInterface), (Rt.FRA_OIFNAME, spec.OutInterface) })
        {
            if (name is not null)
            {
                LinkNames.Validate(name);
                request.AttrString(attribute, name);
            }
        }

        if (spec.FirewallMark is uint mark)
        {
            request.AttrU32(Rt.FRA_FWMARK, mark);
        }

        if (spec.FirewallMask is uint mask)
        {
            request.AttrU32(Rt.FRA_FWMASK, mask);
        }

        if (table is int id)
        {
            request.AttrU32(Rt.FRA_TABLE, (uint)id);
        }

        if (spec.Goto is int target)
        {
            request.AttrU32(Rt.FRA_GOTO, (uint)target);
        }

        if (spec.L3mdev)
        {
            request.AttrU8(Rt.FRA_L3MDEV, 1);
        }

        if (spec.SuppressPrefixLength is int length)
        {
            request.AttrU32(Rt.FRA_SUPPRESS_PREFIXLEN, (uint)length);
        }

        return request;
    }

    private static NetRoutingRule Parse(NetlinkMessage message, NamespaceHandle ns, IPFamily family)
    {
        FibRuleHdr h = message.Header<FibRuleHdr>();
        NetlinkAttributes a = message.Attributes<FibRuleHdr>();
        int? suppress = a.U32(Rt.FRA_SUPPRESS_PREFIXLEN) is uint s && s != uint.MaxValue ? (int)s : null;
        return new NetRoutingRule
        {
            Priority = (int)(a.U32(Rt.FRA_PRIORITY) ?? 0),
            AddressFamily = family,
            From = a.Address(Rt.FRA_SRC) is { } src ? $"{src}/{h.SourceLength}" : null,
            To = a.Address(Rt.FRA_DST) is { } dst ? $"{dst}/{h.DestinationLength}" : null,
            InInterface = InterfaceName(a, Rt.FRA_IIFNAME),
            OutInterface = InterfaceName(a, Rt.FRA_OIFNAME),
            FirewallMark = a.U32(Rt.FRA_FWMARK),
            FirewallMask = a.U32(Rt.FRA_FWMASK),
            Not = (h.Flags & Rt.FIB_RULE_INVERT) != 0,
            Action = Enum.IsDefined(typeof(RoutingRuleAction), (int)h.Action) ? (RoutingRuleAction)h.Action : RoutingRuleAction.Nop,
            Table = (int?)a.U32(Rt.FRA_TABLE) is int table && table != 0 ? table : h.Table != 0 ? h.Table : null,
            Goto = (int?)a.U32(Rt.FRA_GOTO),
            L3mdev = a.U8(Rt.FRA_L3MDEV) is byte l3 && l3 != 0,
            SuppressPrefixLength = suppress,
            Namespace = ns.Reference,
        };
    }

    /// <summary>An interface a rule names; the kernel may send an empty one for none.</summary>
    private static string? InterfaceName(NetlinkAttributes a, ushort type) =>
        a.Bytes(type) is { } value && NetlinkAttributes.Text(value.Span) is { Length: > 0 } name ? name : null;

    /// <summary>The rule as ip rule prints it, for messages and error targets.</summary>
    private static string Describe(RoutingRuleSpec spec)
    {
        var rule = new NetRoutingRule
        {
            Priority = spec.Priority ?? 0,
            AddressFamily = spec.Family ?? IPFamily.IPv4,
            From = spec.From?.ToString(),
            To = spec.To?.ToString(),
            InInterface = spec.InInterface,
            OutInterface = spec.OutInterface,
            FirewallMark = spec.FirewallMark,
            FirewallMask = spec.FirewallMask,
            Not = spec.Not,
            Action = spec.Action,
            Table = spec.Table ?? RouteService.MainTable,
            Goto = spec.Goto,
            L3mdev = spec.L3mdev,
            SuppressPrefixLength = spec.SuppressPrefixLength,
        };
        return (spec.Priority is int p ? $"{p}: " : string.Empty) + $"{rule.Selector} {rule.Does}";
    }
}
