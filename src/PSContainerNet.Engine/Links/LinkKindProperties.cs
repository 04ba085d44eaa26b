using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Links;

/// <summary>Reads IFLA_INFO_DATA of the kinds the module creates into named values.</summary>
internal static class LinkKindProperties
{
    internal static Dictionary<string, object> Parse(string? kind, NetlinkAttributes? data)
    {
        var p = new Dictionary<string, object>();
        if (data is null)
        {
            return p;
        }

        switch (kind)
        {
            case "bridge":
                Add(p, "Stp", data.U32(Rt.IFLA_BR_STP_STATE) is uint stp ? stp != 0 : null);
                Add(p, "ForwardDelaySeconds", data.U32(Rt.IFLA_BR_FORWARD_DELAY) is uint fd ? fd / 100.0 : null);
                Add(p, "HelloTimeSeconds", data.U32(Rt.IFLA_BR_HELLO_TIME) is uint hello ? hello / 100.0 : null);
                Add(p, "MaxAgeSeconds", data.U32(Rt.IFLA_BR_MAX_AGE) is uint maxAge ? maxAge / 100.0 : null);
                Add(p, "AgeingTimeSeconds", data.U32(Rt.IFLA_BR_AGEING_TIME) is uint ageing ? ageing / 100.0 : null);
                Add(p, "Priority", data.U16(Rt.IFLA_BR_PRIORITY) is ushort priority ? (int)priority : null);
                Add(p, "MulticastSnooping", data.U8(Rt.IFLA_BR_MCAST_SNOOPING) is byte snooping ? snooping != 0 : null);
                Add(p, "VlanFiltering", data.U8(Rt.IFLA_BR_VLAN_FILTERING) is byte vf ? vf != 0 : null);
                Add(p, "VlanDefaultPvid", data.U16(Rt.IFLA_BR_VLAN_DEFAULT_PVID) is ushort pvid ? (int)pvid : null);
                break;
            case "vlan":
                Add(p, "VlanId", data.U16(Rt.IFLA_VLAN_ID) is ushort id ? (int)id : null);
                Add(p, "VlanProtocol", data.U16BigEndian(Rt.IFLA_VLAN_PROTOCOL) is ushort proto ? (VlanProtocol)proto : null);
                Add(p, "Flags", data.U32(Rt.IFLA_VLAN_FLAGS) is uint flags ? (VlanFlags)flags : null);
                break;
            case "vrf":
                Add(p, "Table", data.U32(Rt.IFLA_VRF_TABLE) is uint table ? (int)table : null);
                break;
            case "macvlan" or "macvtap":
                Add(p, "Mode", data.U32(Rt.IFLA_MACVLAN_MODE) is uint mode ? (MacvlanMode)mode : null);
                break;
            case "ipvlan" or "ipvtap":
                Add(p, "Mode", data.U16(Rt.IFLA_IPVLAN_MODE) is ushort im ? (IpvlanMode)im : null);
                Add(p, "Isolation", data.U16(Rt.IFLA_IPVLAN_FLAGS) is ushort f ? (IpvlanIsolation)(f & 3) : null);
                break;
            case "vxlan":
                // External (collect-metadata) mode, as Docker's, Cilium's and OVS's devices run: the VNI and remote come
                // with each packet from the routing metadata, so the device has none of its own.
                bool external = data.U8(Rt.IFLA_VXLAN_COLLECT_METADATA) is byte metadata && metadata != 0;
                Add(p, "External", external);
                Add(p, "Vni", !external && data.U32(Rt.IFLA_VXLAN_ID) is uint vni ? (int)vni : null);
                Add(p, "Remote", data.Address(Rt.IFLA_VXLAN_GROUP) ?? data.Address(Rt.IFLA_VXLAN_GROUP6));
                Add(p, "Local", data.Address(Rt.IFLA_VXLAN_LOCAL) ?? data.Address(Rt.IFLA_VXLAN_LOCAL6));
                Add(p, "DestinationPort", data.U16BigEndian(Rt.IFLA_VXLAN_PORT) is ushort port ? (int)port : null);
                Add(p, "DeviceIndex", data.U32(Rt.IFLA_VXLAN_LINK) is uint dev and > 0 ? (int)dev : null);
                Add(p, "Learning", Flag(data, Rt.IFLA_VXLAN_LEARNING));
                Add(p, "Ttl", data.U8(Rt.IFLA_VXLAN_TTL) is byte ttl ? (int)ttl : null);
                Add(p, "Tos", data.U8(Rt.IFLA_VXLAN_TOS) is byte tos ? (int)tos : null);
                Add(p, "AgeingSeconds", data.U32(Rt.IFLA_VXLAN_AGEING) is uint vxlanAgeing ? (int)vxlanAgeing : null);
                Add(p, "SourcePortRange", data.Bytes(Rt.IFLA_VXLAN_PORT_RANGE) is { Length: 4 } range && (range.Span[0] | range.Span[1] | range.Span[2] | range.Span[3]) != 0
                    ? $"{(range.Span[0] << 8) | range.Span[1]}-{(range.Span[2] << 8) | range.Span[3]}"
                    : null);
                Add(p, "VniFilter", Flag(data, Rt.IFLA_VXLAN_VNIFILTER));
                Add(p, "Proxy", Flag(data, Rt.IFLA_VXLAN_PROXY));
                Add(p, "L2Miss", Flag(data, Rt.IFLA_VXLAN_L2MISS));
                Add(p, "L3Miss", Flag(data, Rt.IFLA_VXLAN_L3MISS));
                Add(p, "UdpChecksum", Flag(data, Rt.IFLA_VXLAN_UDP_CSUM));
                Add(p, "ZeroChecksum6Transmit", Flag(data, Rt.IFLA_VXLAN_UDP_ZERO_CSUM6_TX));
                Add(p, "ZeroChecksum6Receive", Flag(data, Rt.IFLA_VXLAN_UDP_ZERO_CSUM6_RX));
                Add(p, "Gbp", data.Has(Rt.IFLA_VXLAN_GBP));
                break;
        }

        return p;
    }

    /// <summary>Reads IFLA_INFO_SLAVE_DATA of a bridge port into named values.</summary>
    internal static Dictionary<string, object> ParsePort(string? portKind, NetlinkAttributes? data)
    {
        var p = new Dictionary<string, object>();
        if (portKind != "bridge" || data is null)
        {
            return p;
        }

        Add(p, "State", data.U8(Rt.IFLA_BRPORT_STATE) is byte state ? (BridgePortState)state : null);
        Add(p, "Priority", data.U16(Rt.IFLA_BRPORT_PRIORITY) is ushort priority ? (int)priority : null);
        Add(p, "Cost", data.U32(Rt.IFLA_BRPORT_COST) is uint cost ? (int)cost : null);
        Add(p, "HairpinMode", Flag(data, Rt.IFLA_BRPORT_MODE));
        Add(p, "BpduGuard", Flag(data, Rt.IFLA_BRPORT_GUARD));
        Add(p, "Learning", Flag(data, Rt.IFLA_BRPORT_LEARNING));
        Add(p, "UnicastFlood", Flag(data, Rt.IFLA_BRPORT_UNICAST_FLOOD));
        Add(p, "MulticastFlood", Flag(data, Rt.IFLA_BRPORT_MCAST_FLOOD));
        Add(p, "BroadcastFlood", Flag(data, Rt.IFLA_BRPORT_BCAST_FLOOD));
        Add(p, "Isolated", Flag(data, Rt.IFLA_BRPORT_ISOLATED));
        return p;
    }

    private static bool? Flag(NetlinkAttributes data, ushort type) => data.U8(type) is byte value ? value != 0 : null;

    private static void Add(Dictionary<string, object> p, string key, object? value)
    {
        if (value is not null)
        {
            p[key] = value;
        }
    }
}
