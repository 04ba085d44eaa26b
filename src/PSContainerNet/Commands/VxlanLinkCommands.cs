using System.Management.Automation;
using System.Net;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Commands;

/// <summary>New-VxlanLink: a VXLAN tunnel endpoint (what a Docker overlay network is made of).</summary>
[Cmdlet(VerbsCommon.New, "VxlanLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLink))]
public sealed class NewVxlanLinkCommand : NewLinkCommandBase
{
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("Id", "VxlanId")]
    [ValidateRange(0, 16777215)]
    public int Vni { get; set; }

    /// <summary>The remote endpoint (unicast) or multicast group.</summary>
    [Parameter]
    [Alias("Group")]
    public IPAddress? Remote { get; set; }

    [Parameter]
    public IPAddress? Local { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int DestinationPort { get; set; } = 4789;

    /// <summary>The underlay link (required with a multicast group).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? Device { get; set; }

    /// <summary>Turns off source-address learning (on by default, as with ip).</summary>
    [Parameter]
    public SwitchParameter NoLearning { get; set; }

    [Parameter]
    [ValidateRange(0, 255)]
    public int Ttl { get; set; }

    protected override string KindDescription => $"vxlan (VNI {Vni})";

    protected override IEnumerable<NetLink> Create(NamespaceHandle ns) =>
    [
        LinkService.NewVxlan(ns, Name, new VxlanOptions
        {
            Vni = Vni,
            Remote = Remote,
            Local = Local,
            DestinationPort = DestinationPort,
            Device = Device,
            Learning = !NoLearning,
            Ttl = IsBound(nameof(Ttl)) ? Ttl : null,
        }, Options),
    ];
}
