using System.Management.Automation;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Commands;

/// <summary>New-VrfLink: a VRF device bound to a routing table (ip link add NAME type vrf table N).</summary>
[Cmdlet(VerbsCommon.New, "VrfLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLink))]
public sealed class NewVrfLinkCommand : NewLinkCommandBase
{
    /// <summary>The routing table of the VRF: links enslaved to it route there.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(1, int.MaxValue)]
    public int Table { get; set; }

    protected override string KindDescription => "VRF";

    protected override IEnumerable<NetLink> Create(NamespaceHandle ns) => [LinkService.NewVrf(ns, Name, Table, Options)];
}
