using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.TrafficControl;

/// <summary>struct tcmsg, the header of RTM_*QDISC messages.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcMsg
{
    public byte Family;
    public byte Pad1;
    public ushort Pad2;
    public int Index;
    public uint Handle;
    public uint Parent;
    public uint Info;
}

/// <summary>struct tc_netem_qopt, the head of netem's options; times in ticks, fractions as shares of UINT32_MAX.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcNetemQopt
{
    public uint Latency;
    public uint Limit;
    public uint Loss;
    public uint Gap;
    public uint Duplicate;
    public uint Jitter;
}

/// <summary>struct tc_netem_reorder and tc_netem_corrupt: a probability and its correlation.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcNetemProbability
{
    public uint Probability;
    public uint Correlation;
}

/// <summary>struct tc_netem_rate: bytes per second and the per-packet and per-cell overheads.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcNetemRate
{
    public uint Rate;
    public int PacketOverhead;
    public uint CellSize;
    public int CellOverhead;
}

/// <summary>struct tc_ratespec.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcRateSpec
{
    public byte CellLog;
    public byte LinkLayer;
    public ushort Overhead;
    public short CellAlign;
    public ushort Mpu;
    public uint Rate;
}

/// <summary>struct tc_tbf_qopt: rate, peak rate, then limit and buffer (ticks) and mtu.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcTbfQopt
{
    public TcRateSpec Rate;
    public TcRateSpec PeakRate;
    public uint Limit;
    public uint Buffer;
    public uint Mtu;
}

/// <summary>
/// The qdisc options netem and tbf take, laid out as iproute2's tc writes them (checked byte for byte against tc
/// under strace), and read back from the kernel's dumps. Times go in psched ticks (/proc/net/psched), fractions of
/// one as a share of UINT32_MAX rounded to even, rates in bytes per second.
/// </summary>
internal static class QdiscWire
{
    public const ushort RTM_NEWQDISC = 36;
    public const ushort RTM_DELQDISC = 37;
    public const ushort RTM_GETQDISC = 38;
    public const uint TC_H_ROOT = 0xFFFFFFFF;
    public const ushort TCA_KIND = 1;
    public const ushort TCA_OPTIONS = 2;

    private const ushort TCA_NETEM_REORDER = 3;
    private const ushort TCA_NETEM_CORRUPT = 4;
    private const ushort TCA_NETEM_RATE = 6;
    private const ushort TCA_NETEM_RATE64 = 8;
    private const ushort TCA_NETEM_LATENCY64 = 10;
    private const ushort TCA_NETEM_JITTER64 = 11;
    private const ushort TCA_TBF_PARMS = 1;
    private const ushort TCA_TBF_RTAB = 2;
    private const ushort TCA_TBF_RATE64 = 4;
    private const ushort TCA_TBF_BURST = 6;
    private const uint NetemDefaultLimit = 1000;

    private static readonly Lazy<double> TicksPerMicrosecond = new(ReadPsched);

    /// <summary>netem's TCA_OPTIONS: struct tc_netem_qopt, then reorder, corrupt and rate as tc sends them.</summary>
    public static void Netem(NetlinkRequest request, ImpairmentSpec spec)
    {
        int options = request.BeginNested(TCA_OPTIONS);
        request.Header(new TcNetemQopt
        {
            Latency = Ticks(spec.Delay),
            Limit = spec.Limit ?? NetemDefaultLimit,
            Loss = Share(spec.Loss),
            Gap = spec.Reorder is > 0 ? 1u : 0u, // tc: reordering every packet after the first, unless a gap is given
            Duplicate = Share(spec.Duplicate),
            Jitter = Ticks(spec.Jitter),
        });
        if (spec.Reorder is > 0)
        {
            request.AttrStruct(TCA_NETEM_REORDER, new TcNetemProbability { Probability = Share(spec.Reorder) });
        }

        if (spec.Corrupt is > 0)
        {
            request.AttrStruct(TCA_NETEM_CORRUPT, new TcNetemProbability { Probability = Share(spec.Corrupt) });
        }

        if (spec.Rate is ulong bits)
        {
            ulong bytes = bits / 8;
            request.AttrStruct(TCA_NETEM_RATE, new TcNetemRate { Rate = (uint)Math.Min(bytes, uint.MaxValue) });
            if (bytes >= uint.MaxValue)
            {
                request.AttrStruct(TCA_NETEM_RATE64, bytes);
            }
        }

        request.EndNested(options);
    }

    /// <summary>tbf's TCA_OPTIONS (nested): struct tc_tbf_qopt, the burst, the rate table (and RATE64 beyond 4 GB/s).</summary>
    public static void Tbf(NetlinkRequest request, ulong bits, uint burst, uint limit)
    {
        ulong bytes = bits / 8;
        const byte cellLog = 3; // tc's for an MTU of 2047 bytes: 256 cells of 8 bytes
        var qopt = new TcTbfQopt
        {
            Rate = new TcRateSpec { CellLog = cellLog, LinkLayer = 1 /* TC_LINKLAYER_ETHERNET */, CellAlign = -1, Rate = (uint)Math.Min(bytes, uint.MaxValue) },
            Limit = limit,
            Buffer = TransmitTicks(bytes, burst),
        };
        int options = request.BeginNested(TCA_OPTIONS);
        request.AttrStruct(TCA_TBF_PARMS, qopt);
        if (bytes >= uint.MaxValue)
        {
            request.AttrStruct(TCA_TBF_RATE64, bytes);
        }

        request.AttrU32(TCA_TBF_BURST, burst);
        var table = new byte[256 * 4];
        for (int i = 0; i < 256; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(i * 4), TransmitTicks(bytes, (uint)((i + 1) << cellLog)));
        }

        request.Attr(TCA_TBF_RTAB, table);
        request.EndNested(options);
    }

    /// <summary>A root qdisc from the kernel's dump, when it is netem or tbf; null for any other kind.</summary>
    public static NetLinkImpairment? Read(string link, string? ns, string kind, ReadOnlyMemory<byte> data)
    {
        int qoptLength = Marshal.SizeOf<TcNetemQopt>();
        if (kind == "netem" && data.Length >= qoptLength)
        {
            TcNetemQopt q = MemoryMarshal.Read<TcNetemQopt>(data.Span);
            var attributes = NetlinkAttributes.Parse(data[qoptLength..]);
            TimeSpan? Nanoseconds(ushort type) => attributes.Bytes(type) is { Length: 8 } v ? TimeSpan.FromTicks(MemoryMarshal.Read<long>(v.Span) / 100) : null;
            double? Percent(uint share) => share == 0 ? null : Math.Round(share * 100.0 / uint.MaxValue, 6);
            double? Probability(ushort type) => attributes.Bytes(type) is { Length: >= 8 } v ? Percent(MemoryMarshal.Read<TcNetemProbability>(v.Span).Probability) : null;
            ulong? rate = attributes.Bytes(TCA_NETEM_RATE64) is { Length: 8 } r64 ? MemoryMarshal.Read<ulong>(r64.Span) * 8
                : attributes.Bytes(TCA_NETEM_RATE) is { Length: >= 16 } r && MemoryMarshal.Read<TcNetemRate>(r.Span).Rate is uint r32 and > 0 ? (ulong)r32 * 8 : null;
            TimeSpan? delay = Nanoseconds(TCA_NETEM_LATENCY64) ?? FromTicks(q.Latency);
            TimeSpan? jitter = Nanoseconds(TCA_NETEM_JITTER64) ?? FromTicks(q.Jitter);
            return new NetLinkImpairment
            {
                Name = link, Namespace = ns, Kind = kind, Limit = q.Limit, Rate = rate,
                Delay = delay == TimeSpan.Zero ? null : delay, Jitter = jitter == TimeSpan.Zero ? null : jitter,
                Loss = Percent(q.Loss), Duplicate = Percent(q.Duplicate), Reorder = Probability(TCA_NETEM_REORDER), Corrupt = Probability(TCA_NETEM_CORRUPT),
            };
        }

        if (kind == "tbf" && NetlinkAttributes.Parse(data) is var tbf && tbf.Bytes(TCA_TBF_PARMS) is { } parms && parms.Length >= Marshal.SizeOf<TcTbfQopt>())
        {
            TcTbfQopt q = MemoryMarshal.Read<TcTbfQopt>(parms.Span);
            ulong bytes = tbf.Bytes(TCA_TBF_RATE64) is { Length: 8 } r64 ? MemoryMarshal.Read<ulong>(r64.Span) : q.Rate.Rate;
            return new NetLinkImpairment
            {
                Name = link, Namespace = ns, Kind = kind, Rate = bytes * 8, Limit = q.Limit,
                Burst = (uint)Math.Round(q.Buffer / TicksPerMicrosecond.Value * bytes / 1e6),
            };
        }

        return null;
    }

    /// <summary>tc's tc_calc_xmittime: how long SIZE bytes take at the rate, in ticks (truncated twice, as tc does).</summary>
    private static uint TransmitTicks(ulong bytesPerSecond, uint size) =>
        (uint)((uint)(1e6 * ((double)size / bytesPerSecond)) * TicksPerMicrosecond.Value);

    private static uint Ticks(TimeSpan? time) =>
        time is TimeSpan t ? (uint)Math.Min((uint)(t.Ticks / 10) * TicksPerMicrosecond.Value, uint.MaxValue) : 0;

    private static TimeSpan? FromTicks(uint ticks) => TimeSpan.FromTicks((long)Math.Round(ticks / TicksPerMicrosecond.Value * 10));

    /// <summary>A percentage as netem's share of UINT32_MAX, rounded to even as tc's rint does.</summary>
    private static uint Share(double? percent) => percent is double p ? (uint)Math.Round(p / 100 * uint.MaxValue, MidpointRounding.ToEven) : 0;

    /// <summary>tc's tick_in_usec from /proc/net/psched (t2us, us2t, clock resolution).</summary>
    private static double ReadPsched()
    {
        string[] fields = File.ReadAllText("/proc/net/psched").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        uint t2us = uint.Parse(fields[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        uint us2t = uint.Parse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        uint clockResolution = uint.Parse(fields[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (clockResolution == 1_000_000_000)
        {
            t2us = us2t; // the kernel's compatibility hack for nanosecond clocks, undone as tc undoes it
        }

        return (double)t2us / us2t * (clockResolution / 1e6);
    }
}
