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
    private const int NetemQoptLength = 24;
    private const uint NetemDefaultLimit = 1000;

    private static readonly Lazy<double> TicksPerMicrosecond = new(ReadPsched);

    /// <summary>netem's TCA_OPTIONS: struct tc_netem_qopt, then reorder, corrupt and rate as tc sends them.</summary>
    public static byte[] Netem(ImpairmentSpec spec)
    {
        var options = new List<byte>();
        uint gap = spec.Reorder is > 0 ? 1u : 0u; // tc: reordering every packet after the first, unless a gap is given
        foreach (uint field in new[]
        {
            Ticks(spec.Delay), spec.Limit ?? NetemDefaultLimit, Share(spec.Loss), gap, Share(spec.Duplicate), Ticks(spec.Jitter),
        })
        {
            AppendU32(options, field);
        }

        if (spec.Reorder is > 0)
        {
            Attribute(options, TCA_NETEM_REORDER, [Share(spec.Reorder), 0]);
        }

        if (spec.Corrupt is > 0)
        {
            Attribute(options, TCA_NETEM_CORRUPT, [Share(spec.Corrupt), 0]);
        }

        if (spec.Rate is ulong bits)
        {
            ulong bytes = bits / 8;
            Attribute(options, TCA_NETEM_RATE, [(uint)Math.Min(bytes, uint.MaxValue), 0, 0, 0]);
            if (bytes >= uint.MaxValue)
            {
                var rate64 = new byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(rate64, bytes);
                AttributeBytes(options, TCA_NETEM_RATE64, rate64);
            }
        }

        return [.. options];
    }

    /// <summary>tbf's TCA_OPTIONS (nested): struct tc_tbf_qopt, the burst, the rate table (and RATE64 beyond 4 GB/s).</summary>
    public static void Tbf(NetlinkRequest request, ulong bits, uint burst, uint limit)
    {
        ulong bytes = bits / 8;
        uint rate32 = (uint)Math.Min(bytes, uint.MaxValue);
        const byte cellLog = 3; // tc's for an MTU of 2047 bytes: 256 cells of 8 bytes
        var qopt = new byte[36]; // struct tc_tbf_qopt: rate, peakrate (12 bytes each), limit, buffer, mtu
        qopt[0] = cellLog;
        qopt[1] = 1; // TC_LINKLAYER_ETHERNET
        BinaryPrimitives.WriteInt16LittleEndian(qopt.AsSpan(4), -1); // cell_align
        BinaryPrimitives.WriteUInt32LittleEndian(qopt.AsSpan(8), rate32);
        BinaryPrimitives.WriteUInt32LittleEndian(qopt.AsSpan(24), limit);
        BinaryPrimitives.WriteUInt32LittleEndian(qopt.AsSpan(28), TransmitTicks(bytes, burst));
        int options = request.BeginNested(TCA_OPTIONS);
        request.Attr(TCA_TBF_PARMS, qopt);
        if (bytes >= uint.MaxValue)
        {
            var rate64 = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(rate64, bytes);
            request.Attr(TCA_TBF_RATE64, rate64);
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
        ReadOnlySpan<byte> options = data.Span;
        if (kind == "netem" && options.Length >= NetemQoptLength)
        {
            var attributes = NetlinkAttributes.Parse(data[NetemQoptLength..]);
            uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(data.Span[offset..]);
            TimeSpan? Nanoseconds(ushort type) => attributes.Bytes(type) is { Length: 8 } v ? TimeSpan.FromTicks(BinaryPrimitives.ReadInt64LittleEndian(v.Span) / 100) : null;
            double? Percent(uint share) => share == 0 ? null : Math.Round(share * 100.0 / uint.MaxValue, 6);
            double? PercentAttr(ushort type) => attributes.Bytes(type) is { Length: >= 4 } v ? Percent(BinaryPrimitives.ReadUInt32LittleEndian(v.Span)) : null;
            ulong? rate = attributes.Bytes(TCA_NETEM_RATE64) is { Length: 8 } r64 ? BinaryPrimitives.ReadUInt64LittleEndian(r64.Span) * 8
                : attributes.Bytes(TCA_NETEM_RATE) is { Length: >= 4 } r && BinaryPrimitives.ReadUInt32LittleEndian(r.Span) is uint r32 and > 0 ? (ulong)r32 * 8 : null;
            TimeSpan? delay = Nanoseconds(TCA_NETEM_LATENCY64) ?? FromTicks(U32(0));
            TimeSpan? jitter = Nanoseconds(TCA_NETEM_JITTER64) ?? FromTicks(U32(20));
            return new NetLinkImpairment
            {
                Name = link, Namespace = ns, Kind = kind, Limit = U32(4), Rate = rate,
                Delay = delay == TimeSpan.Zero ? null : delay, Jitter = jitter == TimeSpan.Zero ? null : jitter,
                Loss = Percent(U32(8)), Duplicate = Percent(U32(16)), Reorder = PercentAttr(TCA_NETEM_REORDER), Corrupt = PercentAttr(TCA_NETEM_CORRUPT),
            };
        }

        if (kind == "tbf")
        {
            var attributes = NetlinkAttributes.Parse(data);
            if (attributes.Bytes(TCA_TBF_PARMS) is not { Length: >= 36 } parms)
            {
                return null;
            }

            ReadOnlySpan<byte> q = parms.Span;
            ulong bytes = attributes.Bytes(TCA_TBF_RATE64) is { Length: 8 } r64 ? BinaryPrimitives.ReadUInt64LittleEndian(r64.Span) : BinaryPrimitives.ReadUInt32LittleEndian(q[8..]);
            uint buffer = BinaryPrimitives.ReadUInt32LittleEndian(q[28..]);
            return new NetLinkImpairment
            {
                Name = link, Namespace = ns, Kind = kind, Rate = bytes * 8, Limit = BinaryPrimitives.ReadUInt32LittleEndian(q[24..]),
                Burst = (uint)Math.Round(buffer / TicksPerMicrosecond.Value * bytes / 1e6),
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

    private static void AppendU32(List<byte> bytes, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        bytes.AddRange(b.ToArray());
    }

    private static void Attribute(List<byte> bytes, ushort type, uint[] fields)
    {
        var payload = new byte[fields.Length * 4];
        for (int i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(i * 4), fields[i]);
        }

        AttributeBytes(bytes, type, payload);
    }

    private static void AttributeBytes(List<byte> bytes, ushort type, byte[] payload)
    {
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)(4 + payload.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], type);
        bytes.AddRange(header.ToArray());
        bytes.AddRange(payload);
        bytes.AddRange(new byte[(4 - payload.Length % 4) % 4]);
    }
}
