using System.Management.Automation;
using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Commands;

/// <summary>
/// New-MacvlanNetwork: docker network create -d macvlan (or ipvlan) -o parent=..., making the parent.VID 802.1Q
/// sub-interface over netlink first when -VlanId names one that does not exist.
/// </summary>
[Cmdlet(VerbsCommon.New, "MacvlanNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ContainerNetwork))]
public sealed class NewMacvlanNetworkCommand : ContainerNetworkCreationCmdlet
{
    /// <summary>The host link the containers' interfaces sit on (a NIC, a bond, a veth end).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Parent { get; set; } = string.Empty;

    /// <summary>macvlan: bridge (default), private, vepa, passthru; ipvlan: l2 (default), l3, l3s.</summary>
    [Parameter]
    [ValidateSet("bridge", "private", "vepa", "passthru", "l2", "l3", "l3s")]
    public string? Mode { get; set; }

    /// <summary>Puts the network on the 802.1Q sub-interface PARENT.VID, made when missing.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 4094)]
    public int VlanId { get; set; }

    /// <summary>An ipvlan network instead: the containers share the parent's MAC address.</summary>
    [Parameter]
    public SwitchParameter Ipvlan { get; set; }

    protected override void ProcessRecord() => TryDocker(() =>
    {
        var pools = Pools;
        int? vlan = IsBound(nameof(VlanId)) ? VlanId : null;
        string on = vlan is int vid ? $"{Parent}.{vid}" : Parent;
        if (ShouldProcess($"{Name} on {Docker.Endpoint}", $"Create {(Ipvlan ? "ipvlan" : "macvlan")} network on {on}"))
        {
            WriteObject(ContainerNetworkService.CreateMacvlan(Docker, new MacvlanNetworkSpec
            {
                Name = Name,
                Parent = Parent,
                VlanId = vlan,
                Mode = Mode,
                Ipvlan = Ipvlan,
                Pools = pools,
                Labels = ToDictionary(Label),
                Internal = Internal,
            }));
        }
    }, Name);
}
