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

    /// <summary>The peer's MTU when it differs from -Mtu (which sets both ends).</summary>
    [Parameter]
    [ValidateRange(68, 65535)]
    public int PeerMtu { get; set; }

    /// <summary>The peer's transmit queue length when it differs from -TxQueueLength (which sets both ends).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int PeerTxQueueLength { get; set; }

    /// <summary>The peer's queue count when it differs from -Queues (which sets both ends).</summary>
    [Parameter]
    [ValidateRange(1, 4096)]
    public int PeerQueues { get; set; }

    protected override string KindDescription => $"veth pair with peer '{PeerName}'{(PeerNamespace is null ? string.Empty : " in " + PeerNamespace)},";

    protected override IEnumerable<NetLink> Create(NamespaceHandle ns)
    {
        NamespaceHandle? peerNs = PeerNamespace is null ? null : NamespaceHandle.Resolve(PeerNamespace);
        var peerOptions = new VethPeerOptions
        {
            Mtu = IsBound(nameof(PeerMtu)) ? PeerMtu : null,
            MacAddress = PeerMacAddress,
            Queues = IsBound(nameof(PeerQueues)) ? PeerQueues : null,
            TxQueueLength = IsBound(nameof(PeerTxQueueLength)) ? PeerTxQueueLength : null,
        };
        var (local, peer) = LinkService.NewVeth(ns, Name, PeerName, peerNs, Options, peerOptions);
        return [local, peer];
    }
}
