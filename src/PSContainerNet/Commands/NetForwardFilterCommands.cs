using System.Management.Automation;
using PSContainerNet.Engine.Nftables;

namespace PSContainerNet.Commands;

/// <summary>Get-NetForwardFilter: why forwarded or bridged lab traffic is (not) passing, and what to do.</summary>
[Cmdlet(VerbsCommon.Get, "NetForwardFilter")]
[OutputType(typeof(ForwardFilterReport))]
public sealed class GetNetForwardFilterCommand : NamespaceQueryCmdlet
{
    protected override void ProcessRecord() => RunInNamespace(Namespace, Namespace, ns =>
    {
        ForwardFilterReport report = ForwardFilter.Inspect(ns);
        if (report.DropsBridgedTraffic)
        {
            WriteWarning($"Traffic between bridge ports in {ns.Description} is dropped by {string.Join(", ", report.DropChains)}; see the report's Advice.");
        }

        WriteObject(report);
    });
}
