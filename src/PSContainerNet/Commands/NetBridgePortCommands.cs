using System.Management.Automation;
using PSContainerNet.Engine.Links;

namespace PSContainerNet.Commands;

/// <summary>Set-NetBridgePort: a bridge port's learning, flooding, isolation, BPDU guard, hairpin and STP cost/priority (bridge link set).</summary>
[Cmdlet(VerbsCommon.Set, "NetBridgePort", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLink))]
public sealed class SetNetBridgePortCommand : SetLinkCommandBase
{
    /// <summary>-Learning:$false stops the bridge learning source MACs on this port.</summary>
    [Parameter]
    public SwitchParameter Learning { get; set; }

    /// <summary>-UnicastFlood:$false stops flooding unknown unicast out of this port.</summary>
    [Parameter]
    [Alias("Flood")]
    public SwitchParameter UnicastFlood { get; set; }

    [Parameter]
    public SwitchParameter MulticastFlood { get; set; }

    [Parameter]
    public SwitchParameter BroadcastFlood { get; set; }

    /// <summary>Disable the port when an STP BPDU arrives on it.</summary>
    [Parameter]
    public SwitchParameter BpduGuard { get; set; }

    /// <summary>An isolated port talks only to ports that are not isolated.</summary>
    [Parameter]
    public SwitchParameter Isolated { get; set; }

    [Parameter]
    public SwitchParameter HairpinMode { get; set; }

    /// <summary>STP path cost.</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int Cost { get; set; }

    /// <summary>STP port priority.</summary>
    [Parameter]
    [ValidateRange(0, 63)]
    public int Priority { get; set; }

    protected override LinkSettings Settings() => new()
    {
        BridgePort = new BridgePortOptions
        {
            Learning = Switch(nameof(Learning)),
            UnicastFlood = Switch(nameof(UnicastFlood)),
            MulticastFlood = Switch(nameof(MulticastFlood)),
            BroadcastFlood = Switch(nameof(BroadcastFlood)),
            BpduGuard = Switch(nameof(BpduGuard)),
            Isolated = Switch(nameof(Isolated)),
            HairpinMode = Switch(nameof(HairpinMode)),
            Cost = IsBound(nameof(Cost)) ? Cost : null,
            Priority = IsBound(nameof(Priority)) ? Priority : null,
        },
    };

    protected override string Describe() => "bridge port " + string.Join(' ', new[]
    {
        OnOff(nameof(Learning), "learning"), OnOff(nameof(UnicastFlood), "flood"), OnOff(nameof(MulticastFlood), "mcast_flood"),
        OnOff(nameof(BroadcastFlood), "bcast_flood"), OnOff(nameof(BpduGuard), "guard"), OnOff(nameof(Isolated), "isolated"),
        OnOff(nameof(HairpinMode), "hairpin"), Value(nameof(Cost), "cost"), Value(nameof(Priority), "priority"),
    }.SelectMany(part => part));
}
