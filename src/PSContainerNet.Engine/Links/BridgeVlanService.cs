using System.Buffers.Binary;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Native;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Links;

/// <summary>The VLANs of bridge ports (`bridge vlan add/del/show`); they take effect on a bridge with VLAN filtering.</summary>
public static class BridgeVlanService
{
    /// <summary>The VLANs of every bridge port (and bridge) in the namespace, or of one.</summary>
    public static IReadOnlyList<NetBridgeVlan> List(NamespaceHandle ns, string? name = null)
    {
        int? index = name is null ? null : LinkService.IndexOf(ns, name);
        var request = new NetlinkRequest(Rt.RTM_GETLINK, Nl.NLM_F_REQUEST)
            .Header(new IfInfoMsg { Family = Rt.AF_BRIDGE })
            .AttrU32(Rt.IFLA_EXT_MASK, Rt.RTEXT_FILTER_BRVLAN);
        return NetlinkSockets.Route(ns).Dump(request, $"list bridge VLANs in {ns.Description}", ns.Reference)
            .Where(m => m.Type == Rt.RTM_NEWLINK && (index is null || m.Header<IfInfoMsg>().Index == index))
            .SelectMany(m => Parse(m, ns))
            .ToList();
    }

    /// <summary>The IFLA_BRIDGE_VLAN_INFO entries in one AF_BRIDGE link message's IFLA_AF_SPEC.</summary>
    private static IEnumerable<NetBridgeVlan> Parse(NetlinkMessage message, NamespaceHandle ns)
    {
        NetlinkAttributes attributes = message.Attributes<IfInfoMsg>();
        if (attributes.Bytes(Rt.IFLA_AF_SPEC) is not ReadOnlyMemory<byte> spec)
        {
            yield break;
        }

        string port = attributes.String(Rt.IFLA_IFNAME) ?? $"if{message.Header<IfInfoMsg>().Index}";
        foreach (var (type, payload) in NetlinkAttributes.Sequence(spec))
        {
            if (type == Rt.IFLA_BRIDGE_VLAN_INFO && payload.Length >= 4)
            {
                ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(payload.Span);
                yield return new NetBridgeVlan
                {
                    Name = port,
                    VlanId = BinaryPrimitives.ReadUInt16LittleEndian(payload.Span[2..]),
                    Pvid = (flags & Rt.BRIDGE_VLAN_INFO_PVID) != 0,
                    Untagged = (flags & Rt.BRIDGE_VLAN_INFO_UNTAGGED) != 0,
                    Namespace = ns.Reference,
                };
            }
        }
    }

    /// <summary>
    /// Adds VLANs to a port (`bridge vlan add dev PORT vid N [pvid] [untagged] [self]`), one request each; when one is
    /// refused, the ones this call added are removed again.
    /// </summary>
    public static void Add(NamespaceHandle ns, string name, IReadOnlyList<int> vlanIds, bool pvid, bool untagged, bool self)
    {
        foreach (int vid in vlanIds)
        {
            CheckVlanId(vid);
        }

        int index = LinkService.IndexOf(ns, name);
        AllOrNothing.Apply(vlanIds,
            vid => Change(ns, name, index, vid, pvid, untagged, self, add: true),
            vid => Change(ns, name, index, vid, false, false, self, add: false));
    }

    /// <summary>Removes VLANs from a port (`bridge vlan del dev PORT vid N [self]`).</summary>
    public static void Remove(NamespaceHandle ns, string name, IReadOnlyList<int> vlanIds, bool self)
    {
        int index = LinkService.IndexOf(ns, name);
        foreach (int vid in vlanIds)
        {
            CheckVlanId(vid);
            Change(ns, name, index, vid, false, false, self, add: false);
        }
    }

    /// <summary>The request `bridge vlan` sends: RTM_SETLINK/RTM_DELLINK of family AF_BRIDGE with IFLA_AF_SPEC.</summary>
    private static NetlinkRequest Build(int index, int vid, bool pvid, bool untagged, bool self, bool add)
    {
        var request = new NetlinkRequest(add ? Rt.RTM_SETLINK : Rt.RTM_DELLINK, Nl.NLM_F_REQUEST)
            .Header(new IfInfoMsg { Family = Rt.AF_BRIDGE, Index = index });
        int spec = request.BeginNested(Rt.IFLA_AF_SPEC);
        if (self)
        {
            request.AttrU16(Rt.IFLA_BRIDGE_FLAGS, Rt.BRIDGE_FLAGS_SELF);
        }

        ushort flags = (ushort)((pvid ? Rt.BRIDGE_VLAN_INFO_PVID : 0) | (untagged ? Rt.BRIDGE_VLAN_INFO_UNTAGGED : 0));
        Span<byte> info = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(info, flags);
        BinaryPrimitives.WriteUInt16LittleEndian(info[2..], (ushort)vid);
        request.Attr(Rt.IFLA_BRIDGE_VLAN_INFO, info);
        request.EndNested(spec);
        return request;
    }

    private static void Change(NamespaceHandle ns, string name, int index, int vid, bool pvid, bool untagged, bool self, bool add)
    {
        string operation = $"{(add ? "add" : "remove")} VLAN {vid} {(add ? "to" : "from")} '{name}' in {ns.Description}";
        try
        {
            NetlinkSockets.Route(ns).Execute(Build(index, vid, pvid, untagged, self, add), operation, name);
        }
        catch (NetlinkException e) when (e.Errno == Libc.EOPNOTSUPP)
        {
            throw new EngineException(EngineErrorKind.NotSupported,
                $"{operation}: '{name}' is not a bridge port{(self ? " or bridge" : string.Empty)}, or this kernel's bridge has no VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING) ({e.Reason})",
                name, e);
        }
        catch (NetlinkException e) when (e.Errno == Libc.ENOENT && !add)
        {
            throw new EngineException(EngineErrorKind.NotFound, $"{operation}: '{name}' has no VLAN {vid} ({e.Reason})", name, e);
        }
    }

    private static void CheckVlanId(int vid)
    {
        if (vid is < 1 or > 4094)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"VLAN id {vid} is out of range; use 1-4094", vid);
        }
    }
}
