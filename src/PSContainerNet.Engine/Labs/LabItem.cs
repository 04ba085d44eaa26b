using System.Globalization;
using PSContainerNet.Engine.TrafficControl;

namespace PSContainerNet.Engine.Labs;

/// <summary>What identifies a part of a lab: its kind, where it is and its name there.</summary>
internal readonly record struct LabItemKey(NetLabPart Part, string Where, string Name)
{
    public override string ToString() => $"{Part} {Where}/{Name}";
}

/// <summary>
/// A part of a lab, as a definition wants it or as it runs: its key, a value that differs when the part does (the
/// same text from either side), and how to make and unmake it. A part read from the running lab makes itself again
/// as it was (for rolling a change back). Parents are the parts it goes with: when one is made again, so is it.
/// </summary>
internal sealed record LabItem(LabItemKey Key, string Value, Action Make, Action Unmake)
{
    /// <summary>Whether Make changes an existing part to this value (a sysctl, STP); otherwise a change remakes the part.</summary>
    public bool InPlace { get; init; }

    public IReadOnlyList<LabItemKey> Parents { get; init; } = [];

    /// <summary>The nodes whose links the part is (their routes go when it goes).</summary>
    public IReadOnlyList<string> LinkOf { get; init; } = [];
}

/// <summary>Texts both sides of a comparison write the same way.</summary>
internal static class LabItemValues
{
    public static string Stp(bool on) => on ? "stp on" : "stp off";

    /// <summary>What an impairment does (bucket size and queue limits left out: they are derived when not given).</summary>
    public static string Impairment(ulong? rate, TimeSpan? delay, TimeSpan? jitter, double? loss, double? duplicate, double? reorder, double? corrupt)
    {
        var parts = new List<string>();
        if (rate is ulong r)
        {
            parts.Add("rate " + TcUnits.FormatRate(r / 8 * 8));
        }

        void Time(string name, TimeSpan? value)
        {
            if (value is TimeSpan t)
            {
                parts.Add($"{name} {t.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture)}ms");
            }
        }

        void Percent(string name, double? value)
        {
            if (value is double p)
            {
                parts.Add($"{name} {p.ToString("0.##", CultureInfo.InvariantCulture)}%");
            }
        }

        Time("delay", delay);
        Time("jitter", jitter);
        Percent("loss", loss);
        Percent("duplicate", duplicate);
        Percent("reorder", reorder);
        Percent("corrupt", corrupt);
        return string.Join(' ', parts);
    }

    public static string Impairment(ImpairmentSpec s) => Impairment(s.Rate, s.Delay, s.Jitter, s.Loss, s.Duplicate, s.Reorder, s.Corrupt);

    public static string Impairment(NetLinkImpairment i) => Impairment(i.Rate, i.Delay, i.Jitter, i.Loss, i.Duplicate, i.Reorder, i.Corrupt);

    /// <summary>A route's next hop, interface and metric; "*" where a definition leaves it to the kernel.</summary>
    public static string Route(string? gateway, string? device, int? metric) =>
        $"via {gateway ?? "-"} dev {device ?? "*"} metric {(metric is int m ? m.ToString(CultureInfo.InvariantCulture) : "*")}";

    /// <summary>Whether a running part's value is what the definition's asks for ("*" in a definition's value is any word).</summary>
    public static bool Matches(string wanted, string running)
    {
        if (wanted == running)
        {
            return true;
        }

        string[] want = wanted.Split(' '), have = running.Split(' ');
        return want.Length == have.Length && want.Zip(have).All(p => p.First == "*" || p.First == p.Second);
    }
}
