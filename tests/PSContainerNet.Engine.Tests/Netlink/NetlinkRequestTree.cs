using System.Buffers.Binary;

namespace PSContainerNet.Engine.Tests.Netlink;

/// <summary>
/// A netlink request decoded for comparison with another encoding of the same request: the message type and
/// flags, the family header, and every attribute as one "path = hex" line. Attribute order is not part of the
/// meaning (the kernel parses attributes into a table by type), so lines are sorted; sequence number and port
/// id are left out.
/// </summary>
public sealed record NetlinkRequestTree(ushort Type, ushort Flags, string FamilyHeader, IReadOnlyList<string> Attributes)
{
    private const int HeaderLength = 16;
    private const ushort TypeMask = 0x3fff; // without NLA_F_NESTED and NLA_F_NET_BYTEORDER

    /// <summary>Splits one write (a message, or a batch of them) into its messages.</summary>
    public static IEnumerable<byte[]> Messages(byte[] write)
    {
        for (int offset = 0; offset + HeaderLength <= write.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(write.AsSpan(offset));
            if (length < HeaderLength || offset + length > write.Length)
            {
                throw new FormatException($"a netlink message at byte {offset} claims {length} bytes of {write.Length - offset}");
            }

            yield return write[offset..(offset + length)];
            offset += (length + 3) & ~3;
        }
    }

    public static ushort TypeOf(byte[] message) => BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(4));

    public static ushort FlagsOf(byte[] message) => BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(6));

    /// <summary>The shape of a message family's attributes: which paths ("18", "18/2") hold attributes, which hold
    /// NLA_STRING text, and readable names for paths.</summary>
    public sealed record Schema(IReadOnlySet<string> Nested, IReadOnlySet<string> Strings, IReadOnlyDictionary<string, string> Names);

    /// <summary>
    /// Decodes <paramref name="message"/> by <paramref name="schema"/>. A string is shown as text without one trailing
    /// NUL: the kernel's NLA_STRING takes it with or without one (iproute2 sends IFLA_INFO_KIND without, IFLA_IFNAME with).
    /// </summary>
    public static NetlinkRequestTree Decode(byte[] message, int familyHeaderLength, Schema schema)
    {
        var lines = new List<string>();
        Walk(message.AsSpan(HeaderLength + familyHeaderLength), string.Empty, schema, lines);
        lines.Sort(StringComparer.Ordinal);
        return new NetlinkRequestTree(TypeOf(message), FlagsOf(message),
            Convert.ToHexString(message, HeaderLength, familyHeaderLength), lines);
    }

    /// <summary>The whole request as text, one line each, for an assertion that shows every difference.</summary>
    public override string ToString() =>
        $"type {Type} flags 0x{Flags:x}\nfamily header {FamilyHeader}\n{string.Join('\n', Attributes)}";

    private static void Walk(ReadOnlySpan<byte> data, string parent, Schema schema, List<string> lines)
    {
        int offset = 0;
        while (offset + 4 <= data.Length)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);
            ushort rawType = BinaryPrimitives.ReadUInt16LittleEndian(data[(offset + 2)..]);
            if (length < 4 || offset + length > data.Length)
            {
                throw new FormatException($"attribute at {parent}/ byte {offset} claims {length} bytes of {data.Length - offset}");
            }

            string path = parent.Length == 0 ? (rawType & TypeMask).ToString() : $"{parent}/{rawType & TypeMask}";
            string shown = schema.Names.TryGetValue(path, out string? name) ? $"{path} {name}" : path;
            ReadOnlySpan<byte> payload = data.Slice(offset + 4, length - 4);
            if (schema.Nested.Contains(path))
            {
                lines.Add($"{shown} (nested{((rawType & 0x8000) != 0 ? ", NLA_F_NESTED" : string.Empty)})");
                Walk(payload, path, schema, lines);
            }
            else if (schema.Strings.Contains(path))
            {
                lines.Add($"{shown} = \"{System.Text.Encoding.UTF8.GetString(payload.Length > 0 && payload[^1] == 0 ? payload[..^1] : payload)}\"");
            }
            else
            {
                lines.Add($"{shown} = {Convert.ToHexString(payload)}");
            }

            offset += (length + 3) & ~3;
        }
    }
}
