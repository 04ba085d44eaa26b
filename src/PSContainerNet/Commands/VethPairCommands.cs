using System.Management.Automation;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Commands;

/// <summary>New-VethPair: both ends in one request, the peer created directly in -PeerNamespace.</summary>
[Cmdlet(VerbsCommon.New, "VethPair", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLink))]
public sealed class NewVethPairCommand : NewLinkCommandBase
{
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string PeerName { get; set; } = string.Empty;

    /// <summary>Where the peer end is created (default: the same namespace as -Name).</summary>
    [Parameter]
    [NamespaceTransformation]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string? PeerNamespace { get; set; }

    [Parameter]
    public string? PeerMacAddress { get; set; }

    protected override string KindDescription => $"veth pair with peer '{PeerName}'{(PeerNamespace is null ? string.Empty : " in " + PeerNamespace)},";

    protected override IEnumerable<NetLink> Create(NamespaceHandle ns)
    {
        NamespaceHandle? peerNs = PeerNamespace is null ? null : NamespaceHandle.Resolve(PeerNamespace);
        var (local, peer) = LinkService.NewVeth(ns, Name, PeerName, peerNs, Options, PeerMacAddress);
        return [local, peer];
    }
}
