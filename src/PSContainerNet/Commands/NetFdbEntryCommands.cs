using System.Management.Automation;
using System.Net;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Neighbors;

namespace PSContainerNet.Commands;

/// <summary>Get-NetFdbEntry: bridge fdb show — which MAC is behind which port, and which VTEP a VXLAN sends to.</summary>
[Cmdlet(VerbsCommon.Get, "NetFdbEntry")]
[OutputType(typeof(NetFdbEntry))]
public sealed class GetNetFdbEntryCommand : NamespaceQueryCmdlet
{
    /// <summary>Only the entries of this port or VXLAN device.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    [Alias("Name")]
    public string? InterfaceAlias { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MacAddress { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, InterfaceAlias ?? Namespace, ns =>
    {
        string? mac = MacAddress is null ? null : PSContainerNet.Engine.Links.MacAddress.Format(PSContainerNet.Engine.Links.MacAddress.Parse(MacAddress));
        WriteObject(FdbService.List(ns, InterfaceAlias).Where(e => mac is null || e.MacAddress == mac), enumerateCollection: true);
    });
}

/// <summary>New-NetFdbEntry: bridge fdb add (append, replace): static remote VTEPs, pinned MACs.</summary>
[Cmdlet(VerbsCommon.New, "NetFdbEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetFdbEntry))]
public sealed class NewNetFdbEntryCommand : NamespaceScopedCmdlet
{
    /// <summary>The MAC address; 00:00:00:00:00:00 with -Destination adds a VTEP to a VXLAN's flood list.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string MacAddress { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string InterfaceAlias { get; set; } = string.Empty;

    /// <summary>The remote VTEP that gets the MAC's frames (VXLAN devices).</summary>
    [Parameter]
    public IPAddress? Destination { get; set; }

    [Parameter]
    [ValidateRange(0, 16777215)]
    public int Vni { get; set; }

    [Parameter]
    [ValidateRange(1, 4094)]
    public int Vlan { get; set; }

    /// <summary>Into the bridge's table (bridge fdb's master) rather than the device's own.</summary>
    [Parameter]
    public SwitchParameter Master { get; set; }

    [Parameter]
    public FdbEntryState State { get; set; } = FdbEntryState.Permanent;

    /// <summary>Adds another VTEP for the same MAC (bridge fdb append): a VXLAN's flood list has one per remote host.</summary>
    [Parameter]
    public SwitchParameter Append { get; set; }

    [Parameter]
    public SwitchParameter Replace { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Append && Replace)
        {
            ThrowUsageError("-Append and -Replace cannot be used together.", "AppendAndReplace", null);
        }
    }

    protected override void ProcessRecord() => RunInNamespace(Namespace, MacAddress, ns =>
    {
        var spec = new FdbEntrySpec
        {
            MacAddress = MacAddress,
            InterfaceAlias = InterfaceAlias,
            Destination = Destination,
            Vni = IsBound(nameof(Vni)) ? Vni : null,
            Vlan = IsBound(nameof(Vlan)) ? Vlan : null,
            Master = Master,
            State = State,
        };
        if (ShouldProcess($"{InterfaceAlias} in {ns.Description}", $"Add forwarding entry {MacAddress}{(Destination is null ? string.Empty : " to " + Destination)}"))
        {
            WriteObject(FdbService.Add(ns, spec, Append ? FdbWriteMode.Append : Replace ? FdbWriteMode.Replace : FdbWriteMode.Add));
        }
    });
}

/// <summary>Remove-NetFdbEntry: bridge fdb del. Entries from Get-NetFdbEntry pipe in.</summary>
[Cmdlet(VerbsCommon.Remove, "NetFdbEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetFdbEntryCommand : NamespaceScopedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string MacAddress { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string InterfaceAlias { get; set; } = string.Empty;

    /// <summary>Only this VTEP's entry of the MAC (a flood list has several).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public IPAddress? Destination { get; set; }

    /// <summary>The entry's VLAN (1-4094, checked by the engine); piped entries without one bind null.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int? Vlan { get; set; }

    /// <summary>From the bridge's table (bridge fdb's master).</summary>
    [Parameter]
    public SwitchParameter Master { get; set; }

    /// <summary>Bound from a piped entry: in the device's own table when true, in its bridge's when false.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public SwitchParameter Self { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, MacAddress, ns =>
    {
        bool master = Master || (IsBound(nameof(Self)) && !Self);
        if (ShouldProcess($"{InterfaceAlias} in {ns.Description}", $"Remove forwarding entry {MacAddress}{(Destination is null ? string.Empty : " to " + Destination)}"))
        {
            FdbService.Remove(ns, new FdbEntrySpec
            {
                MacAddress = MacAddress,
                InterfaceAlias = InterfaceAlias,
                Destination = Destination,
                Vlan = Vlan,
                Master = master,
            });
        }
    });
}
