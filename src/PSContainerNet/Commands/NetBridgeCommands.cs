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
            VlanFiltering = VlanFiltering,
            VlanDefaultPvid = IsBound(nameof(VlanDefaultPvid)) ? VlanDefaultPvid : null,
        }, Options),
    ];
}
