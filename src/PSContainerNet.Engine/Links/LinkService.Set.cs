using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Native;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Links;

/// <summary>Changes to an existing link, applied in one RTM_NEWLINK request. Null members stay as they are.</summary>
public sealed class LinkSettings
{
    public bool? Up { get; init; }

    public int? Mtu { get; init; }

    public string? MacAddress { get; init; }

    /// <summary>Makes the link a port of this bridge; resolved in the namespace the link ends up in.</summary>
    public string? Master { get; init; }

    public bool NoMaster { get; init; }

    public bool? Promiscuous { get; init; }

    /// <summary>False sets NOARP: the link neither sends nor answers ARP (point-to-point and tunnel labs).</summary>
    public bool? Arp { get; init; }

    /// <summary>Receive all multicast (IFF_ALLMULTI).</summary>
    public bool? AllMulticast { get; init; }

    /// <summary>The transmit queue length in packets (ip's txqueuelen).</summary>
    public int? TxQueueLength { get; init; }

    /// <summary>The link group (ip link set group N; ip link show group N lists its members).</summary>
    public int? Group { get; init; }

    public string? NewName { get; init; }

    /// <summary>The interface alias (ifalias); an empty string clears it.</summary>
    public string? Alias { get; init; }

    /// <summary>Moves the link into this namespace.</summary>
    public NamespaceHandle? MoveTo { get; init; }

    /// <summary>
    /// Bridge-port settings (learning, flooding, hairpin, ...); the link must be a port of a bridge. NAT back to a box on
    /// the same bridge (hairpin) needs hairpin mode while br_netfilter is active.
    /// </summary>
    public BridgePortOptions? BridgePort { get; init; }

    /// <summary>Bridge settings (STP timers, priority, ageing, snooping, VLAN filtering); the link must be a bridge.</summary>
    public BridgeOptions? Bridge { get; init; }

    /// <summary>A new mode for a macvlan (`ip link set M type macvlan mode MODE`); passthru cannot be entered or left.</summary>
    public MacvlanMode? MacvlanMode { get; init; }
}

public static partial class LinkService
{
    /// <summary>Applies <paramref name="settings"/> to a link in one request.</summary>
    public static void Set(NamespaceHandle ns, string name, LinkSettings settings)
    {
        LinkNames.Validate(name);
        NamespaceHandle finalNs = settings.MoveTo ?? ns;
        // Without a rename the kernel finds the link by the name in the request; a rename needs its index.
        int index = settings.NewName is null ? 0 : IndexOf(ns, name);
        if (settings.NewName is not null)
        {
            LinkNames.Validate(settings.NewName, "new interface name");
        }

        var header = new IfInfoMsg { Index = index };
        if (settings.Up is bool up)
        {
            header.Change |= Rt.IFF_UP;
            header.Flags |= up ? Rt.IFF_UP : 0;
        }

        if (settings.Promiscuous is bool promiscuous)
        {
            header.Change |= Rt.IFF_PROMISC;
            header.Flags |= promiscuous ? Rt.IFF_PROMISC : 0;
        }

        if (settings.Arp is bool arp)
        {
            header.Change |= Rt.IFF_NOARP;
            header.Flags |= arp ? 0 : Rt.IFF_NOARP;
        }

        if (settings.AllMulticast is bool allMulticast)
        {
            header.Change |= Rt.IFF_ALLMULTI;
            header.Flags |= allMulticast ? Rt.IFF_ALLMULTI : 0;
        }

        var request = new NetlinkRequest(Rt.RTM_NEWLINK, Nl.NLM_F_REQUEST).Header(header);
        if (settings.Mtu is int mtu)
        {
            request.AttrU32(Rt.IFLA_MTU, CheckMtu(mtu));
        }

        if (settings.MacAddress is string mac)
        {
            request.Attr(Rt.IFLA_ADDRESS, MacAddress.Parse(mac));
        }

        request.AttrU32IfSet(Rt.IFLA_TXQLEN, settings.TxQueueLength is int txQueueLength ? CheckTxQueueLength(txQueueLength) : null);
        request.AttrU32IfSet(Rt.IFLA_GROUP, settings.Group is int group ? CheckGroup(group, name) : null);

        request.AttrString(Rt.IFLA_IFNAME, settings.NewName ?? name);

        if (settings.Alias is string alias)
        {
            request.AttrString(Rt.IFLA_IFALIAS, alias);
        }

        string? kind = WriteKindChanges(request, name, settings);

        if (settings.NoMaster)
        {
            request.AttrU32(Rt.IFLA_MASTER, 0);
        }
        else if (settings.Master is string master)
        {
            request.AttrU32(Rt.IFLA_MASTER, (uint)IndexOf(finalNs, master, "master"));
        }

        string operation = $"change link '{name}' in {ns.Description}";
        try
        {
            if (settings.MoveTo is NamespaceHandle target && target.Inode != ns.Inode)
            {
                target.WithFd(fd =>
                {
                    request.AttrU32(Rt.IFLA_NET_NS_FD, (uint)fd);
                    return NetlinkSockets.Route(ns).Execute(request, operation + $" (move to {target.Description})", name);
                });
            }
            else
            {
                NetlinkSockets.Route(ns).Execute(request, operation, name);
            }
        }
        catch (NetlinkException e) when (e.Errno == Libc.ENODEV && index == 0)
        {
            throw LinkNotFound(name, ns);
        }
        catch (NetlinkException e) when (e.Errno == Libc.EBUSY && settings.NewName is not null)
        {
            throw new EngineException(EngineErrorKind.Busy,
                $"cannot rename '{name}' to '{settings.NewName}' while it is up; set it down first, rename, then set it up ({e.Message})",
                name, e);
        }
        catch (NetlinkException e) when (e.Errno == Libc.EEXIST)
        {
            throw new EngineException(EngineErrorKind.AlreadyExists,
                $"{finalNs.Description} already has a link named '{settings.NewName ?? name}' ({e.Message})", name, e);
        }
        catch (NetlinkException e) when (e.Errno == Libc.EOPNOTSUPP && kind is not null)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"'{name}' is not a {kind}, so {kind} settings do not apply to it ({e.Message})", name, e);
        }
        catch (NetlinkException e) when (e.Errno == Libc.EINVAL && settings.MacvlanMode is not null)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"the kernel refused macvlan mode {settings.MacvlanMode} for '{name}'; a macvlan cannot change into or out of passthru mode ({e.Message})", name, e);
        }
        catch (NetlinkException e) when (e.Errno == Libc.EOPNOTSUPP && settings.BridgePort is not null)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"'{name}' is not a port of a bridge, so bridge-port settings (hairpin, learning, flooding, ...) do not apply; Set-NetLink -Master first ({e.Message})", name, e);
        }
        catch (NetlinkException e) when (e.Errno == Libc.ERANGE)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"{operation}: a value is out of the kernel's range ({e.Reason})", name, e);
        }
    }

    /// <summary>
    /// IFLA_LINKINFO for kind settings (a bridge's, a macvlan's mode) and bridge-port settings; returns the kind named,
    /// so a refusal can say which settings did not apply.
    /// </summary>
    private static string? WriteKindChanges(NetlinkRequest request, string name, LinkSettings settings)
    {
        if (settings.Bridge is not null && settings.MacvlanMode is not null)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"'{name}' cannot take bridge and macvlan settings at once", name);
        }

        string? kind = settings.Bridge is not null ? "bridge" : settings.MacvlanMode is not null ? "macvlan" : null;
        if (kind is null && settings.BridgePort is null)
        {
            return null;
        }

        int info = request.BeginNested(Rt.IFLA_LINKINFO);
        if (kind is not null)
        {
            request.AttrString(Rt.IFLA_INFO_KIND, kind);
            int data = request.BeginNested(Rt.IFLA_INFO_DATA);
            if (settings.Bridge is BridgeOptions bridge)
            {
                BridgeAttributes.Write(request, bridge, stateStp: false);
            }
            else
            {
                request.AttrU32(Rt.IFLA_MACVLAN_MODE, (uint)settings.MacvlanMode!.Value);
            }

            request.EndNested(data);
        }

        if (settings.BridgePort is BridgePortOptions port)
        {
            request.AttrString(Rt.IFLA_INFO_SLAVE_KIND, "bridge");
            int data = request.BeginNested(Rt.IFLA_INFO_SLAVE_DATA);
            BridgeAttributes.Write(request, port);
            request.EndNested(data);
        }

        request.EndNested(info);
        return kind;
    }

    internal static uint CheckTxQueueLength(int packets) =>
        packets >= 0
            ? (uint)packets
            : throw new EngineException(EngineErrorKind.InvalidArgument, $"a transmit queue length cannot be negative ({packets})", packets);

    private static uint CheckGroup(int group, string name) =>
        group >= 0
            ? (uint)group
            : throw new EngineException(EngineErrorKind.InvalidArgument, $"a link group cannot be negative ({group})", name);
}
