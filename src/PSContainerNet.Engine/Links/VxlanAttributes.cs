using System.Net.Sockets;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Links;

/// <summary>Checks VXLAN settings and writes them as IFLA_VXLAN_* attributes, in ip's words where it has them.</summary>
internal static class VxlanAttributes
{
    internal static void Check(VxlanOptions vxlan)
    {
        if (vxlan.Vni is null && !vxlan.External)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, "a VXLAN device needs a VNI, unless it runs in external (collect-metadata) mode", null);
        }

        if (vxlan.Vni is < 0 or > 0xFFFFFF)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"VXLAN id {vxlan.Vni} is out of range; use 0-16777215", vxlan.Vni);
        }

        if (vxlan.VniFilter && !vxlan.External)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, "VNI filtering needs external (collect-metadata) mode; add -External", null);
        }

        CheckPort(vxlan.DestinationPort, "UDP port");
        if (vxlan.SourcePortRange is (int low, int high))
        {
            CheckPort(low, "source port");
            CheckPort(high, "source port");
            if (low > high)
            {
                throw new EngineException(EngineErrorKind.InvalidArgument, $"source port range {low}-{high} is empty; give the low port first", low);
            }
        }

        CheckByte(vxlan.Ttl, "TTL");
        CheckByte(vxlan.Tos, "TOS");
        if (vxlan.AgeingSeconds is < 0)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"ageing {vxlan.AgeingSeconds} s cannot be negative", vxlan.AgeingSeconds);
        }

        if (vxlan.Remote is not null && vxlan.Local is not null && vxlan.Remote.AddressFamily != vxlan.Local.AddressFamily)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"remote {vxlan.Remote} and local {vxlan.Local} are of different address families", vxlan.Remote);
        }

        bool multicast = vxlan.Remote is { } r && (r.AddressFamily == AddressFamily.InterNetworkV6 ? r.IsIPv6Multicast : (r.GetAddressBytes()[0] & 0xF0) == 0xE0);
        if (multicast && vxlan.Device is null)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"a multicast group ({vxlan.Remote}) needs an underlay device (-Device) to join it on", vxlan.Remote);
        }
    }

    /// <summary>The IFLA_INFO_DATA of a VXLAN device; <paramref name="deviceIndex"/> is the resolved underlay.</summary>
    internal static void Write(NetlinkRequest request, VxlanOptions vxlan, uint? deviceIndex)
    {
        if (vxlan.Vni is int vni)
        {
            request.AttrU32(Rt.IFLA_VXLAN_ID, (uint)vni);
        }

        if (vxlan.Remote is { } remote)
        {
            request.AttrAddress(remote.AddressFamily == AddressFamily.InterNetworkV6 ? Rt.IFLA_VXLAN_GROUP6 : Rt.IFLA_VXLAN_GROUP, remote);
        }

        if (vxlan.Local is { } local)
        {
            request.AttrAddress(local.AddressFamily == AddressFamily.InterNetworkV6 ? Rt.IFLA_VXLAN_LOCAL6 : Rt.IFLA_VXLAN_LOCAL, local);
        }

        if (deviceIndex is uint device)
        {
            request.AttrU32(Rt.IFLA_VXLAN_LINK, device);
        }

        WriteByte(request, Rt.IFLA_VXLAN_TTL, vxlan.Ttl);
        WriteByte(request, Rt.IFLA_VXLAN_TOS, vxlan.Tos);
        request.AttrU16BigEndian(Rt.IFLA_VXLAN_PORT, (ushort)vxlan.DestinationPort);
        if (vxlan.SourcePortRange is (int low, int high))
        {
            // struct ifla_vxlan_port_range: two big-endian u16.
            request.Attr(Rt.IFLA_VXLAN_PORT_RANGE, [(byte)(low >> 8), (byte)low, (byte)(high >> 8), (byte)high]);
        }

        request.AttrU8(Rt.IFLA_VXLAN_LEARNING, vxlan.Learning ? (byte)1 : (byte)0);
        request.AttrU32IfSet(Rt.IFLA_VXLAN_AGEING, (uint?)vxlan.AgeingSeconds);

        request.AttrSwitch(Rt.IFLA_VXLAN_COLLECT_METADATA, vxlan.External ? true : null);
        request.AttrSwitch(Rt.IFLA_VXLAN_VNIFILTER, vxlan.VniFilter ? true : null);
        request.AttrSwitch(Rt.IFLA_VXLAN_PROXY, vxlan.Proxy ? true : null);
        request.AttrSwitch(Rt.IFLA_VXLAN_L2MISS, vxlan.L2Miss ? true : null);
        request.AttrSwitch(Rt.IFLA_VXLAN_L3MISS, vxlan.L3Miss ? true : null);
        request.AttrSwitch(Rt.IFLA_VXLAN_UDP_CSUM, vxlan.UdpChecksum);
        request.AttrSwitch(Rt.IFLA_VXLAN_UDP_ZERO_CSUM6_TX, vxlan.ZeroChecksum6Transmit);
        request.AttrSwitch(Rt.IFLA_VXLAN_UDP_ZERO_CSUM6_RX, vxlan.ZeroChecksum6Receive);
        if (vxlan.Gbp)
        {
            // A flag attribute: present means on.
            request.Attr(Rt.IFLA_VXLAN_GBP, []);
        }
    }

    private static void CheckPort(int port, string what)
    {
        if (port is < 1 or > 65535)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"{what} {port} is out of range; use 1-65535", port);
        }
    }

    private static void CheckByte(int? value, string what)
    {
        if (value is < 0 or > 255)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"{what} {value} is out of range; use 0-255", value);
        }
    }

    private static void WriteByte(NetlinkRequest request, ushort type, int? value)
    {
        if (value is int v)
        {
            request.AttrU8(type, (byte)v);
        }
    }
}
