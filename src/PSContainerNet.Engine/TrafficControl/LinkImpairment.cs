namespace PSContainerNet.Engine.TrafficControl;

/// <summary>
/// What Set-NetLinkImpairment puts on a link's egress: a rate (token bucket, tbf) and, for netem, delay, jitter, loss,
/// duplication, reordering and corruption. Percentages are 0-100.
/// </summary>
public sealed record ImpairmentSpec
{
    /// <summary>Bits per second.</summary>
    public ulong? Rate { get; init; }

    /// <summary>Bytes the bucket holds (tbf); enough for 10 ms at the rate, two full frames at least, when not given.</summary>
    public uint? Burst { get; init; }

    public TimeSpan? Delay { get; init; }

    public TimeSpan? Jitter { get; init; }

    public double? Loss { get; init; }

    public double? Duplicate { get; init; }

    public double? Reorder { get; init; }

    public double? Corrupt { get; init; }

    /// <summary>Packets netem queues (1000), or bytes tbf queues (50 ms at the rate plus the burst).</summary>
    public uint? Limit { get; init; }

    /// <summary>Whether netem is needed: anything but a rate (a rate alone is tbf's, which every kernel has).</summary>
    public bool NeedsNetem => Delay is not null || Jitter is not null || Loss is not null || Duplicate is not null || Reorder is not null || Corrupt is not null;
}

/// <summary>A link's impairment as the kernel reports its root qdisc (tc qdisc show).</summary>
public sealed class NetLinkImpairment
{
    public required string Name { get; init; }

    public string? Namespace { get; init; }

    /// <summary>netem or tbf.</summary>
    public required string Kind { get; init; }

    /// <summary>Bits per second (tbf's rate, or netem's).</summary>
    public ulong? Rate { get; init; }

    public uint? Burst { get; init; }

    public uint? Limit { get; init; }

    public TimeSpan? Delay { get; init; }

    public TimeSpan? Jitter { get; init; }

    public double? Loss { get; init; }

    public double? Duplicate { get; init; }

    public double? Reorder { get; init; }

    public double? Corrupt { get; init; }

    /// <summary>The link's name, for cmdlets that take -InterfaceAlias.</summary>
    public string InterfaceAlias => Name;

    public override string ToString() => $"{Name}: {Kind}{(Rate is ulong r ? " rate " + TcUnits.FormatRate(r) : string.Empty)}{(Delay is TimeSpan d ? $" delay {d.TotalMilliseconds:0.###}ms" : string.Empty)}";
}
