using System.Runtime.InteropServices;

namespace PSContainerNet.Engine.Nftables;

/// <summary>Values from linux/netfilter/nfnetlink.h and nf_tables.h.</summary>
internal static class Nft
{
    internal const int SubsysNftables = 10;
    internal const ushort BatchBegin = 16;
    internal const ushort BatchEnd = 17;

    internal const ushort MsgNewTable = 0;
    internal const ushort MsgNewChain = 3;
    internal const ushort MsgGetChain = 4;
    internal const ushort ChainPolicy = 5;
    internal const uint HookForward = 2;
    internal const ushort MsgNewRule = 6;
    internal const ushort MsgGetRule = 7;
    internal const ushort MsgDelRule = 8;
    internal const ushort MsgGetGeneration = 16;
    internal const ushort GenerationId = 1;

    internal const ushort TableName = 1;
    internal const ushort ChainTable = 1;
    internal const ushort ChainName = 3;
    internal const ushort ChainHook = 4;
    internal const ushort ChainType = 7;
    internal const ushort HookNumber = 1;
    internal const ushort HookPriority = 2;

    internal const ushort RuleTable = 1;
    internal const ushort RuleChain = 2;
    internal const ushort RuleHandle = 3;
    internal const ushort RuleExpressions = 4;
    internal const ushort RuleUserData = 7;
    internal const ushort ListElement = 1;
    internal const ushort ExprName = 1;
    internal const ushort ExprData = 2;

    internal const ushort MetaDreg = 1;
    internal const ushort MetaKey = 2;
    internal const uint MetaIifName = 6;
    internal const uint MetaOifName = 7;
    internal const uint MetaL4Proto = 16;

    internal const ushort CmpSreg = 1;
    internal const ushort CmpOp = 2;
    internal const ushort CmpData = 3;
    internal const uint CmpEq = 0;
    internal const uint CmpNeq = 1;
    internal const uint CmpLte = 3;
    internal const uint CmpGte = 5;
    internal const ushort DataValue = 1;

    internal const ushort PayloadDreg = 1;
    internal const ushort PayloadBase = 2;
    internal const ushort PayloadOffset = 3;
    internal const ushort PayloadLength = 4;
    internal const uint BaseNetwork = 1;
    internal const uint BaseTransport = 2;

    internal const ushort BitwiseSreg = 1;
    internal const ushort BitwiseDreg = 2;
    internal const ushort BitwiseLength = 3;
    internal const ushort BitwiseMask = 4;
    internal const ushort BitwiseXor = 5;

    internal const ushort ImmediateDreg = 1;
    internal const ushort ImmediateData = 2;

    internal const ushort CounterBytes = 1;
    internal const ushort CounterPackets = 2;

    internal const ushort NatType = 1;
    internal const ushort NatFamily = 2;
    internal const ushort NatRegAddrMin = 3;
    internal const ushort NatRegProtoMin = 5;
    internal const ushort NatRegProtoMax = 6;
    internal const ushort NatFlags = 7;
    internal const uint NatSnat = 0;
    internal const uint NatDnat = 1;
    internal const uint NatRangeProtoSpecified = 2;

    internal const ushort MasqFlags = 1;
    internal const ushort MasqRegProtoMin = 2;
    internal const ushort MasqRegProtoMax = 3;

    internal const ushort FibDreg = 1;
    internal const ushort FibResult = 2;
    internal const ushort FibFlags = 3;
    internal const uint FibResultAddrType = 3;
    internal const uint FibFlagDaddr = 2;
    internal const uint RtnLocal = 2;

    internal const uint Reg1 = 1;

    internal const uint HookPrerouting = 0;
    internal const uint HookOutput = 3;
    internal const uint HookPostrouting = 4;

    /// <summary>The rule comment in NFTA_RULE_USERDATA (libnftnl's NFTNL_UDATA_RULE_COMMENT).</summary>
    internal const byte UserDataComment = 0;

    internal static ushort Type(ushort message) => (ushort)((SubsysNftables << 8) | message);
}

/// <summary>struct nfgenmsg (linux/netfilter/nfnetlink.h); res_id is big-endian.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NfGenMsg
{
    public byte Family;
    public byte Version;
    public ushort ResourceIdBigEndian;
}
