using System.Net;
using System.Net.Sockets;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Native;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Neighbors;

/// <summary>Reads, adds and removes ARP and neighbour discovery entries (ip neigh) over rtnetlink.</summary>
public static class NeighborService
{
    /// <summary>
    /// The neighbour entries of a namespace (proxy entries instead with <paramref name="proxy"/>), optionally of one
    /// link and one family, by interface then address.
    /// </summary>
    public static IReadOnlyList<NetNeighbor> List(NamespaceHandle ns, string? interfaceAlias = null, IPFamily? family = null, bool proxy = false)
    {
        int? index = interfaceAlias is null ? null : LinkService.IndexOf(ns, interfaceAlias);
        var names = LinkService.NamesByIndex(ns);
        var request = new NetlinkRequest(Rt.RTM_GETNEIGH, Nl.NLM_F_REQUEST).Header(new NdMsg
        {
            Family = family is IPFamily f ? IPPrefix.KernelFamilyOf((AddressFamily)f) : (byte)0,
            Flags = proxy ? Rt.NTF_PROXY : (byte)0,
        });
        return NetlinkSockets.Route(ns).Dump(request, $"list the neighbours of {ns.Description}", ns.Reference)
            .Where(m => m.Type == Rt.RTM_NEWNEIGH)
            .Select(m => Parse(m, ns, names))
            .OfType<NetNeighbor>()
            .Where(n => n.IsProxy == proxy && (index is null || n.InterfaceIndex == index) && (family is null || n.AddressFamily == family))
            .OrderBy(n => n.InterfaceIndex).ThenBy(n => n.AddressFamily).ThenBy(n => n.IPAddress, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Adds a permanent entry (ip neigh add ... lladdr MAC nud permanent), or a proxy entry; with <paramref name="replace"/>
    /// creates or changes it (ip neigh replace). Returns the entry as the kernel holds it.
    /// </summary>
    public static NetNeighbor Add(NamespaceHandle ns, string interfaceAlias, IPAddress address, string? linkLayerAddress, bool proxy = false, bool replace = false)
    {
        if (!proxy && linkLayerAddress is null)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"a neighbour entry for {address} needs its link-layer (MAC) address; only a proxy entry has none", address.ToString());
        }

        int index = LinkService.IndexOf(ns, interfaceAlias);
        var request = new NetlinkRequest(Rt.RTM_NEWNEIGH, (ushort)(Nl.NLM_F_REQUEST | Nl.NLM_F_CREATE | (replace ? Nl.NLM_F_REPLACE : Nl.NLM_F_EXCL)))
            .Header(new NdMsg
            {
                Family = IPPrefix.KernelFamilyOf(address.AddressFamily),
                Index = index,
                State = (ushort)NeighborState.Permanent,
                Flags = proxy ? Rt.NTF_PROXY : (byte)0,
            })
            .AttrAddress(Rt.NDA_DST, address);
        if (linkLayerAddress is not null)
        {
            request.Attr(Rt.NDA_LLADDR, MacAddress.Parse(linkLayerAddress));
        }

        string what = $"{(proxy ? "proxy " : string.Empty)}neighbour {address} on '{interfaceAlias}' in {ns.Description}";
        try
        {
            NetlinkSockets.Route(ns).Execute(request, "add " + what, address.ToString());
        }
        catch (NetlinkException e) when (e.Errno == Libc.EEXIST)
        {
            throw new EngineException(EngineErrorKind.AlreadyExists, $"{what} exists already; -Replace changes it", address.ToString(), e);
        }

        return List(ns, interfaceAlias, (IPFamily)address.AddressFamily, proxy).First(n => n.IPAddress == address.ToString());
    }

    /// <summary>Removes an entry (ip neigh del), or every entry of a link when <paramref name="address"/> is null (ip neigh flush dev).</summary>
    /// <returns>How many entries went.</returns>
    public static int Remove(NamespaceHandle ns, string interfaceAlias, IPAddress? address, bool proxy = false)
    {
        var doomed = address is null
            ? List(ns, interfaceAlias, null, proxy).Where(n => proxy || n.State != NeighborState.NoArp).Select(n => System.Net.IPAddress.Parse(n.IPAddress)).ToList()
            : [address];
        int index = LinkService.IndexOf(ns, interfaceAlias);
        int removed = 0;
        foreach (IPAddress target in doomed)
        {
            var request = new NetlinkRequest(Rt.RTM_DELNEIGH, Nl.NLM_F_REQUEST)
                .Header(new NdMsg { Family = IPPrefix.KernelFamilyOf(target.AddressFamily), Index = index, Flags = proxy ? Rt.NTF_PROXY : (byte)0 })
                .AttrAddress(Rt.NDA_DST, target);
            string what = $"{(proxy ? "proxy " : string.Empty)}neighbour {target} on '{interfaceAlias}' in {ns.Description}";
            try
            {
                NetlinkSockets.Route(ns).Execute(request, "remove " + what, target.ToString());
                removed++;
            }
            catch (NetlinkException e) when (e.Errno == Libc.ENOENT)
            {
                if (address is not null)
                {
                    throw new EngineException(EngineErrorKind.NotFound, $"there is no {what}", target.ToString(), e);
                }
            }
        }

        return removed;
    }

    private static NetNeighbor? Parse(NetlinkMessage message, NamespaceHandle ns, Dictionary<int, string> names)
    {
        NdMsg h = message.Header<NdMsg>();
        NetlinkAttributes a = message.Attributes<NdMsg>();
        if (a.Address(Rt.NDA_DST) is not IPAddress address)
        {
            return null; // a bridge's or a multicast entry without an IP address: not a neighbour of this kind
        }

        return new NetNeighbor
        {
            IPAddress = address.ToString(),
            LinkLayerAddress = a.Bytes(Rt.NDA_LLADDR) is { Length: 6 } mac ? MacAddress.Format(mac.Span) : null,
            InterfaceAlias = names.GetValueOrDefault(h.Index) ?? $"if{h.Index}",
            InterfaceIndex = h.Index,
            State = (NeighborState)h.State,
            IsRouter = (h.Flags & Rt.NTF_ROUTER) != 0,
            IsProxy = (h.Flags & Rt.NTF_PROXY) != 0,
            AddressFamily = address.AddressFamily == AddressFamily.InterNetworkV6 ? IPFamily.IPv6 : IPFamily.IPv4,
            Namespace = ns.Reference,
        };
    }
}
