using System.Net;

namespace PSContainerNet.Engine.Labs;

/// <summary>One path a lab test tried: from a node to an address of another, whether it answered, and why not.</summary>
public sealed class NetLabPath
{
    public required string Lab { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    public required string Target { get; init; }

    public bool Reachable { get; init; }

    /// <summary>What the matrix declared (null: all pairs are expected to reach each other).</summary>
    public bool? Expected { get; init; }

    /// <summary>The TCP port tried; null for an echo request (ping).</summary>
    public int? Port { get; init; }

    public string Protocol => Port is null ? "ICMP" : "TCP";

    /// <summary>How many times the path was tried (more than one with -Wait, until it passed or the time was up).</summary>
    public int Attempts { get; init; } = 1;

    public bool Passed => Reachable == (Expected ?? true);

    public double? RoundTripTime { get; init; }

    /// <summary>Why the target did not answer, in words; null when it did.</summary>
    public string? Reason { get; init; }

    public override string ToString() =>
        $"{From} -> {To} ({Target}{(Port is null ? string.Empty : $" TCP {Port}")}): {(Reachable ? "reachable" : "unreachable")}{(Reason is null ? string.Empty : " - " + Reason)}";
}

/// <summary>A pair to test, whether it should reach (null: yes), and the TCP port to try (null: ping).</summary>
public sealed record LabExpectation(string From, string To, bool? Reachable, int? Port = null);

/// <summary>Which of the target's addresses a lab test tries.</summary>
public enum LabAddressFamily
{
    IPv4,

    /// <summary>Global IPv6 addresses (not link-local ones).</summary>
    IPv6,

    All,
}

/// <summary>
/// Pings between a lab's nodes, and for each failure looks for the cause the way a person would: the target's link
/// down, no route, the egress link down or its peer elsewhere, a bridge port missing, a gateway that does not forward
/// or whose forward hook drops, no route back, rp_filter.
/// </summary>
public static class LabTester
{
    /// <summary>
    /// Tries every pair (or the matrix) on every address of the target in <paramref name="family"/>. With
    /// <paramref name="wait"/>, failing paths are tried again (every half second) until all pass or the time is up,
    /// and what never passed says so before its reason.
    /// </summary>
    public static IReadOnlyList<NetLabPath> Test(
        string lab, IReadOnlyList<LabExpectation>? matrix = null, Action<int, int, string>? progress = null,
        LabAddressFamily family = LabAddressFamily.IPv4, TimeSpan? wait = null, CancellationToken cancel = default)
    {
        NetLab found = LabService.Get(lab);
        var view = new LabView(found, family);
        var pairs = matrix?.ToList() ?? [.. from a in view.Names from b in view.Names where a != b select new LabExpectation(a, b, null)];
        foreach (LabExpectation pair in pairs)
        {
            foreach (string node in new[] { pair.From, pair.To }.Where(n => !view.Names.Contains(n)))
            {
                throw new EngineException(EngineErrorKind.InvalidArgument, $"lab '{lab}' has no node '{node}' (nodes: {string.Join(", ", view.Names)})", node);
            }

            if (pair.Port is < 1 or > 65535)
            {
                throw new EngineException(EngineErrorKind.InvalidArgument, $"port {pair.Port} of {pair.From} -> {pair.To} is out of range; use 1-65535", pair.Port);
            }
        }

        // A target the sender has itself (host-local addresses repeat across engines) would answer from the sender.
        var probes = pairs.SelectMany(p =>
        {
            var own = view.AddressesOf(p.From).ToHashSet();
            return view.AddressesOf(p.To).Where(a => !own.Contains(a)).Select(a => (Pair: p, Target: a));
        }).ToList();
        var outcomes = new (bool Reachable, double? Time, string? TcpError)[probes.Count];
        var attempts = new int[probes.Count];
        bool Passed(int i) => outcomes[i].Reachable == (probes[i].Pair.Reachable ?? true);
        void Try(int i)
        {
            var (pair, target) = probes[i];
            outcomes[i] = view.Probe(pair.From, target, pair.Port);
            attempts[i]++;
        }

        for (int i = 0; i < probes.Count; i++)
        {
            progress?.Invoke(i + 1, probes.Count, $"{probes[i].Pair.From} -> {probes[i].Pair.To} ({probes[i].Target})");
            Try(i);
        }

        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.Zero);
        while (wait is not null && Enumerable.Range(0, probes.Count).Any(i => !Passed(i)) && DateTime.UtcNow < deadline)
        {
            cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500));
            cancel.ThrowIfCancellationRequested();
            var failing = Enumerable.Range(0, probes.Count).Where(i => !Passed(i)).ToList();
            progress?.Invoke(probes.Count - failing.Count, probes.Count, $"waiting for {failing.Count} path(s) to converge");
            failing.ForEach(Try);
        }

        return probes.Select((p, i) =>
        {
            var (reachable, time, tcpError) = outcomes[i];
            string? reason = reachable ? null : view.WhyNot(p.Pair.From, p.Target, p.Pair.Port, tcpError);
            if (wait is not null && !Passed(i))
            {
                reason = $"did not converge within {wait.Value.TotalSeconds:0.#} s ({attempts[i]} attempts){(reason is null ? string.Empty : ": " + reason)}";
            }

            return new NetLabPath
            {
                Lab = lab,
                From = p.Pair.From,
                To = p.Pair.To,
                Target = p.Target.ToString(),
                Port = p.Pair.Port,
                Reachable = reachable,
                Expected = p.Pair.Reachable,
                RoundTripTime = time,
                Attempts = attempts[i],
                Reason = reason,
            };
        }).ToList();
    }
}
