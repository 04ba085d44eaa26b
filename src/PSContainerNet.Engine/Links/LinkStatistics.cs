using System.Buffers.Binary;

namespace PSContainerNet.Engine.Links;

/// <summary>A link's counters since it was made (ip -s link): IFLA_STATS64's first fields.</summary>
public sealed record LinkStatistics(
    ulong ReceivedPackets,
    ulong TransmittedPackets,
    ulong ReceivedBytes,
    ulong TransmittedBytes,
    ulong ReceiveErrors,
    ulong TransmitErrors,
    ulong ReceiveDropped,
    ulong TransmitDropped,
    ulong Multicast)
{
    /// <summary>struct rtnl_link_stats64 begins with these nine __u64 in this order; null when the attribute is short or absent.</summary>
    internal static LinkStatistics? Parse(ReadOnlyMemory<byte>? attribute)
    {
        if (attribute is not { Length: >= 9 * 8 } value)
        {
            return null;
        }

        var counters = new ulong[9];
        for (int i = 0; i < counters.Length; i++)
        {
            counters[i] = BinaryPrimitives.ReadUInt64LittleEndian(value.Span[(i * 8)..]);
        }

        return new LinkStatistics(counters[0], counters[1], counters[2], counters[3], counters[4], counters[5], counters[6], counters[7], counters[8]);
    }
}
