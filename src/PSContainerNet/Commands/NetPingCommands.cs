using System.Management.Automation;
using System.Net;
using PSContainerNet.Engine;
using PSContainerNet.Engine.Diagnostics;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Commands;

/// <summary>Test-NetPing: ICMP echo from inside a namespace, in process; no ping binary needed.</summary>
[Cmdlet(VerbsDiagnostic.Test, "NetPing")]
[OutputType(typeof(NetPingResult), typeof(bool))]
public sealed class TestNetPingCommand : NamespaceScopedCmdlet
{
    /// <summary>The IPv4 or IPv6 address to ping (names are not resolved).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("IPAddress", "TargetAddress")]
    [ValidateNotNullOrEmpty]
    public string Target { get; set; } = string.Empty;

    [Parameter]
    [ValidateRange(1, 10000)]
    public int Count { get; set; } = 3;

    /// <summary>How long to wait for each reply.</summary>
    [Parameter]
    [ValidateRange(1, 60000)]
    public int TimeoutMilliseconds { get; set; } = 1000;

    /// <summary>The pause between echo requests.</summary>
    [Parameter]
    [ValidateRange(0, 60000)]
    public int IntervalMilliseconds { get; set; } = 200;

    /// <summary>Returns only $true (some reply came) or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, Target, ns =>
    {
        IPAddress target = Reachability.ParseTarget(Target);
        var progress = new ProgressRecord(1, $"Pinging {target} from {ns.Description}", "Sending echo requests");
        int received = 0;
        Action<NetPingReply>? onReply = Count <= 3 ? null : reply =>
        {
            // Replies come on this thread, between the waits, so progress can be written as they do.
            received += reply.Status == "Success" ? 1 : 0;
            progress.PercentComplete = 100 * reply.Sequence / Count;
            progress.StatusDescription = $"{reply.Sequence} of {Count} sent, {received} replies";
            WriteProgress(progress);
        };
        NetPingResult result = NetPing.Send(ns, target, Count, TimeSpan.FromMilliseconds(TimeoutMilliseconds),
            TimeSpan.FromMilliseconds(IntervalMilliseconds), StopToken, onReply);
        if (onReply is not null)
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }

        WriteObject(Quiet ? result.Success : result);
    });
}

/// <summary>Test-NetTcpConnection: does a TCP connection from a namespace to address:port succeed?</summary>
[Cmdlet(VerbsDiagnostic.Test, "NetTcpConnection")]
[OutputType(typeof(NetTcpConnectionResult), typeof(bool))]
public sealed class TestNetTcpConnectionCommand : NamespaceScopedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("IPAddress", "TargetAddress")]
    [ValidateNotNullOrEmpty]
    public string Target { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    public int Port { get; set; }

    [Parameter]
    [ValidateRange(1, 60000)]
    public int TimeoutMilliseconds { get; set; } = 2000;

    /// <summary>Returns only $true or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, Target, ns =>
    {
        NetTcpConnectionResult result = TcpProbe.Connect(ns, Reachability.ParseTarget(Target), Port, TimeSpan.FromMilliseconds(TimeoutMilliseconds), StopToken);
        WriteObject(Quiet ? result.Success : result);
    });
}

internal static class Reachability
{
    internal static IPAddress ParseTarget(string target) =>
        IPAddress.TryParse(target, out IPAddress? address)
            ? address
            : throw new EngineException(EngineErrorKind.InvalidArgument,
                $"'{target}' is not an IP address; names are not resolved inside namespaces, give the address", target);
}
