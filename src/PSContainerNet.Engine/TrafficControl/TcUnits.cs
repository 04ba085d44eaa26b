using System.Globalization;
using System.Text.RegularExpressions;

namespace PSContainerNet.Engine.TrafficControl;

/// <summary>tc's units: rates as 1mbit, 500kbit, 10gbit, 125kbps; times as 10ms, 1.5s, 250us.</summary>
public static partial class TcUnits
{
    private static readonly (string Unit, double Bits)[] RateUnits =
    [
        ("bit", 1), ("kbit", 1e3), ("mbit", 1e6), ("gbit", 1e9), ("tbit", 1e12),
        ("bps", 8), ("kbps", 8e3), ("mbps", 8e6), ("gbps", 8e9), ("tbps", 8e12),
    ];

    private static readonly (string Unit, double Microseconds)[] TimeUnits = [("us", 1), ("usec", 1), ("ms", 1e3), ("msec", 1e3), ("s", 1e6), ("sec", 1e6)];

    /// <summary>Bits per second from "1mbit" (a bare number is bits per second, as in tc).</summary>
    public static ulong ParseRate(string text)
    {
        var (value, unit) = Split(text, "rate");
        double bits = unit.Length == 0 ? 1 : RateUnits.FirstOrDefault(u => u.Unit == unit).Bits;
        if (bits == 0 || value * bits < 8 || value * bits > 8e12)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"'{text}' is not a rate from 8bit to 8tbit: give a number and bit, kbit, mbit, gbit (bits per second) or bps, kbps, mbps (bytes per second), as 1mbit", text);
        }

        return (ulong)Math.Round(value * bits);
    }

    /// <summary>A time from "10ms", "1.5s" or "250us" (a bare number is microseconds, as in tc).</summary>
    public static TimeSpan ParseTime(string text)
    {
        var (value, unit) = Split(text, "time");
        double microseconds = unit.Length == 0 ? 1 : TimeUnits.FirstOrDefault(u => u.Unit == unit).Microseconds;
        if (microseconds == 0 || value * microseconds > 3600e6)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"'{text}' is not a time up to an hour: give a number and us, ms or s, as 10ms", text);
        }

        return TimeSpan.FromTicks((long)Math.Round(value * microseconds * 10));
    }

    public static string FormatRate(ulong bits) =>
        bits >= 1_000_000_000 && bits % 1_000_000 == 0 ? $"{bits / 1e9:0.###}gbit"
        : bits >= 1_000_000 ? $"{bits / 1e6:0.###}mbit"
        : bits >= 1_000 ? $"{bits / 1e3:0.###}kbit"
        : $"{bits}bit";

    private static (double Value, string Unit) Split(string text, string what)
    {
        Match m = Quantity().Match(text.Trim().ToLowerInvariant());
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"'{text}' is not a {what}: a number and a unit, as {(what == "rate" ? "1mbit" : "10ms")}", text);
        }

        return (value, m.Groups[2].Value);
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*([a-z]*)$")]
    private static partial Regex Quantity();
}
