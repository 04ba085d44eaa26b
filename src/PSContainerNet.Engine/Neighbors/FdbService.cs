using System.Net;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Native;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Neighbors;

/// <summary>An FDB entry to add or remove (bridge fdb add/append/replace/del).</summary>
public sealed record FdbEntrySpec
{
    /// <summary>The MAC address; 00:00:00:00:00:00 with a Destination floods to that VTEP.</summary>
    public required string MacAddress { get; init; }

    public required string InterfaceAlias { get; init; }

    /// <summary>A remote VTEP (VXLAN devices).</summary>
    public IPAddress? Destination { get; init; }

    public int? Vni { get; init; }

    public int? Vlan { get; init; }

    /// <summary>Put it in the bridge's table (bridge fdb's master) rather than the device's own (self, the default).</summary>
    public bool Master { get; init; }

    /// <summary>Permanent unless given (bridge fdb's default); a VXLAN device takes only permanent and dynamic entries.</summary>
    public FdbEntryState State { get; init; } = FdbEntryState.Permanent;
}

/// <summary>How a new FDB entry meets one of the same MAC: refused (add), beside it (append, VXLAN), or in its place (replace).</summary>
public enum FdbWriteMode
{
    Add,
    Append,
    Replace,
}

/// <summary>Reads, adds and removes forwarding database entries of bridges and VXLAN devices (bridge fdb) over rtnetlink.</summary>
public static class FdbService
{
    private const ushort NudPermanent = 0x80;
    private const ushort NudNoArp = 0x40;
    private const ushort NudReachable = 0x02;

    /// <summary>The FDB entries of a namespace (AF_BRIDGE neighbours), optionally of one port or device.</summary>
    public static IReadOnlyList<NetFdbEntry> List(NamespaceHandle ns, string? interfaceAlias = null)
    {
        int? index = interfaceAlias is null ? null : LinkService.IndexOf(ns, interfaceAlias);
        var names = LinkService.NamesByIndex(ns);
        var request = new NetlinkRequest(Rt.RTM_GETNEIGH, Nl.NLM_F_REQUEST).Header(new NdMsg { Family = Rt.AF_BRIDGE, Index = index ?? 0 });
        return NetlinkSockets.Route(ns).Dump(request, $"list the forwarding database of {ns.Description}", ns.Reference)
            .Where(m => m.Type == Rt.RTM_NEWNEIGH)
            .Select(m => Parse(m, ns, names))
            .Where(e => index is null || e.InterfaceAlias == interfaceAlias)
            .ToList();
    }

    /// <summary>Adds an entry (bridge fdb add), beside others of its MAC (append) or in place of one (replace).</summary>
    public static NetFdbEntry Add(NamespaceHandle ns, FdbEntrySpec spec, FdbWriteMode mode = FdbWriteMode.Add)
    {
        ushort flags = mode switch
        {
            FdbWriteMode.Append => Nl.NLM_F_CREATE | Nl.NLM_F_APPEND,
            FdbWriteMode.Replace => Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE,
            _ => Nl.NLM_F_CREATE | Nl.NLM_F_EXCL,
        };
        string what = Describe(spec, ns);
        try
        {
            NetlinkSockets.Route(ns).Execute(Build(Rt.RTM_NEWNEIGH, (ushort)(Nl.NLM_F_REQUEST | flags), ns, spec), "add " + what, spec.MacAddress);
        }
        catch (NetlinkException e) when (e.Errno == Libc.EEXIST)
        {
            throw new EngineException(EngineErrorKind.AlreadyExists, $"{what} exists already; -Append adds another VTEP, -Replace changes it", spec.MacAddress, e);
        }

        string mac = Links.MacAddress.Format(Links.MacAddress.Parse(spec.MacAddress));
        return List(ns, spec.InterfaceAlias).Last(e => e.MacAddress == mac && e.Self != spec.Master
            && (spec.Destination is null || e.Destination == spec.Destination.ToString()));
    }

    /// <summary>Removes an entry (bridge fdb del); with a Destination only that VTEP's.</summary>
    public static void Remove(NamespaceHandle ns, FdbEntrySpec spec)
    {
        string what = Describe(spec, ns);
        try
        {
            NetlinkSockets.Route(ns).Execute(Build(Rt.RTM_DELNEIGH, Nl.NLM_F_REQUEST, ns, spec), "remove " + what, spec.MacAddress);
        }
        catch (NetlinkException e) when (e.Errno is Libc.ENOENT)
        {
            throw new EngineException(EngineErrorKind.NotFound, $"there is no {what}", spec.MacAddress, e);
        }
    }

    private static NetlinkRequest Build(ushort type, ushort flags, NamespaceHandle ns, FdbEntrySpec spec)
    {
        if (spec.Vlan is < 1 or > 4094)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"VLAN id {spec.Vlan} is out of range; use 1-4094", spec.Vlan);
        }

        if (spec.Vni is < 0 or > 0xFFFFFF)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"VXLAN id {spec.Vni} is out of range; use 0-16777215", spec.Vni);
        }

        var request = new NetlinkRequest(type, flags).Header(new NdMsg
        {
            Family = Rt.AF_BRIDGE,
            Index = LinkService.IndexOf(ns, spec.InterfaceAlias),
            // As bridge fdb sends them: permanent is NUD_PERMANENT | NUD_NOARP, static NUD_NOARP, dynamic NUD_REACHABLE.
            State = spec.State switch { FdbEntryState.Permanent => NudPermanent | NudNoArp, FdbEntryState.Dynamic => NudReachable, _ => NudNoArp },
            Flags = spec.Master ? Rt.NTF_MASTER : Rt.NTF_SELF,
        }).Attr(Rt.NDA_LLADDR, Links.MacAddress.Parse(spec.MacAddress));
        if (spec.Destination is IPAddress destination)
        {
            request.AttrAddress(Rt.NDA_DST, destination);
        }

        if (spec.Vlan is int vlan)
        {
            request.AttrU16(Rt.NDA_VLAN, (ushort)vlan);
        }

        if (spec.Vni is int vni)
        {
            request.AttrU32(Rt.NDA_VNI, (uint)vni);
        }

        return request;
    }

    private static NetFdbEntry Parse(NetlinkMessage message, NamespaceHandle ns, Dictionary<int, string> names)
    {
        NdMsg h = message.Header<NdMsg>();
        NetlinkAttributes a = message.Attributes<NdMsg>();
        return new NetFdbEntry
        {
            MacAddress = a.Bytes(Rt.NDA_LLADDR) is { Length: 6 } mac ? Links.MacAddress.Format(mac.Span) : string.Empty,
            InterfaceAlias = names.GetValueOrDefault(h.Index) ?? $"if{h.Index}",
            Master = a.U32(Rt.NDA_MASTER) is uint master ? names.GetValueOrDefault((int)master) : null,
            Vlan = a.U16(Rt.NDA_VLAN) is ushort vlan ? vlan : null,
            Destination = a.Address(Rt.NDA_DST)?.ToString(),
            Vni = a.U32(Rt.NDA_VNI) is uint vni ? (int)vni : null,
            State = (h.State & NudPermanent) != 0 ? FdbEntryState.Permanent : (h.State & NudNoArp) != 0 ? FdbEntryState.Static : FdbEntryState.Dynamic,
            Self = (h.Flags & Rt.NTF_SELF) != 0,
            Namespace = ns.Reference,
        };
    }

    private static string Describe(FdbEntrySpec spec, NamespaceHandle ns) =>
        $"forwarding entry {spec.MacAddress} on '{spec.InterfaceAlias}'" + (spec.Destination is null ? string.Empty : $" to {spec.Destination}") +
        (spec.Vlan is int v ? $" vlan {v}" : string.Empty) + $" in {ns.Description}";
}
