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
                Add(p, "Learning", data.U8(Rt.IFLA_VXLAN_LEARNING) is byte l ? l != 0 : null);
                Add(p, "Ttl", data.U8(Rt.IFLA_VXLAN_TTL) is byte ttl ? (int)ttl : null);
                break;
        }

        return p;
    }

    private static void Add(Dictionary<string, object> p, string key, object? value)
    {
        if (value is not null)
        {
            p[key] = value;
        }
    }
}
