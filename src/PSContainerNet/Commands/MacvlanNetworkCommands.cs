using System.Collections;
using System.Management.Automation;
using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Commands;

/// <summary>
/// New-MacvlanNetwork: docker network create -d macvlan (or ipvlan) -o parent=..., making the parent.VID 802.1Q
/// sub-interface over netlink first when -VlanId names one that does not exist.
/// </summary>
[Cmdlet(VerbsCommon.New, "MacvlanNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ContainerNetwork))]
public sealed class NewMacvlanNetworkCommand : DockerCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>The host link the containers' interfaces sit on (a NIC, a bond, a veth end).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Parent { get; set; } = string.Empty;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[] Subnet { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[] Gateway { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[] IPRange { get; set; } = [];

    [Parameter]
    public Hashtable? AuxAddress { get; set; }

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

    [Parameter]
    public Hashtable? Label { get; set; }

    [Parameter]
    public SwitchParameter Internal { get; set; }

    protected override void ProcessRecord() => TryDocker(() =>
    {
        var pools = IpamConfig.FromFlags(Subnet, Gateway, IPRange, ToDictionary(AuxAddress));
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
