using System.Management.Automation;
using PSContainerNet.Engine.Links;

namespace PSContainerNet.Commands;

/// <summary>The link and the alternative names both cmdlets take.</summary>
public abstract class LinkAlternativeNameCmdlet : NamedLinkCmdlet
{
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("AltName")]
    [ValidateNotNullOrEmpty]
    public string[] AlternativeName { get; set; } = [];
}

/// <summary>Add-NetLinkAlternativeName: ip link property add dev X altname NAME; all names or none.</summary>
[Cmdlet(VerbsCommon.Add, "NetLinkAlternativeName", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLink))]
public sealed class AddNetLinkAlternativeNameCommand : LinkAlternativeNameCmdlet
{
    /// <summary>Writes the link with its alternative names.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, Name, ns =>
    {
        if (ShouldProcess($"{Name} in {ns.Description}", $"Add alternative name(s) {string.Join(", ", AlternativeName)}"))
        {
            LinkService.AddAlternativeNames(ns, Name, AlternativeName);
            if (PassThru)
            {
                WriteObject(LinkService.Get(ns, Name));
            }
        }
    });
}

/// <summary>Remove-NetLinkAlternativeName: ip link property del dev X altname NAME.</summary>
[Cmdlet(VerbsCommon.Remove, "NetLinkAlternativeName", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class RemoveNetLinkAlternativeNameCommand : LinkAlternativeNameCmdlet
{
    protected override void ProcessRecord() => RunInNamespace(Namespace, Name, ns =>
    {
        if (ShouldProcess($"{Name} in {ns.Description}", $"Remove alternative name(s) {string.Join(", ", AlternativeName)}"))
        {
            LinkService.RemoveAlternativeNames(ns, Name, AlternativeName);
        }
    });
}
