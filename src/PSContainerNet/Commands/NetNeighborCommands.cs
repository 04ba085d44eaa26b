using System.Management.Automation;
using System.Net;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Neighbors;

namespace PSContainerNet.Commands;

/// <summary>Get-NetNeighbor: ip neigh show (ARP and neighbour discovery entries).</summary>
[Cmdlet(VerbsCommon.Get, "NetNeighbor")]
[OutputType(typeof(NetNeighbor))]
public sealed class GetNetNeighborCommand : NamespaceQueryCmdlet
{
    /// <summary>Only the entry of this address.</summary>
    [Parameter(Position = 0)]
    public IPAddress? IPAddress { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? InterfaceAlias { get; set; }

    [Parameter]
    public IPFamily AddressFamily { get; set; }

    /// <summary>Only entries in one of these states (Reachable, Stale, Failed, Permanent, ...).</summary>
    [Parameter]
    public NeighborState[]? State { get; set; }

    /// <summary>The proxy entries (ip neigh show proxy) instead of the neighbours.</summary>
    [Parameter]
    public SwitchParameter Proxy { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, IPAddress?.ToString() ?? InterfaceAlias ?? Namespace, ns =>
        WriteObject(NeighborService.List(ns, InterfaceAlias, IsBound(nameof(AddressFamily)) ? AddressFamily : null, Proxy)
            .Where(n => IPAddress is null || n.IPAddress == IPAddress.ToString())
            .Where(n => State is null || State.Any(s => n.State.HasFlag(s) && (s != NeighborState.None || n.State == NeighborState.None))),
            enumerateCollection: true));
}

/// <summary>New-NetNeighbor: ip neigh add (or replace) a permanent or proxy entry.</summary>
[Cmdlet(VerbsCommon.New, "NetNeighbor", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetNeighbor))]
public sealed class NewNetNeighborCommand : NamespaceScopedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public IPAddress IPAddress { get; set; } = System.Net.IPAddress.None;

    /// <summary>The neighbour's MAC address; not for a proxy entry.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? LinkLayerAddress { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string InterfaceAlias { get; set; } = string.Empty;

    /// <summary>A proxy entry: this host answers ARP/NDP for the address on the interface.</summary>
    [Parameter]
    public SwitchParameter Proxy { get; set; }

    /// <summary>Creates the entry or changes it (ip neigh replace).</summary>
    [Parameter]
    public SwitchParameter Replace { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, IPAddress.ToString(), ns =>
    {
        if (ShouldProcess($"{IPAddress} on {InterfaceAlias} in {ns.Description}", Proxy ? "Add proxy neighbour entry" : "Add permanent neighbour entry"))
        {
            WriteObject(NeighborService.Add(ns, InterfaceAlias, IPAddress, LinkLayerAddress, Proxy, Replace));
        }
    });
}

/// <summary>Remove-NetNeighbor: ip neigh del, or ip neigh flush dev without an address. Entries from Get-NetNeighbor pipe in.</summary>
[Cmdlet(VerbsCommon.Remove, "NetNeighbor", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetNeighborCommand : NamespaceScopedCmdlet
{
    /// <summary>The entry to remove; without it, every entry of the interface goes (the kernel's own NOARP ones stay).</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    public IPAddress? IPAddress { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string InterfaceAlias { get; set; } = string.Empty;

    /// <summary>Remove a proxy entry (bound from a piped proxy entry's IsProxy).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("IsProxy")]
    public SwitchParameter Proxy { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, IPAddress?.ToString() ?? InterfaceAlias, ns =>
    {
        string what = IPAddress is null ? $"every neighbour entry of {InterfaceAlias}" : $"{IPAddress} on {InterfaceAlias}";
        if (ShouldProcess($"{what} in {ns.Description}", Proxy ? "Remove proxy neighbour entry" : "Remove neighbour entry"))
        {
            int removed = NeighborService.Remove(ns, InterfaceAlias, IPAddress, Proxy);
            WriteVerbose($"Removed {removed} entr{(removed == 1 ? "y" : "ies")}.");
        }
    });
}
