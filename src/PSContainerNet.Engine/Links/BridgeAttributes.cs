using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Links;

/// <summary>Writes bridge (IFLA_BR_*) and bridge-port (IFLA_BRPORT_*) settings into a request, checking ranges first.</summary>
internal static class BridgeAttributes
{
    /// <summary>The IFLA_INFO_DATA of a bridge. <paramref name="stateStp"/> sends STP off when unset (a new bridge, like docker0).</summary>
    internal static void Write(NetlinkRequest request, BridgeOptions bridge, bool stateStp)
    {
        // Check everything before writing anything, so a bad value leaves no half-built request behind.
        uint? forwardDelay = Centiseconds(bridge.ForwardDelaySeconds, "forward delay", bridge.Stp == true ? 2 : 0, 30,
            "use 2-30 s (0-30 s with STP off)");
        uint? helloTime = Centiseconds(bridge.HelloTimeSeconds, "hello time", 1, 10, "use 1-10 s");
        uint? maxAge = Centiseconds(bridge.MaxAgeSeconds, "max age", 6, 40, "use 6-40 s");
        uint? ageingTime = Centiseconds(bridge.AgeingTimeSeconds, "ageing time", 0, 1_000_000, "use 0-1000000 s (0 keeps entries forever)");
        ushort? priority = bridge.Priority is int p ? CheckRange(p, 0, 65535, "bridge priority") : null;
        ushort? pvid = bridge.VlanDefaultPvid is int v ? CheckRange(v, 0, 4094, "default PVID", "use 1-4094, or 0 for none") : null;

        if ((bridge.Stp ?? (stateStp ? false : null)) is bool stp)
        {
            request.AttrU32(Rt.IFLA_BR_STP_STATE, stp ? 1u : 0u);
        }

        request.AttrU32IfSet(Rt.IFLA_BR_FORWARD_DELAY, forwardDelay);
        request.AttrU32IfSet(Rt.IFLA_BR_HELLO_TIME, helloTime);
        request.AttrU32IfSet(Rt.IFLA_BR_MAX_AGE, maxAge);
        request.AttrU32IfSet(Rt.IFLA_BR_AGEING_TIME, ageingTime);
        if (priority is ushort bridgePriority)
        {
            request.AttrU16(Rt.IFLA_BR_PRIORITY, bridgePriority);
        }

        request.AttrSwitch(Rt.IFLA_BR_MCAST_SNOOPING, bridge.MulticastSnooping);
        request.AttrSwitch(Rt.IFLA_BR_VLAN_FILTERING, bridge.VlanFiltering);
        if (pvid is ushort defaultPvid)
        {
            request.AttrU16(Rt.IFLA_BR_VLAN_DEFAULT_PVID, defaultPvid);
        }
    }

    /// <summary>The IFLA_INFO_SLAVE_DATA of a bridge port.</summary>
    internal static void Write(NetlinkRequest request, BridgePortOptions port)
    {
        ushort? priority = port.Priority is int p ? CheckRange(p, 0, 63, "port priority") : null;
        ushort? cost = port.Cost is int c ? CheckRange(c, 1, 65535, "port cost") : null;

        request.AttrSwitch(Rt.IFLA_BRPORT_MODE, port.HairpinMode);
        request.AttrSwitch(Rt.IFLA_BRPORT_GUARD, port.BpduGuard);
        request.AttrSwitch(Rt.IFLA_BRPORT_LEARNING, port.Learning);
        request.AttrSwitch(Rt.IFLA_BRPORT_UNICAST_FLOOD, port.UnicastFlood);
        request.AttrSwitch(Rt.IFLA_BRPORT_MCAST_FLOOD, port.MulticastFlood);
        request.AttrSwitch(Rt.IFLA_BRPORT_BCAST_FLOOD, port.BroadcastFlood);
        request.AttrSwitch(Rt.IFLA_BRPORT_ISOLATED, port.Isolated);
        if (priority is ushort portPriority)
        {
            request.AttrU16(Rt.IFLA_BRPORT_PRIORITY, portPriority);
        }

        request.AttrU32IfSet(Rt.IFLA_BRPORT_COST, cost);
    }

    private static uint? Centiseconds(double? seconds, string what, double min, double max, string hint)
    {
        if (seconds is not double value)
        {
            return null;
        }

        return value >= min && value <= max
            ? (uint)Math.Round(value * 100)
            : throw new EngineException(EngineErrorKind.InvalidArgument, $"{what} {value} s is out of range; {hint}", value);
    }

    private static ushort CheckRange(int value, int min, int max, string what, string? hint = null) =>
        value >= min && value <= max
            ? (ushort)value
            : throw new EngineException(EngineErrorKind.InvalidArgument, $"{what} {value} is out of range; {hint ?? $"use {min}-{max}"}", value);
}
