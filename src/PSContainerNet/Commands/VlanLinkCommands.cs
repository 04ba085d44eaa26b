using System.Globalization;
using System.Management.Automation;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Commands;

/// <summary>New-VlanLink: an 802.1Q (or 802.1ad) sub-interface such as ens33.10.</summary>
[Cmdlet(VerbsCommon.New, "VlanLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLink))]
public sealed class NewVlanLinkCommand : LinkCreationCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Parent { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(1, 4094)]
    public int VlanId { get; set; }

    /// <summary>The new link's name; PARENT.VLANID when not given.</summary>
    [Parameter]
    public string? Name { get; set; }

    [Parameter]
    public VlanProtocol Protocol { get; set; } = VlanProtocol.Dot1Q;

    /// <summary>-ReorderHeader:$false keeps the tag on received frames (ip's reorder_hdr off); on by default.</summary>
    [Parameter]
    public SwitchParameter ReorderHeader { get; set; }

    [Parameter]
    public SwitchParameter Gvrp { get; set; }

    [Parameter]
    public SwitchParameter Mvrp { get; set; }

    [Parameter]
    public SwitchParameter LooseBinding { get; set; }

    [Parameter]
    public SwitchParameter BridgeBinding { get; set; }

    protected override void ProcessRecord()
    {
        string name = Name ?? Parent + "." + VlanId.ToString(CultureInfo.InvariantCulture);
        // A flag switch given sets that flag on or (with :$false) off; one not given keeps the kernel's default.
        VlanFlags on = VlanFlags.None, off = VlanFlags.None;
        foreach ((string parameter, SwitchParameter value, VlanFlags flag) in new[]
        {
            (nameof(ReorderHeader), ReorderHeader, VlanFlags.ReorderHeader),
            (nameof(Gvrp), Gvrp, VlanFlags.Gvrp),
            (nameof(Mvrp), Mvrp, VlanFlags.Mvrp),
            (nameof(LooseBinding), LooseBinding, VlanFlags.LooseBinding),
            (nameof(BridgeBinding), BridgeBinding, VlanFlags.BridgeBinding),
        })
        {
            if (IsBound(parameter))
            {
                if (value.IsPresent)
                {
                    on |= flag;
                }
                else
                {
                    off |= flag;
                }
            }
        }

        CreateLinks(name, $"VLAN {VlanId} link on {Parent}", ns => [LinkService.NewVlan(ns, name, Parent, VlanId, Protocol, Options, on, off)]);
    }
}
