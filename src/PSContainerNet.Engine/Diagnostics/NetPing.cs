using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Diagnostics;

/// <summary>One echo request's fate.</summary>
public sealed class NetPingReply
{
    public int Sequence { get; init; }

    /// <summary>Success, TimedOut, DestinationUnreachable, TimeExceeded, or why the kernel would not send (NetworkUnreachable).</summary>
    public required string Status { get; init; }

    /// <summary>Round-trip time in milliseconds, for answered requests.</summary>
    public double? RoundTripTime { get; init; }

    /// <summary>The TTL of an IPv4 reply.</summary>
    public int? Ttl { get; init; }

    /// <summary>Who answered (the target, or a router reporting an error).</summary>
    public string? From { get; init; }

    public override string ToString() => $"seq={Sequence} {Status}" + (RoundTripTime is double t ? $" time={t:0.###} ms" : string.Empty);
}

/// <summary>The summary of a ping run, with every reply.</summary>
public sealed class NetPingResult
{
    public string? Namespace { get; init; }

    public required string Target { get; init; }

    public int Sent { get; init; }

    public int Received { get; init; }

    public double LossPercent => Sent == 0 ? 0 : Math.Round(100.0 * (Sent - Received) / Sent, 1);

    public double? MinimumRoundTripTime { get; init; }

    public double? AverageRoundTripTime { get; init; }

    public double? MaximumRoundTripTime { get; init; }

    /// <summary>True when at least one echo was answered (as Test-Connection -Quiet).</summary>
    public bool Success => Received > 0;

    public required IReadOnlyList<NetPingReply> Replies { get; init; }

    public override string ToString() => $"{Target}: {Received}/{Sent} received, {LossPercent}% loss";
}

/// <summary>ICMP echo (ping) from inside a namespace, in process, over a raw socket opened there.</summary>
public static class NetPing
{
    private const int PayloadBytes = 56;

    /// <summary>Sends <paramref name="count"/> echo requests; <paramref name="onReply"/> hears of each answer (or its absence) as it comes.</summary>
    public static NetPingResult Send(
        NamespaceHandle ns, IPAddress target, int count = 3, TimeSpan? timeout = null, TimeSpan? interval = null, CancellationToken cancellation = default,
        Action<NetPingReply>? onReply = null)
    {
        if (count is < 1 or > 10000)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"count {count} is out of range; send 1-10000 echo requests", count);
        }

        TimeSpan wait = timeout ?? TimeSpan.FromSeconds(1);
        TimeSpan pause = interval ?? TimeSpan.FromMilliseconds(200);
        if (wait <= TimeSpan.Zero || wait > TimeSpan.FromMinutes(1) || pause < TimeSpan.Zero || pause > TimeSpan.FromMinutes(1))
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, "timeout must be above 0 and interval at least 0, both at most 60 s", wait);
        }

        bool v6 = target.AddressFamily == AddressFamily.InterNetworkV6;
        using Socket socket = NamespaceSocket.Open(ns, target.AddressFamily, SocketType.Raw, v6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp);
        ushort id = (ushort)Random.Shared.Next(1, ushort.MaxValue);
        var replies = new List<NetPingReply>();
        byte[] buffer = new byte[2048];
        for (int seq = 1; seq <= count && !cancellation.IsCancellationRequested; seq++)
        {
            if (seq > 1)
            {
                cancellation.WaitHandle.WaitOne(pause);
            }

            try
            {
                socket.SendTo(EchoRequest(v6, id, (ushort)seq), new IPEndPoint(target, 0));
            }
            catch (SocketException e)
            {
                // No route, or the neighbour is known to be unreachable: the kernel refuses to send.
                replies.Add(new NetPingReply { Sequence = seq, Status = e.SocketErrorCode.ToString() });
                onReply?.Invoke(replies[^1]);
                continue;
            }

            var stopwatch = Stopwatch.StartNew();
            NetPingReply? reply = null;
            while (reply is null && stopwatch.Elapsed < wait && !cancellation.IsCancellationRequested)
            {
                int remainingMicroseconds = (int)Math.Max(1, (wait - stopwatch.Elapsed).TotalMicroseconds);
                if (!socket.Poll(Math.Min(remainingMicroseconds, 100_000), SelectMode.SelectRead))
                {
                    continue;
                }

                EndPoint from = new IPEndPoint(v6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
                int n = socket.ReceiveFrom(buffer, ref from);
                reply = Match(buffer.AsSpan(0, n), v6, id, (ushort)seq, stopwatch.Elapsed, ((IPEndPoint)from).Address);
            }

            replies.Add(reply ?? new NetPingReply { Sequence = seq, Status = "TimedOut" });
            onReply?.Invoke(replies[^1]);
        }

        var times = replies.Where(r => r.Status == "Success").Select(r => r.RoundTripTime!.Value).ToList();
        return new NetPingResult
        {
            Namespace = ns.Reference,
            Target = target.ToString(),
            Sent = replies.Count,
            Received = times.Count,
            MinimumRoundTripTime = times.Count > 0 ? times.Min() : null,
            AverageRoundTripTime = times.Count > 0 ? Math.Round(times.Average(), 3) : null,
            MaximumRoundTripTime = times.Count > 0 ? times.Max() : null,
            Replies = replies,
        };
    }

    private static byte[] EchoRequest(bool v6, ushort id, ushort seq)
    {
        byte[] packet = new byte[8 + PayloadBytes];
        packet[0] = v6 ? (byte)128 : (byte)8;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), seq);
        for (int i = 8; i < packet.Length; i++)
        {
            packet[i] = (byte)i;
        }

        if (!v6)
        {
            // The kernel fills in the ICMPv6 checksum itself; ICMPv4 needs ours.
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), Checksum(packet));
        }

        return packet;
    }

    /// <summary>Our echo reply, or an ICMP error quoting our request; null for anything else on the raw socket.</summary>
    private static NetPingReply? Match(ReadOnlySpan<byte> packet, bool v6, ushort id, ushort seq, TimeSpan elapsed, IPAddress from)
    {
        int? ttl = null;
        if (!v6)
        {
            // IPv4 raw sockets deliver the IP header too.
            if (packet.Length < 20)
            {
                return null;
            }

            ttl = packet[8];
            packet = packet[((packet[0] & 0x0F) * 4)..];
        }

        if (packet.Length < 8)
        {
            return null;
        }

        byte type = packet[0];
        (byte echoReply, byte unreachable, byte timeExceeded, byte echoRequest, int innerHeader) = v6 ? ((byte)129, (byte)1, (byte)3, (byte)128, 40) : ((byte)0, (byte)3, (byte)11, (byte)8, -1);
        if (type == echoReply && Ids(packet) == (id, seq))
        {
            return new NetPingReply { Sequence = seq, Status = "Success", RoundTripTime = Math.Round(elapsed.TotalMilliseconds, 3), Ttl = ttl, From = from.ToString() };
        }

        if (type != unreachable && type != timeExceeded)
        {
            return null;
        }

        ReadOnlySpan<byte> quoted = packet[8..];
        int headerLength = innerHeader >= 0 ? innerHeader : quoted.Length > 0 ? (quoted[0] & 0x0F) * 4 : 0;
        if (quoted.Length < headerLength + 8 || quoted[headerLength] != echoRequest || Ids(quoted[headerLength..]) != (id, seq))
        {
            return null;
        }

        return new NetPingReply { Sequence = seq, Status = type == unreachable ? "DestinationUnreachable" : "TimeExceeded", From = from.ToString() };
    }

    private static (ushort, ushort) Ids(ReadOnlySpan<byte> icmp) =>
        (BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]), BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]));

    private static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if ((data.Length & 1) != 0)
        {
            sum += (uint)(data[^1] << 8);
        }

        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
