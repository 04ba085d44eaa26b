using System.Management.Automation;
using PSContainerNet.Engine.TrafficControl;

namespace PSContainerNet.Commands;

/// <summary>Get-NetLinkImpairment: tc qdisc show, for the root qdiscs that impair links (netem, tbf).</summary>
[Cmdlet(VerbsCommon.Get, "NetLinkImpairment")]
[OutputType(typeof(NetLinkImpairment))]
public sealed class GetNetLinkImpairmentCommand : NamespaceQueryCmdlet
{
    /// <summary>Only this link's impairment (none is no error: nothing is written).</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? Name { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, Name ?? Namespace, ns =>
        WriteObject(Name is null ? ImpairmentService.List(ns) : [.. new[] { ImpairmentService.Get(ns, Name) }.OfType<NetLinkImpairment>()], enumerateCollection: true));
}

/// <summary>
/// Set-NetLinkImpairment: tc qdisc replace dev LINK root tbf (a rate alone) or netem (delay, jitter, loss, duplicate,
/// reorder, corrupt, and a rate beside them).
/// </summary>
[Cmdlet(VerbsCommon.Set, "NetLinkImpairment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLinkImpairment))]
public sealed class SetNetLinkImpairmentCommand : NamedLinkCmdlet
{
    /// <summary>A rate as tc writes it: 1mbit, 500kbit, 10gbit, 125kbps.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Rate { get; set; }

    /// <summary>Bytes the token bucket holds (a rate alone).</summary>
    [Parameter]
    [ValidateRange(64, int.MaxValue)]
    public int? Burst { get; set; }

    /// <summary>A delay as tc writes it: 10ms, 1.5s, 250us.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Delay { get; set; }

    /// <summary>How much the delay varies either way: 2ms.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Jitter { get; set; }

    /// <summary>Percent of packets dropped.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0.0, 100.0)]
    public double? Loss { get; set; }

    /// <summary>Percent of packets sent twice.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0.0, 100.0)]
    public double? Duplicate { get; set; }

    /// <summary>Percent of packets sent at once while the others wait the delay (needs -Delay).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0.0, 100.0)]
    public double? Reorder { get; set; }

    /// <summary>Percent of packets with a bit flipped.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0.0, 100.0)]
    public double? Corrupt { get; set; }

    /// <summary>Packets netem queues (1000), or bytes the token bucket queues (50 ms at the rate plus the burst).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Limit { get; set; }

    /// <summary>Writes the impairment as the kernel now reports it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, Name, ns =>
    {
        var spec = new ImpairmentSpec
        {
            Rate = Rate is null ? null : TcUnits.ParseRate(Rate),
            Burst = (uint?)Burst,
            Delay = Delay is null ? null : TcUnits.ParseTime(Delay),
            Jitter = Jitter is null ? null : TcUnits.ParseTime(Jitter),
            Loss = Loss, Duplicate = Duplicate, Reorder = Reorder, Corrupt = Corrupt,
            Limit = (uint?)Limit,
        };
        string what = string.Join(' ', new[]
        {
            Rate is null ? null : "rate " + Rate, Delay is null ? null : "delay " + Delay + (Jitter is null ? string.Empty : " " + Jitter),
            Loss is null ? null : $"loss {Loss}%", Duplicate is null ? null : $"duplicate {Duplicate}%", Reorder is null ? null : $"reorder {Reorder}%",
            Corrupt is null ? null : $"corrupt {Corrupt}%",
        }.OfType<string>());
        if (ShouldProcess($"{Name} in {ns.Description}", $"Impair with {(spec.NeedsNetem ? "netem" : "tbf")} {what}"))
        {
            NetLinkImpairment impairment = ImpairmentService.Set(ns, Name, spec);
            if (PassThru)
            {
                WriteObject(impairment);
            }
        }
    });
}

/// <summary>Remove-NetLinkImpairment: tc qdisc del dev LINK root; the link gets its default qdisc back.</summary>
[Cmdlet(VerbsCommon.Remove, "NetLinkImpairment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class RemoveNetLinkImpairmentCommand : NamedLinkCmdlet
{
    protected override void ProcessRecord() => RunInNamespace(Namespace, Name, ns =>
    {
        if (ShouldProcess($"{Name} in {ns.Description}", "Remove the impairment"))
        {
            ImpairmentService.Remove(ns, Name);
        }
    });
}
