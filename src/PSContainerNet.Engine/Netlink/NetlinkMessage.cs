using System.Runtime.InteropServices;

namespace PSContainerNet.Engine.Netlink;

/// <summary>One message received from the kernel: its header fields and its payload.</summary>
public sealed class NetlinkMessage
{
    public NetlinkMessage(ushort type, ushort flags, uint sequence, byte[] payload)
    {
        Type = type;
        Flags = flags;
        Sequence = sequence;
        Payload = payload;
    }

    public ushort Type { get; }

    public ushort Flags { get; }

    public uint Sequence { get; }

    public byte[] Payload { get; }

    /// <summary>Reads the fixed family header at the start of the payload.</summary>
    public T Header<T>() where T : unmanaged => MemoryMarshal.Read<T>(Payload);

    /// <summary>The attributes that follow a fixed header of <typeparamref name="T"/>.</summary>
    public NetlinkAttributes Attributes<T>() where T : unmanaged =>
        NetlinkAttributes.Parse(Payload.AsMemory(Math.Min(Payload.Length, NetlinkRequest.Align(Marshal.SizeOf<T>()))));
}
