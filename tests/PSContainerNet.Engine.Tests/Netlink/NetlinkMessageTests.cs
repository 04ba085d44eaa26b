using System.Buffers.Binary;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Tests.Netlink;

public class NetlinkMessageTests
{
    [Fact]
    public void Request_header_carries_length_type_flags_sequence_and_port()
    {
        var request = new NetlinkRequest(18, Nl.NLM_F_REQUEST).Header(new IfInfoMsg { Index = 7 });
        byte[] wire = request.Encode(42, 99, Nl.NLM_F_ACK).ToArray();

        Assert.Equal(32, wire.Length);
        Assert.Equal(32u, BinaryPrimitives.ReadUInt32LittleEndian(wire));
        Assert.Equal(18, BinaryPrimitives.ReadUInt16LittleEndian(wire.AsSpan(4)));
        Assert.Equal(Nl.NLM_F_REQUEST | Nl.NLM_F_ACK, BinaryPrimitives.ReadUInt16LittleEndian(wire.AsSpan(6)));
        Assert.Equal(42u, BinaryPrimitives.ReadUInt32LittleEndian(wire.AsSpan(8)));
        Assert.Equal(99u, BinaryPrimitives.ReadUInt32LittleEndian(wire.AsSpan(12)));
        Assert.Equal(7, BinaryPrimitives.ReadInt32LittleEndian(wire.AsSpan(20)));
    }

    [Fact]
    public void Attributes_are_padded_to_four_bytes_and_nested_lengths_cover_their_children()
    {
        var request = new NetlinkRequest(16, Nl.NLM_F_REQUEST);
        request.AttrString(3, "ab"); // 4 + 3 bytes, padded to 8
        int nest = request.BeginNested(18);
        request.AttrString(1, "veth"); // 4 + 5, padded to 12
        request.AttrU16(2, 0x1234);    // 4 + 2, padded to 8
        request.EndNested(nest);
        byte[] wire = request.Encode(1, 0, 0).ToArray();

        Assert.Equal(16 + 8 + 4 + 12 + 8, wire.Length);
        Assert.Equal(7, BinaryPrimitives.ReadUInt16LittleEndian(wire.AsSpan(16)));
        Assert.Equal(0, wire[16 + 7]); // padding is zeroed
        Assert.Equal(4 + 12 + 8, BinaryPrimitives.ReadUInt16LittleEndian(wire.AsSpan(24)));

        NetlinkAttributes top = NetlinkAttributes.Parse(wire.AsMemory(16));
        Assert.Equal("ab", top.String(3));
        NetlinkAttributes inner = top.Nested(18)!;
        Assert.Equal("veth", inner.String(1));
        Assert.Equal((ushort)0x1234, inner.U16(2));
    }

    [Fact]
    public void Parser_masks_the_nested_flag_and_stops_at_a_truncated_attribute()
    {
        byte[] data = [8, 0, 0x05, 0x80, 1, 2, 3, 4, /* truncated: claims 12 bytes */ 12, 0, 2, 0, 9];
        NetlinkAttributes attrs = NetlinkAttributes.Parse(data);
        Assert.Equal(0x04030201u, attrs.U32(5));
        Assert.False(attrs.Has(2));
    }

    [Fact]
    public void Big_endian_values_round_trip()
    {
        var request = new NetlinkRequest(16, 0).AttrU16BigEndian(15, 4789);
        byte[] wire = request.Encode(1, 0, 0).ToArray();
        Assert.Equal(new byte[] { 0x12, 0xB5 }, wire[20..22]);
        Assert.Equal((ushort)4789, NetlinkAttributes.Parse(wire.AsMemory(16)).U16BigEndian(15));
    }
}
