using System.Buffers.Binary;
using System.Net;
using System.Numerics;
using System.Text;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Nftables;

/// <summary>One rule to write: its chain and the matches and action it carries.</summary>
internal sealed record NatRuleShape(
    string Chain,
    IPFamily Family,
    NatAction Action,
    (IPPrefix Prefix, bool Negated)? Source,
    (IPPrefix Prefix, bool Negated)? Destination,
    (string Name, bool Negated)? InInterface,
    (string Name, bool Negated)? OutInterface,
    bool LocalDestinationOnly,
    string? Protocol,
    int? Port,
    int? PortEnd,
    IPAddress? ToAddress,
    int? ToPort,
    int? ToPortEnd,
    string? Comment);

/// <summary>
/// Writes NAT rules as nf_tables expressions laid out the way nft itself does (so `nft list` shows them in
/// its own syntax), and reads rules of that shape back into <see cref="NatRule"/> objects.
/// </summary>
internal static class NatRuleCodec
{
    private const int InterfaceNameBytes = 16;

    internal static void WriteExpressions(NetlinkRequest request, NatRuleShape rule)
    {
        bool v6 = rule.Family == IPFamily.IPv6;
        int list = request.BeginNested(Nft.RuleExpressions);
        if (rule.InInterface is var (iif, iifNegated))
        {
            Meta(request, Nft.MetaIifName);
            Cmp(request, iifNegated ? Nft.CmpNeq : Nft.CmpEq, InterfaceName(iif));
        }

        if (rule.OutInterface is var (oif, oifNegated))
        {
            Meta(request, Nft.MetaOifName);
            Cmp(request, oifNegated ? Nft.CmpNeq : Nft.CmpEq, InterfaceName(oif));
        }

        if (rule.Source is var (src, srcNegated))
        {
            Prefix(request, v6 ? 8u : 12u, src, srcNegated);
        }

        if (rule.Destination is var (dst, dstNegated))
        {
            Prefix(request, v6 ? 24u : 16u, dst, dstNegated);
        }

        if (rule.LocalDestinationOnly)
        {
            Expression(request, "fib", r => r
                .AttrU32BigEndian(Nft.FibDreg, Nft.Reg1)
                .AttrU32BigEndian(Nft.FibResult, Nft.FibResultAddrType)
                .AttrU32BigEndian(Nft.FibFlags, Nft.FibFlagDaddr));
            Cmp(request, Nft.CmpEq, BitConverter.GetBytes(Nft.RtnLocal));
        }

        if (rule.Protocol is string protocol)
        {
            Meta(request, Nft.MetaL4Proto);
            Cmp(request, Nft.CmpEq, [protocol == "tcp" ? (byte)6 : (byte)17]);
            if (rule.Port is int port)
            {
                Expression(request, "payload", r => r
                    .AttrU32BigEndian(Nft.PayloadDreg, Nft.Reg1)
                    .AttrU32BigEndian(Nft.PayloadBase, Nft.BaseTransport)
                    .AttrU32BigEndian(Nft.PayloadOffset, 2)
                    .AttrU32BigEndian(Nft.PayloadLength, 2));
                if (rule.PortEnd is int end && end != port)
                {
                    Cmp(request, Nft.CmpGte, Port16(port));
                    Cmp(request, Nft.CmpLte, Port16(end));
                }
                else
                {
                    Cmp(request, Nft.CmpEq, Port16(port));
                }
            }
        }

        Expression(request, "counter", r => r.AttrU64BigEndian(Nft.CounterBytes, 0).AttrU64BigEndian(Nft.CounterPackets, 0));

        uint nextRegister = Nft.Reg1;
        uint? addressRegister = null, portMinRegister = null, portMaxRegister = null;
        if (rule.ToAddress is IPAddress to)
        {
            addressRegister = Immediate(request, nextRegister++, to.GetAddressBytes());
        }

        if (rule.ToPort is int toPort)
        {
            portMinRegister = Immediate(request, nextRegister++, Port16(toPort));
            if (rule.ToPortEnd is int toEnd && toEnd != toPort)
            {
                portMaxRegister = Immediate(request, nextRegister, Port16(toEnd));
            }
        }

        if (rule.Action == NatAction.Masquerade)
        {
            Expression(request, "masq", r =>
            {
                if (portMinRegister is uint min)
                {
                    r.AttrU32BigEndian(Nft.MasqFlags, Nft.NatRangeProtoSpecified);
                    r.AttrU32BigEndian(Nft.MasqRegProtoMin, min).AttrU32BigEndian(Nft.MasqRegProtoMax, portMaxRegister ?? min);
                }
            });
        }
        else
        {
            Expression(request, "nat", r =>
            {
                r.AttrU32BigEndian(Nft.NatType, rule.Action == NatAction.Snat ? Nft.NatSnat : Nft.NatDnat);
                r.AttrU32BigEndian(Nft.NatFamily, v6 ? 10u : 2u);
                r.AttrU32BigEndian(Nft.NatRegAddrMin, addressRegister!.Value);
                if (portMinRegister is uint min)
                {
                    r.AttrU32BigEndian(Nft.NatRegProtoMin, min);
                    if (portMaxRegister is uint max)
                    {
                        r.AttrU32BigEndian(Nft.NatRegProtoMax, max);
                    }

                    r.AttrU32BigEndian(Nft.NatFlags, Nft.NatRangeProtoSpecified);
                }
            });
        }

        request.EndNested(list);
        if (rule.Comment is string comment)
        {
            byte[] text = Encoding.UTF8.GetBytes(comment + "\0");
            request.Attr(Nft.RuleUserData, [Nft.UserDataComment, (byte)text.Length, .. text]);
        }
    }

    /// <summary>A rule of one of the module's shapes; null for anything else (someone edited the table by hand).</summary>
    internal static NatRule? Read(NetlinkMessage message, IPFamily family, string? ns)
    {
        NetlinkAttributes rule = message.Attributes<NfGenMsg>();
        if (rule.Bytes(Nft.RuleExpressions) is not ReadOnlyMemory<byte> expressions)
        {
            return null;
        }

        bool v6 = family == IPFamily.IPv6;
        var state = new ParsedRule();
        (string Kind, uint Key, uint Offset, int Length) load = default;
        byte[]? mask = null;
        var registers = new Dictionary<uint, byte[]>();
        foreach (var (_, element) in NetlinkAttributes.Sequence(expressions))
        {
            NetlinkAttributes e = NetlinkAttributes.Parse(element);
            NetlinkAttributes d = e.Nested(Nft.ExprData) ?? NetlinkAttributes.Parse(ReadOnlyMemory<byte>.Empty);
            switch (e.String(Nft.ExprName))
            {
                case "meta":
                    load = ("meta", d.U32BigEndian(Nft.MetaKey) ?? 0, 0, 0);
                    break;
                case "payload":
                    load = ((d.U32BigEndian(Nft.PayloadBase) ?? 0) == Nft.BaseTransport ? "transport" : "network", 0,
                        d.U32BigEndian(Nft.PayloadOffset) ?? 0, (int)(d.U32BigEndian(Nft.PayloadLength) ?? 0));
                    mask = null;
                    break;
                case "fib":
                    load = ("fib", 0, 0, 0);
                    break;
                case "bitwise":
                    mask = d.Nested(Nft.BitwiseMask)?.Bytes(Nft.DataValue)?.ToArray();
                    break;
                case "cmp":
                    if (!Apply(state, load, mask, d.U32BigEndian(Nft.CmpOp) ?? 0, d.Nested(Nft.CmpData)?.Bytes(Nft.DataValue)?.ToArray() ?? [], v6))
                    {
                        return null;
                    }

                    break;
                case "counter":
                    state.Packets = (long)(d.U64BigEndian(Nft.CounterPackets) ?? 0);
                    state.Bytes = (long)(d.U64BigEndian(Nft.CounterBytes) ?? 0);
                    break;
                case "immediate":
                    registers[d.U32BigEndian(Nft.ImmediateDreg) ?? 0] = d.Nested(Nft.ImmediateData)?.Bytes(Nft.DataValue)?.ToArray() ?? [];
                    break;
                case "nat":
                    state.Action = d.U32BigEndian(Nft.NatType) == Nft.NatSnat ? NatAction.Snat : NatAction.Dnat;
                    state.ToAddress = registers.GetValueOrDefault(d.U32BigEndian(Nft.NatRegAddrMin) ?? 0) is { Length: 4 or 16 } a ? new IPAddress(a).ToString() : null;
                    (state.ToPort, state.ToPortEnd) = Ports(registers, d.U32BigEndian(Nft.NatRegProtoMin), d.U32BigEndian(Nft.NatRegProtoMax));
                    break;
                case "masq":
                    state.Action = NatAction.Masquerade;
                    (state.ToPort, state.ToPortEnd) = Ports(registers, d.U32BigEndian(Nft.MasqRegProtoMin), d.U32BigEndian(Nft.MasqRegProtoMax));
                    break;
                default:
                    return null;
            }
        }

        if (state.Action is null)
        {
            return null;
        }

        return new NatRule
        {
            Action = state.Action.Value,
            Family = family,
            Table = rule.String(Nft.RuleTable) ?? NatService.TableName,
            Chain = rule.String(Nft.RuleChain) ?? string.Empty,
            Handle = (long)(rule.U64BigEndian(Nft.RuleHandle) ?? 0),
            SourcePrefix = state.Source,
            SourceNegated = state.SourceNegated,
            DestinationPrefix = state.Destination,
            DestinationNegated = state.DestinationNegated,
            InInterface = state.InInterface,
            InInterfaceNegated = state.InInterfaceNegated,
            OutInterface = state.OutInterface,
            OutInterfaceNegated = state.OutInterfaceNegated,
            LocalDestinationOnly = state.LocalOnly,
            Protocol = state.Protocol,
            DestinationPort = state.Port,
            DestinationPortEnd = state.PortEnd,
            ToAddress = state.ToAddress,
            ToPort = state.ToPort,
            ToPortEnd = state.ToPortEnd,
            Comment = Comment(rule.Bytes(Nft.RuleUserData)),
            Packets = state.Packets,
            Bytes = state.Bytes,
            Namespace = ns,
        };
    }

    private static bool Apply(ParsedRule state, (string Kind, uint Key, uint Offset, int Length) load, byte[]? mask, uint op, byte[] data, bool v6)
    {
        bool negated = op == Nft.CmpNeq;
        switch (load.Kind)
        {
            case "meta" when load.Key == Nft.MetaIifName:
                (state.InInterface, state.InInterfaceNegated) = (Encoding.UTF8.GetString(data).TrimEnd('\0'), negated);
                return true;
            case "meta" when load.Key == Nft.MetaOifName:
                (state.OutInterface, state.OutInterfaceNegated) = (Encoding.UTF8.GetString(data).TrimEnd('\0'), negated);
                return true;
            case "meta" when load.Key == Nft.MetaL4Proto && data.Length == 1:
                state.Protocol = data[0] switch { 6 => "tcp", 17 => "udp", var p => p.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                return true;
            case "fib" when op == Nft.CmpEq:
                state.LocalOnly = true;
                return true;
            case "transport" when load.Offset == 2 && data.Length == 2:
                int port = BinaryPrimitives.ReadUInt16BigEndian(data);
                if (op == Nft.CmpLte)
                {
                    state.PortEnd = port;
                }
                else
                {
                    state.Port = port;
                }

                return true;
            case "network":
                int width = v6 ? 16 : 4;
                uint sourceOffset = v6 ? 8u : 12u;
                uint destinationOffset = v6 ? 24u : 16u;
                if (load.Offset != sourceOffset && load.Offset != destinationOffset)
                {
                    return false;
                }

                byte[] full = new byte[width];
                data.AsSpan(0, Math.Min(data.Length, width)).CopyTo(full);
                int length = mask is null ? load.Length * 8 : mask.Sum(b => BitOperations.PopCount(b));
                string prefix = $"{new IPAddress(full)}/{length}";
                if (load.Offset == sourceOffset)
                {
                    (state.Source, state.SourceNegated) = (prefix, negated);
                }
                else
                {
                    (state.Destination, state.DestinationNegated) = (prefix, negated);
                }

                return true;
            default:
                return false;
        }
    }

    private static (int?, int?) Ports(Dictionary<uint, byte[]> registers, uint? minRegister, uint? maxRegister)
    {
        int? Port(uint? register) => register is uint r && registers.GetValueOrDefault(r) is { Length: >= 2 } v ? BinaryPrimitives.ReadUInt16BigEndian(v) : null;
        int? min = Port(minRegister);
        int? max = Port(maxRegister);
        return (min, max == min ? null : max);
    }

    private static string? Comment(ReadOnlyMemory<byte>? userData)
    {
        ReadOnlySpan<byte> u = userData is ReadOnlyMemory<byte> m ? m.Span : default;
        for (int i = 0; i + 2 <= u.Length;)
        {
            int len = u[i + 1];
            if (i + 2 + len > u.Length)
            {
                break;
            }

            if (u[i] == Nft.UserDataComment)
            {
                return Encoding.UTF8.GetString(u.Slice(i + 2, len)).TrimEnd('\0');
            }

            i += 2 + len;
        }

        return null;
    }

    /// <summary>nft's prefix match: load the whole bytes the prefix covers, mask a partial last byte, compare.</summary>
    private static void Prefix(NetlinkRequest request, uint offset, IPPrefix prefix, bool negated)
    {
        int bytes = (prefix.PrefixLength + 7) / 8;
        if (bytes == 0)
        {
            return; // 0.0.0.0/0 matches everything
        }

        byte[] network = prefix.Network.GetAddressBytes()[..bytes];
        Expression(request, "payload", r => r
            .AttrU32BigEndian(Nft.PayloadDreg, Nft.Reg1)
            .AttrU32BigEndian(Nft.PayloadBase, Nft.BaseNetwork)
            .AttrU32BigEndian(Nft.PayloadOffset, offset)
            .AttrU32BigEndian(Nft.PayloadLength, (uint)bytes));
        if (prefix.PrefixLength % 8 != 0)
        {
            byte[] mask = new byte[bytes];
            for (int bit = 0; bit < prefix.PrefixLength; bit++)
            {
                mask[bit / 8] |= (byte)(0x80 >> (bit % 8));
            }

            Expression(request, "bitwise", r =>
            {
                r.AttrU32BigEndian(Nft.BitwiseSreg, Nft.Reg1).AttrU32BigEndian(Nft.BitwiseDreg, Nft.Reg1).AttrU32BigEndian(Nft.BitwiseLength, (uint)bytes);
                int m = r.BeginNested(Nft.BitwiseMask);
                r.Attr(Nft.DataValue, mask);
                r.EndNested(m);
                int x = r.BeginNested(Nft.BitwiseXor);
                r.Attr(Nft.DataValue, new byte[bytes]);
                r.EndNested(x);
            });
        }

        Cmp(request, negated ? Nft.CmpNeq : Nft.CmpEq, network);
    }

    private static void Meta(NetlinkRequest request, uint key) =>
        Expression(request, "meta", r => r.AttrU32BigEndian(Nft.MetaKey, key).AttrU32BigEndian(Nft.MetaDreg, Nft.Reg1));

    private static void Cmp(NetlinkRequest request, uint op, byte[] value) =>
        Expression(request, "cmp", r =>
        {
            r.AttrU32BigEndian(Nft.CmpSreg, Nft.Reg1).AttrU32BigEndian(Nft.CmpOp, op);
            int data = r.BeginNested(Nft.CmpData);
            r.Attr(Nft.DataValue, value);
            r.EndNested(data);
        });

    private static uint Immediate(NetlinkRequest request, uint register, byte[] value)
    {
        Expression(request, "immediate", r =>
        {
            r.AttrU32BigEndian(Nft.ImmediateDreg, register);
            int data = r.BeginNested(Nft.ImmediateData);
            r.Attr(Nft.DataValue, value);
            r.EndNested(data);
        });
        return register;
    }

    private static void Expression(NetlinkRequest request, string name, Action<NetlinkRequest> data)
    {
        int element = request.BeginNested(Nft.ListElement);
        request.AttrString(Nft.ExprName, name);
        int d = request.BeginNested(Nft.ExprData);
        data(request);
        request.EndNested(d);
        request.EndNested(element);
    }

    private static byte[] InterfaceName(string name)
    {
        byte[] bytes = new byte[InterfaceNameBytes];
        Encoding.UTF8.GetBytes(name, bytes);
        return bytes;
    }

    private static byte[] Port16(int port)
    {
        byte[] b = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)port);
        return b;
    }

    private sealed class ParsedRule
    {
        public NatAction? Action;
        public string? Source, Destination, InInterface, OutInterface, Protocol, ToAddress;
        public bool SourceNegated, DestinationNegated, InInterfaceNegated, OutInterfaceNegated, LocalOnly;
        public int? Port, PortEnd, ToPort, ToPortEnd;
        public long Packets, Bytes;
    }
}
