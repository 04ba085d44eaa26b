using System.Management.Automation;
using PSContainerNet.Engine.Labs;
using PSContainerNet.Engine.Links;

namespace PSContainerNet.Commands;

/// <summary>What Disable- and Enable-NetLabLink share: the lab, its links by lab name, -PassThru.</summary>
public abstract class NetLabLinkCmdlet : NetLabPartCmdlet
{
    /// <summary>Links by their lab name, NODE:LINK (box1:eth0).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string[] Link { get; set; } = [];

    /// <summary>Writes each link as the kernel now reports it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected void SetLinks(bool up) => ForEachPart(Link, up ? "Bring the link up" : "Take the link down", link =>
    {
        NetLink changed = LabFaults.SetLink(Name, link, up);
        if (PassThru)
        {
            WriteObject(changed);
        }
    });
}

/// <summary>Disable-NetLabLink: a lab link down by its lab name (a fault: Test-NetLab then says what it breaks).</summary>
[Cmdlet(VerbsLifecycle.Disable, "NetLabLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLink))]
public sealed class DisableNetLabLinkCommand : NetLabLinkCmdlet
{
    protected override void ProcessRecord() => SetLinks(up: false);
}

/// <summary>Enable-NetLabLink: a lab link back up by its lab name.</summary>
[Cmdlet(VerbsLifecycle.Enable, "NetLabLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLink))]
public sealed class EnableNetLabLinkCommand : NetLabLinkCmdlet
{
    protected override void ProcessRecord() => SetLinks(up: true);
}
