using System.Buffers.Binary;
using System.Net;
using System.Numerics;
using System.Text;

namespace PSContainerNet.Engine.Netlink;

/// <summary>Parsed attributes of one level, by type; nested ones are parsed on demand.</summary>
public sealed class NetlinkAttributes
{
    private const ushort TypeMask = 0x3fff; // strips NLA_F_NESTED and NLA_F_NET_BYTEORDER
    private readonly Dictionary<ushort, ReadOnlyMemory<byte>> _values = new();

    public static NetlinkAttributes Parse(ReadOnlyMemory<byte> data)
    {
        var result = new NetlinkAttributes();
        foreach (var (type, payload) in Sequence(data))
        {
            result._values[type] = payload;
        }

        return result;
    }

    /// <summary>Every attribute in order, repeats included (nested lists such as NFTA_LIST_ELEM).</summary>
    public static IEnumerable<(ushort Type, ReadOnlyMemory<byte> Payload)> Sequence(ReadOnlyMemory<byte> data)
    {
        int offset = 0;
        while (offset + 4 <= data.Length)
        {
            int len = BinaryPrimitives.ReadUInt16LittleEndian(data.Span[offset..]);
            ushort type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(data.Span[(offset + 2)..]) & TypeMask);
            if (len < 4 || offset + len > data.Length)
            {
                yield break;
            }

            yield return (type, data.Slice(offset + 4, len - 4));
            offset += NetlinkRequest.Align(len);
        }
    }

    /// <summary>Finds the first attribute of a type by walking the wire format (no dictionary, no copies).</summary>
    public static bool TryFind(ReadOnlySpan<byte> data, ushort type, out ReadOnlySpan<byte> value)
    {
        int offset = 0;
        while (offset + 4 <= data.Length)
        {
            int len = BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);
            if (len < 4 || offset + len > data.Length)
            {
                break;
            }

            if ((BinaryPrimitives.ReadUInt16LittleEndian(data[(offset + 2)..]) & TypeMask) == type)
            {
                value = data.Slice(offset + 4, len - 4);
                return true;
            }

            offset += NetlinkRequest.Align(len);
        }

        value = default;
        return false;
    }

    /// <summary>A string attribute's text, up to its NUL.</summary>
    internal static string Text(ReadOnlySpan<byte> value)
    {
        int nul = value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? value[..nul] : value);
    }

    public bool Has(ushort type) => _values.ContainsKey(type);

    public ReadOnlyMemory<byte>? Bytes(ushort type) => _values.TryGetValue(type, out var v) ? v : null;

    public NetlinkAttributes? Nested(ushort type) => _values.TryGetValue(type, out var v) ? Parse(v) : null;

    public string? String(ushort type)
    {
        if (!_values.TryGetValue(type, out var v))
        {
            return null;
        }

        return Text(v.Span);
    }

    public uint? U32(ushort type) => Integer<uint>(type, bigEndian: false);

    public int? S32(ushort type) => Integer<int>(type, bigEndian: false);

    public ushort? U16(ushort type) => Integer<ushort>(type, bigEndian: false);

    public ushort? U16BigEndian(ushort type) => Integer<ushort>(type, bigEndian: true);

    public uint? U32BigEndian(ushort type) => Integer<uint>(type, bigEndian: true);

    public ulong? U64BigEndian(ushort type) => Integer<ulong>(type, bigEndian: true);

    public byte? U8(ushort type) => _values.TryGetValue(type, out var v) && v.Length >= 1 ? v.Span[0] : null;

    /// <summary>A fixed-width integer attribute; null when absent or too short.</summary>
    private T? Integer<T>(ushort type, bool bigEndian) where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (!_values.TryGetValue(type, out var v) || v.Length < size)
        {
            return null;
        }

        ReadOnlySpan<byte> bytes = v.Span[..size];
        return bigEndian ? T.ReadBigEndian(bytes, isUnsigned: T.IsZero(T.MinValue)) : T.ReadLittleEndian(bytes, isUnsigned: T.IsZero(T.MinValue));
    }

    public IPAddress? Address(ushort type) =>
        _values.TryGetValue(type, out var v) && (v.Length == 4 || v.Length == 16) ? new IPAddress(v.Span) : null;
}
