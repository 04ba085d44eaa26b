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

    protected override void ProcessRecord()
    {
        string name = Name ?? Parent + "." + VlanId.ToString(CultureInfo.InvariantCulture);
        CreateLinks(name, $"VLAN {VlanId} link on {Parent}", ns => [LinkService.NewVlan(ns, name, Parent, VlanId, Protocol, Options)]);
    }
}
