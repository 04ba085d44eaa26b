using System.Management.Automation;
using PSContainerNet.Engine.Links;

namespace PSContainerNet.Commands;

/// <summary>Get-NetBridgeVlan: bridge vlan show — the VLANs of each bridge port and bridge.</summary>
[Cmdlet(VerbsCommon.Get, "NetBridgeVlan")]
[OutputType(typeof(NetBridgeVlan))]
public sealed class GetNetBridgeVlanCommand : NamespaceQueryCmdlet
{
    /// <summary>Only this port's (or bridge's) VLANs.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? Name { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, Name ?? Namespace, ns =>
        WriteObject(BridgeVlanService.List(ns, Name), enumerateCollection: true));
}

/// <summary>The port, the VLAN ids and -Self that Add- and Remove-NetBridgeVlan share.</summary>
public abstract class BridgeVlanChangeCmdlet : NamedLinkCmdlet
{
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("Vid")]
    [ValidateRange(1, 4094)]
    public int[] VlanId { get; set; } = [];

    /// <summary>The bridge's own VLANs (bridge vlan ... self), for traffic to and from the bridge device itself.</summary>
    [Parameter]
    public SwitchParameter Self { get; set; }
}

/// <summary>Add-NetBridgeVlan: bridge vlan add dev PORT vid N [pvid] [untagged] [self]; all ids or none.</summary>
[Cmdlet(VerbsCommon.Add, "NetBridgeVlan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetBridgeVlan))]
public sealed class AddNetBridgeVlanCommand : BridgeVlanChangeCmdlet
{
    /// <summary>Untagged frames arriving on the port belong to this VLAN.</summary>
    [Parameter]
    public SwitchParameter Pvid { get; set; }

    /// <summary>Frames of these VLANs leave the port untagged.</summary>
    [Parameter]
    public SwitchParameter Untagged { get; set; }

    /// <summary>Writes the port's VLANs after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Pvid && VlanId.Length > 1)
        {
            ThrowUsageError("-Pvid names one VLAN; a port has one PVID.", "PvidWithManyVlans", VlanId);
        }
    }

    protected override void ProcessRecord() => RunInNamespace(Namespace, Name, ns =>
    {
        string flags = (Pvid ? " pvid" : string.Empty) + (Untagged ? " untagged" : string.Empty) + (Self ? " self" : string.Empty);
        if (ShouldProcess($"{Name} in {ns.Description}", $"Add VLAN {string.Join(",", VlanId)}{flags}"))
        {
            BridgeVlanService.Add(ns, Name, VlanId, Pvid, Untagged, Self);
            if (PassThru)
            {
                WriteObject(BridgeVlanService.List(ns, Name), enumerateCollection: true);
            }
        }
    });
}

/// <summary>Remove-NetBridgeVlan: bridge vlan del dev PORT vid N [self].</summary>
[Cmdlet(VerbsCommon.Remove, "NetBridgeVlan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class RemoveNetBridgeVlanCommand : BridgeVlanChangeCmdlet
{
    protected override void ProcessRecord() => RunInNamespace(Namespace, Name, ns =>
    {
        if (ShouldProcess($"{Name} in {ns.Description}", $"Remove VLAN {string.Join(",", VlanId)}{(Self ? " self" : string.Empty)}"))
        {
            BridgeVlanService.Remove(ns, Name, VlanId, Self);
        }
    });
}
