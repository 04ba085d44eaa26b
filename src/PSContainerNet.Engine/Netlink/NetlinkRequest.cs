using System.Buffers.Binary;
using System.Net;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace PSContainerNet.Engine.Netlink;

/// <summary>Builds one netlink request: nlmsghdr, a fixed family header, then (nested) attributes.</summary>
/// <remarks>The socket fills in the sequence number and port when it sends the message.</remarks>
public sealed class NetlinkRequest
{
    internal const int HeaderLength = 16;
    private byte[] _buffer = new byte[256];
    private int _length = HeaderLength;

    public NetlinkRequest(ushort type, ushort flags)
    {
        Type = type;
        Flags = flags;
    }

    public ushort Type { get; }

    public ushort Flags { get; }

    /// <summary>The encoded length, header included (always a multiple of 4).</summary>
    internal int Length => _length;

    /// <summary>Appends a fixed-layout family header (ifinfomsg, rtmsg, ...), 4-byte aligned.</summary>
    public NetlinkRequest Header<T>(in T value) where T : unmanaged
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value));
        Append(bytes);
        return this;
    }

    public NetlinkRequest Attr(ushort type, ReadOnlySpan<byte> payload)
    {
        payload.CopyTo(Reserve(type, payload.Length));
        return this;
    }

    /// <summary>An attribute whose payload is a fixed-layout struct (tc_netem_corrupt, tc_tbf_qopt, ...).</summary>
    public NetlinkRequest AttrStruct<T>(ushort type, in T value) where T : unmanaged =>
        Attr(type, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));

    public NetlinkRequest AttrU8(ushort type, byte value) => Attr(type, [value]);

    /// <summary>A u8 0/1 switch, written only when set: settings left null keep the kernel's value.</summary>
    public NetlinkRequest AttrSwitch(ushort type, bool? on) => on is bool value ? AttrU8(type, value ? (byte)1 : (byte)0) : this;

    /// <summary>A u32 written only when set.</summary>
    public NetlinkRequest AttrU32IfSet(ushort type, uint? value) => value is uint v ? AttrU32(type, v) : this;

    public NetlinkRequest AttrU16(ushort type, ushort value) => AttrInteger(type, value, bigEndian: false);

    /// <summary>A 16-bit value in network byte order (ports, ethertypes).</summary>
    public NetlinkRequest AttrU16BigEndian(ushort type, ushort value) => AttrInteger(type, value, bigEndian: true);

    public NetlinkRequest AttrU32(ushort type, uint value) => AttrInteger(type, value, bigEndian: false);

    public NetlinkRequest AttrS32(ushort type, int value) => AttrInteger(type, value, bigEndian: false);

    /// <summary>A 32-bit value in network byte order (nf_tables attributes are big-endian).</summary>
    public NetlinkRequest AttrU32BigEndian(ushort type, uint value) => AttrInteger(type, value, bigEndian: true);

    public NetlinkRequest AttrU64BigEndian(ushort type, ulong value) => AttrInteger(type, value, bigEndian: true);

    /// <summary>A NUL-terminated string attribute (NLA_STRING / NLA_NUL_STRING both accept it).</summary>
    public NetlinkRequest AttrString(ushort type, string value)
    {
        Span<byte> payload = Reserve(type, Encoding.UTF8.GetByteCount(value) + 1);
        payload[Encoding.UTF8.GetBytes(value, payload)] = 0;
        return this;
    }

    public NetlinkRequest AttrAddress(ushort type, IPAddress address) => Attr(type, address.GetAddressBytes());

    /// <summary>Opens a nested attribute; close it with <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        int start = _length;
        Attr(type, ReadOnlySpan<byte>.Empty);
        return start;
    }

    public NetlinkRequest EndNested(int start)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start), (ushort)(_length - start));
        return this;
    }

    /// <summary>Starts a struct rtnexthop inside RTA_MULTIPATH; its attributes follow, and <see cref="EndNextHop"/> sets its length.</summary>
    public int BeginNextHop(byte flags, byte hops, int interfaceIndex)
    {
        int start = _length;
        Span<byte> header = stackalloc byte[8];
        header[2] = flags;
        header[3] = hops;
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], interfaceIndex);
        Append(header);
        return start;
    }

    public NetlinkRequest EndNextHop(int start) => EndNested(start);

    /// <summary>The finished message with the given sequence number and port id.</summary>
    internal ReadOnlySpan<byte> Encode(uint sequence, uint portId, ushort extraFlags)
    {
        Span<byte> h = _buffer.AsSpan(0, HeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(h, (uint)_length);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], Type);
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], (ushort)(Flags | extraFlags));
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], portId);
        return _buffer.AsSpan(0, _length);
    }

    internal static int Align(int length) => (length + 3) & ~3;

    private NetlinkRequest AttrInteger<T>(ushort type, T value, bool bigEndian) where T : IBinaryInteger<T>
    {
        Span<byte> bytes = stackalloc byte[value.GetByteCount()];
        _ = bigEndian ? value.WriteBigEndian(bytes) : value.WriteLittleEndian(bytes);
        return Attr(type, bytes);
    }

    /// <summary>Appends an attribute header and its zeroed padding; the caller writes the payload into the span.</summary>
    private Span<byte> Reserve(ushort type, int payloadLength)
    {
        int len = 4 + payloadLength;
        Ensure(Align(len));
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_length), (ushort)len);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_length + 2), type);
        _buffer.AsSpan(_length + len, Align(len) - len).Clear();
        Span<byte> payload = _buffer.AsSpan(_length + 4, payloadLength);
        _length += Align(len);
        return payload;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        int aligned = Align(bytes.Length);
        Ensure(aligned);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _buffer.AsSpan(_length + bytes.Length, aligned - bytes.Length).Clear();
        _length += aligned;
    }

    private void Ensure(int extra)
    {
        if (_length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
        }
    }
}
