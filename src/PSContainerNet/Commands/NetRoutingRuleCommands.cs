using System.Management.Automation;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Routes;

namespace PSContainerNet.Commands;

/// <summary>Get-NetRoutingRule: ip rule show.</summary>
[Cmdlet(VerbsCommon.Get, "NetRoutingRule")]
[OutputType(typeof(NetRoutingRule))]
public sealed class GetNetRoutingRuleCommand : NamespaceQueryCmdlet
{
    /// <summary>Only the rules of this priority.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(0, int.MaxValue)]
    public int Priority { get; set; }

    [Parameter]
    public IPFamily AddressFamily { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, Namespace, ns =>
        WriteObject(RoutingRuleService.List(ns, IsBound(nameof(AddressFamily)) ? AddressFamily : null)
            .Where(r => !IsBound(nameof(Priority)) || r.Priority == Priority), enumerateCollection: true));
}

/// <summary>New-NetRoutingRule: ip rule add.</summary>
[Cmdlet(VerbsCommon.New, "NetRoutingRule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetRoutingRule))]
public sealed class NewNetRoutingRuleCommand : NamespaceScopedCmdlet
{
    [Parameter(Position = 0)]
    [ValidateRange(0, int.MaxValue)]
    public int Priority { get; set; }

    /// <summary>Source prefix to match (ip's from).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? From { get; set; }

    /// <summary>Destination prefix to match (ip's to).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? To { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? InInterface { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? OutInterface { get; set; }

    [Parameter]
    public uint FirewallMark { get; set; }

    [Parameter]
    public uint FirewallMask { get; set; }

    /// <summary>Applies the rule to what does not match the selector.</summary>
    [Parameter]
    public SwitchParameter Not { get; set; }

    [Parameter]
    public RoutingRuleAction Action { get; set; } = RoutingRuleAction.Table;

    /// <summary>The table to look up (Action Table); main (254) when not given.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Table { get; set; }

    /// <summary>The priority of the rule to jump to (Action Goto).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Goto { get; set; }

    [Parameter]
    public SwitchParameter L3mdev { get; set; }

    [Parameter]
    [ValidateRange(0, 128)]
    public int SuppressPrefixLength { get; set; }

    [Parameter]
    public IPFamily AddressFamily { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, From ?? To ?? Action.ToString(), ns =>
    {
        var spec = new RoutingRuleSpec
        {
            Family = IsBound(nameof(AddressFamily)) ? AddressFamily : null,
            Priority = IsBound(nameof(Priority)) ? Priority : null,
            From = From is null ? null : IPPrefix.Parse(From),
            To = To is null ? null : IPPrefix.Parse(To),
            InInterface = InInterface,
            OutInterface = OutInterface,
            FirewallMark = IsBound(nameof(FirewallMark)) ? FirewallMark : null,
            FirewallMask = IsBound(nameof(FirewallMask)) ? FirewallMask : null,
            Not = Not,
            Action = IsBound(nameof(Goto)) && !IsBound(nameof(Action)) ? RoutingRuleAction.Goto : Action,
            Table = IsBound(nameof(Table)) ? Table : null,
            Goto = IsBound(nameof(Goto)) ? Goto : null,
            L3mdev = L3mdev,
            SuppressPrefixLength = IsBound(nameof(SuppressPrefixLength)) ? SuppressPrefixLength : null,
        };
        if (ShouldProcess(ns.Description, "Add routing rule"))
        {
            WriteObject(RoutingRuleService.Add(ns, spec));
        }
    });
}

/// <summary>Remove-NetRoutingRule: ip rule del pref N. Rules from Get-NetRoutingRule pipe in.</summary>
[Cmdlet(VerbsCommon.Remove, "NetRoutingRule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetRoutingRuleCommand : NamespaceScopedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, int.MaxValue)]
    public int Priority { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public IPFamily AddressFamily { get; set; } = IPFamily.IPv4;

    protected override void ProcessRecord() => RunInNamespace(Namespace, Priority, ns =>
    {
        if (ShouldProcess(ns.Description, $"Remove {AddressFamily} routing rule {Priority}"))
        {
            RoutingRuleService.Remove(ns, new RoutingRuleSpec { Priority = Priority, Family = AddressFamily });
        }
    });
}
