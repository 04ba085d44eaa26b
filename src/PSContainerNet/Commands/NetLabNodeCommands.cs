using System.Management.Automation;
using PSContainerNet.Engine.Labs;

namespace PSContainerNet.Commands;

/// <summary>What Stop- and Start-NetLabNode share: the lab and its nodes by their names in the lab.</summary>
public abstract class NetLabNodeCmdlet : NetLabPartCmdlet
{
    /// <summary>The nodes, by their names in the lab.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string[] Node { get; set; } = [];
}

/// <summary>Stop-NetLabNode: a lab node stopped with its wiring kept (its links down, or its container stopped).</summary>
[Cmdlet(VerbsLifecycle.Stop, "NetLabNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class StopNetLabNodeCommand : NetLabNodeCmdlet
{
    /// <summary>Seconds a container node gets to end before it is killed (docker stop -t; 10).</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int TimeoutSeconds { get; set; } = 10;

    protected override void ProcessRecord() => ForEachPart(Node, "Stop the node", node => LabNodeControl.Stop(Name, node, TimeoutSeconds));
}

/// <summary>Start-NetLabNode: a stopped lab node started again (its links back up, or its container started).</summary>
[Cmdlet(VerbsLifecycle.Start, "NetLabNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLabNode))]
public sealed class StartNetLabNodeCommand : NetLabNodeCmdlet
{
    /// <summary>Writes each node as it is now.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ForEachPart(Node, "Start the node", node =>
    {
        NetLabNode started = LabNodeControl.Start(Name, node);
        if (PassThru)
        {
            WriteObject(started);
        }
    });
}
