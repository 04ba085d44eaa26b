using System.Management.Automation;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Commands;

/// <summary>New-MacvlanLink: a macvlan on a parent link (never needs a bridge).</summary>
[Cmdlet(VerbsCommon.New, "MacvlanLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLink))]
public sealed class NewMacvlanLinkCommand : NewLinkCommandBase
{
    [Parameter(Mandatory = true, Position = 1)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Parent { get; set; } = string.Empty;

    [Parameter]
    public MacvlanMode Mode { get; set; } = MacvlanMode.Bridge;

    protected override string KindDescription => $"macvlan ({Mode.ToString().ToLowerInvariant()} on {Parent})";

    protected override IEnumerable<NetLink> Create(NamespaceHandle ns) => [LinkService.NewMacvlan(ns, Name, Parent, Mode, Options)];
}

/// <summary>Set-MacvlanLink: changes a macvlan's mode in place (ip link set M type macvlan mode MODE).</summary>
[Cmdlet(VerbsCommon.Set, "MacvlanLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLink))]
public sealed class SetMacvlanLinkCommand : SetLinkCommandBase
{
    [Parameter(Mandatory = true, Position = 1)]
    public MacvlanMode Mode { get; set; }

    protected override LinkSettings Settings() => new() { MacvlanMode = Mode };

    protected override string Describe() => $"macvlan mode {Mode.ToString().ToLowerInvariant()}";
}

/// <summary>New-IpvlanLink: an ipvlan on a parent link (shares the parent's MAC).</summary>
[Cmdlet(VerbsCommon.New, "IpvlanLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLink))]
public sealed class NewIpvlanLinkCommand : NewLinkCommandBase
{
    [Parameter(Mandatory = true, Position = 1)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Parent { get; set; } = string.Empty;

    [Parameter]
    public IpvlanMode Mode { get; set; } = IpvlanMode.L2;

    [Parameter]
    public IpvlanIsolation Isolation { get; set; } = IpvlanIsolation.Bridge;

    protected override string KindDescription => $"ipvlan ({Mode} on {Parent})";

    protected override IEnumerable<NetLink> Create(NamespaceHandle ns) => [LinkService.NewIpvlan(ns, Name, Parent, Mode, Isolation, Options)];
}
