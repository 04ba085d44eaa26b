using System.Management.Automation;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Commands;

/// <summary>New-NetBridge: a Linux bridge (docker0's kind).</summary>
[Cmdlet(VerbsCommon.New, "NetBridge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLink))]
public sealed class NewNetBridgeCommand : NewLinkCommandBase
{
    /// <summary>Turns on the spanning tree protocol (off by default, like docker0).</summary>
    [Parameter]
    public SwitchParameter Stp { get; set; }

    /// <summary>STP forward delay in seconds.</summary>
    [Parameter]
    [ValidateRange(0.0, 30.0)]
    public double ForwardDelay { get; set; }

    [Parameter]
    public SwitchParameter VlanFiltering { get; set; }

    /// <summary>The VLAN of untagged traffic on new ports with VLAN filtering; 0 for none.</summary>
    [Parameter]
    [ValidateRange(0, 4094)]
    public int VlanDefaultPvid { get; set; }

    protected override string KindDescription => "bridge";

    protected override IEnumerable<NetLink> Create(NamespaceHandle ns) =>
    [
        LinkService.NewBridge(ns, Name, new BridgeOptions
        {
            Stp = Stp,
            ForwardDelaySeconds = IsBound(nameof(ForwardDelay)) ? ForwardDelay : null,
            VlanFiltering = VlanFiltering ? true : null,
            VlanDefaultPvid = IsBound(nameof(VlanDefaultPvid)) ? VlanDefaultPvid : null,
        }, Options),
    ];
}

/// <summary>Set-NetBridge: a bridge's STP, timers, priority, ageing, multicast snooping and VLAN filtering after creation (ip link set BR type bridge).</summary>
[Cmdlet(VerbsCommon.Set, "NetBridge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLink))]
public sealed class SetNetBridgeCommand : SetLinkCommandBase
{
    /// <summary>-Stp turns the spanning tree protocol on, -Stp:$false off.</summary>
    [Parameter]
    public SwitchParameter Stp { get; set; }

    /// <summary>STP forward delay in seconds.</summary>
    [Parameter]
    [ValidateRange(0.0, 30.0)]
    public double ForwardDelay { get; set; }

    /// <summary>STP hello time in seconds.</summary>
    [Parameter]
    [ValidateRange(1.0, 10.0)]
    public double HelloTime { get; set; }

    /// <summary>STP max age in seconds.</summary>
    [Parameter]
    [ValidateRange(6.0, 40.0)]
    public double MaxAge { get; set; }

    /// <summary>Seconds a learned MAC address stays in the forwarding database; 0 keeps entries forever.</summary>
    [Parameter]
    [ValidateRange(0.0, 1000000.0)]
    public double AgeingTime { get; set; }

    /// <summary>STP bridge priority; the lowest becomes root.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Priority { get; set; }

    [Parameter]
    public SwitchParameter MulticastSnooping { get; set; }

    [Parameter]
    public SwitchParameter VlanFiltering { get; set; }

    /// <summary>The VLAN of untagged traffic on new ports with VLAN filtering; 0 for none.</summary>
    [Parameter]
    [ValidateRange(0, 4094)]
    public int VlanDefaultPvid { get; set; }

    protected override LinkSettings Settings() => new()
    {
        Bridge = new BridgeOptions
        {
            Stp = Switch(nameof(Stp)),
            ForwardDelaySeconds = IsBound(nameof(ForwardDelay)) ? ForwardDelay : null,
            HelloTimeSeconds = IsBound(nameof(HelloTime)) ? HelloTime : null,
            MaxAgeSeconds = IsBound(nameof(MaxAge)) ? MaxAge : null,
            AgeingTimeSeconds = IsBound(nameof(AgeingTime)) ? AgeingTime : null,
            Priority = IsBound(nameof(Priority)) ? Priority : null,
            MulticastSnooping = Switch(nameof(MulticastSnooping)),
            VlanFiltering = Switch(nameof(VlanFiltering)),
            VlanDefaultPvid = IsBound(nameof(VlanDefaultPvid)) ? VlanDefaultPvid : null,
        },
    };

    protected override string Describe() => "bridge " + string.Join(' ', new[]
    {
        OnOff(nameof(Stp), "stp_state"), Value(nameof(ForwardDelay), "forward_delay", "s"), Value(nameof(HelloTime), "hello_time", "s"),
        Value(nameof(MaxAge), "max_age", "s"), Value(nameof(AgeingTime), "ageing_time", "s"), Value(nameof(Priority), "priority"),
        OnOff(nameof(MulticastSnooping), "mcast_snooping"), OnOff(nameof(VlanFiltering), "vlan_filtering"),
        Value(nameof(VlanDefaultPvid), "vlan_default_pvid"),
    }.SelectMany(part => part));
}
