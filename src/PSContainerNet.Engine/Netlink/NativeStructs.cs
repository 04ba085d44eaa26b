using System.Runtime.InteropServices;

namespace PSContainerNet.Engine.Netlink;

/// <summary>struct ifinfomsg (linux/rtnetlink.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfInfoMsg
{
    public byte Family;
    public byte Pad;
    public ushort Type;
    public int Index;
    public uint Flags;
    public uint Change;
}

/// <summary>struct rtgenmsg, the header of RTM_*NSID requests.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RtGenMsg
{
    public byte Family;
}

/// <summary>struct ifaddrmsg (linux/if_addr.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfAddrMsg
{
    public byte Family;
    public byte PrefixLength;
    public byte Flags;
    public byte Scope;
    public int Index;
}

/// <summary>struct rtmsg (linux/rtnetlink.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RtMsg
{
    public byte Family;
    public byte DestinationLength;
    public byte SourceLength;
    public byte Tos;
    public byte Table;
    public byte Protocol;
    public byte Scope;
    public byte Type;
    public uint Flags;
}

/// <summary>struct fib_rule_hdr (linux/fib_rules.h): the fixed header of RTM_*RULE messages.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FibRuleHdr
{
    public byte Family;
    public byte DestinationLength;
    public byte SourceLength;
    public byte Tos;
    public byte Table;
    public byte Reserved1;
    public byte Reserved2;
    public byte Action;
    public uint Flags;
}

/// <summary>struct ndmsg (linux/neighbour.h): the fixed header of RTM_*NEIGH messages.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NdMsg
{
    public byte Family;
    public byte Pad1;
    public ushort Pad2;
    public int Index;
    public ushort State;
    public byte Flags;
    public byte Type;
}
