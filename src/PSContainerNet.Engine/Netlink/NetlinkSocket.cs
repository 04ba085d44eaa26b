using System.Buffers.Binary;
using PSContainerNet.Engine.Native;

namespace PSContainerNet.Engine.Netlink;

/// <summary>Reads one answer's payload in place (it lives in a buffer that the next receive reuses).</summary>
public delegate T PayloadReader<T>(ReadOnlySpan<byte> payload);

internal delegate void ReplyReader(ushort type, ReadOnlySpan<byte> payload);

/// <summary>
/// A netlink socket bound to the namespace of the thread that opened it. Requests are serialised:
/// each gets a fresh sequence number, and only answers carrying that number are taken.
/// </summary>
public sealed unsafe class NetlinkSocket : IDisposable
{
    private const int MaxDumpAttempts = 8;
    private const int ReceiveTimeoutSeconds = 60;
    private const int SocketBufferBytes = 4 << 20;

    private readonly object _gate = new();
    private readonly uint _portId;
    private int _fd;
    private uint _sequence;
    private const int ReceiveBufferBytes = 256 * 1024;
    private static long _interruptedDumps;

    // One buffer per thread rather than per socket: a lab of a thousand namespaces keeps a thousand sockets.
    [ThreadStatic]
    private static byte[]? _receive;

    private NetlinkSocket(int fd, uint portId, int protocol)
    {
        _fd = fd;
        _portId = portId;
        Protocol = protocol;
        _sequence = (uint)Environment.TickCount;
    }

    public int Protocol { get; }

    /// <summary>How many dumps, process-wide, the kernel flagged inconsistent and were run again.</summary>
    public static long InterruptedDumps => Interlocked.Read(ref _interruptedDumps);

    /// <summary>Opens a socket in the namespace of the calling thread.</summary>
    public static NetlinkSocket Open(int protocol)
    {
        int fd = Libc.Socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        if (fd < 0)
        {
            throw new NetlinkException("open a netlink socket", Libc.LastError, null);
        }

        try
        {
            // Extended ACK gives the kernel's own error text; CAP_ACK keeps error answers short.
            SetOption(fd, Nl.NETLINK_EXT_ACK, 1);
            SetOption(fd, Nl.NETLINK_CAP_ACK, 1);
            int size = SocketBufferBytes;
            // Root may exceed net.core.rmem_max: a batch of hundreds of acknowledgements needs the room.
            if (Libc.SetSockOpt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, &size, sizeof(int)) < 0)
            {
                Libc.SetSockOpt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, &size, sizeof(int));
            }

            Libc.SetSockOpt(fd, Libc.SOL_SOCKET, Libc.SO_SNDBUF, &size, sizeof(int));
            long* timeout = stackalloc long[2] { ReceiveTimeoutSeconds, 0 };
            Libc.SetSockOpt(fd, Libc.SOL_SOCKET, 20 /* SO_RCVTIMEO */, (int*)timeout, 16);

            var addr = new Libc.SockaddrNl { Family = Libc.AF_NETLINK };
            if (Libc.Bind(fd, &addr, sizeof(Libc.SockaddrNl)) < 0)
            {
                throw new NetlinkException("bind a netlink socket", Libc.LastError, null);
            }

            int len = sizeof(Libc.SockaddrNl);
            if (Libc.GetSockName(fd, &addr, &len) < 0)
            {
                throw new NetlinkException("read a netlink socket's port", Libc.LastError, null);
            }

            return new NetlinkSocket(fd, addr.PortId, protocol);
        }
        catch
        {
            Libc.Close(fd);
            throw;
        }
    }

    /// <summary>Sends a request with NLM_F_ACK and waits for the kernel's acknowledgement.</summary>
    /// <returns>Messages the kernel sent before the ACK (e.g. the answer to a GET).</returns>
    public List<NetlinkMessage> Execute(NetlinkRequest request, string operation, object? target = null)
    {
        var replies = new List<NetlinkMessage>();
        Transact(request, Nl.NLM_F_ACK, replies, null, operation, target);
        return replies;
    }

    /// <summary>
    /// Like <see cref="Execute"/> for a request answered by one message, read in place by <paramref name="read"/>
    /// (no copy of it is kept): an index lookup needs four bytes of a kilobyte-long answer.
    /// </summary>
    /// <returns>What <paramref name="read"/> made of the first answer of <paramref name="type"/>, or default without one.</returns>
    public T? Query<T>(NetlinkRequest request, ushort type, PayloadReader<T> read, string operation, object? target = null)
    {
        T? result = default;
        bool found = false;
        Transact(request, Nl.NLM_F_ACK, null, (messageType, payload) =>
        {
            if (!found && messageType == type)
            {
                result = read(payload);
                found = true;
            }
        }, operation, target);
        return result;
    }

    /// <summary>Runs an NLM_F_DUMP request to NLMSG_DONE, starting again when the kernel flags it interrupted.</summary>
    public List<NetlinkMessage> Dump(NetlinkRequest request, string operation, object? target = null)
    {
        for (int attempt = 1; ; attempt++)
        {
            var replies = new List<NetlinkMessage>();
            bool interrupted = Transact(request, Nl.NLM_F_DUMP, replies, null, operation, target);
            if (!interrupted)
            {
                return replies;
            }

            Interlocked.Increment(ref _interruptedDumps);

            if (attempt == MaxDumpAttempts)
            {
                throw new EngineException(EngineErrorKind.Busy,
                    $"{operation}: the kernel reported the dump inconsistent {MaxDumpAttempts} times in a row (objects kept changing); try again",
                    target);
            }
        }
    }

    /// <summary>
    /// Sends an nfnetlink batch (BATCH_BEGIN, the messages, BATCH_END) in one write: the kernel applies all
    /// of it or none. The kernel handles the batch inside the send, so its answers (errors, and echoes of
    /// NLM_F_ECHO messages) are already queued when the send returns and are drained without waiting.
    /// Success is not acknowledged per message (that would double the answers); an error always is.
    /// </summary>
    /// <param name="targetOf">Names the object of message i, for the error.</param>
    /// <returns>What the kernel sent back besides acknowledgements (echoes of NLM_F_ECHO messages).</returns>
    public List<NetlinkMessage> ExecuteBatch(NetlinkRequest begin, IReadOnlyList<NetlinkRequest> requests, NetlinkRequest end, string operation, Func<int, object?>? targetOf = null)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            // One buffer for the whole batch, each message encoded straight into it.
            var wire = new byte[begin.Length + requests.Sum(r => r.Length) + end.Length];
            int written = 0;
            void Add(NetlinkRequest request)
            {
                request.Encode(++_sequence, _portId, 0).CopyTo(wire.AsSpan(written));
                written += request.Length;
            }

            Add(begin);
            uint first = _sequence + 1;
            foreach (NetlinkRequest request in requests)
            {
                Add(request);
            }

            uint last = _sequence;
            Add(end);
            NetlinkTrace.Batch(requests.Count, first, last, operation);
            NetlinkTrace.Sent(wire);
            SendAll(wire);

            NetlinkException? failure = null;
            var replies = new List<NetlinkMessage>();
            int length;
            while ((length = ReceiveDatagram(Libc.MSG_DONTWAIT)) >= 0)
            {
                ReadOnlySpan<byte> datagram = _receive.AsSpan(0, length);
                for (int offset = 0; NextMessage(datagram, ref offset, out ushort type, out ushort flags, out uint seq, out ReadOnlySpan<byte> payload);)
                {
                    if (!InBatch(seq, first, last))
                    {
                        continue;
                    }

                    if (type != Nl.NLMSG_ERROR)
                    {
                        replies.Add(new NetlinkMessage(type, flags, seq, payload.ToArray()));
                        continue;
                    }

                    int errno = -BinaryPrimitives.ReadInt32LittleEndian(payload);
                    if (errno != 0)
                    {
                        failure ??= new NetlinkException(operation, errno, ExtendedAckMessage(flags, payload), targetOf?.Invoke((int)(seq - first)));
                    }
                }
            }

            if (failure is not null)
            {
                throw failure;
            }

            return replies;
        }
    }

    /// <summary>Whether an answer's sequence number is one of a batch's, also when the batch's numbers wrap past 2^32.</summary>
    internal static bool InBatch(uint seq, uint first, uint last) => unchecked(seq - first) <= unchecked(last - first);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_fd >= 0)
            {
                Libc.Close(_fd);
                _fd = -1;
            }
        }
    }

    private static void SetOption(int fd, int option, int value)
    {
        // Older kernels lack some options; the socket still works without them.
        Libc.SetSockOpt(fd, Libc.SOL_NETLINK, option, &value, sizeof(int));
    }

    /// <summary>Sends one request and takes its answers: copied into <paramref name="replies"/>, or read in place by <paramref name="reader"/>.</summary>
    private bool Transact(NetlinkRequest request, ushort extraFlags, List<NetlinkMessage>? replies, ReplyReader? reader, string operation, object? target)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            uint seq = ++_sequence;
            bool isDump = (extraFlags & Nl.NLM_F_DUMP) == Nl.NLM_F_DUMP;
            NetlinkTrace.Request(Protocol, request.Type, seq, isDump, operation);
            ReadOnlySpan<byte> wire = request.Encode(seq, _portId, extraFlags);
            NetlinkTrace.Sent(wire);
            SendAll(wire);
            bool interrupted = false;
            while (true)
            {
                int length = ReceiveDatagram();
                ReadOnlySpan<byte> datagram = _receive.AsSpan(0, length);
                for (int offset = 0; NextMessage(datagram, ref offset, out ushort type, out ushort flags, out uint msgSeq, out ReadOnlySpan<byte> payload);)
                {
                    if (msgSeq != seq)
                    {
                        continue; // a late answer to an earlier, abandoned request
                    }

                    if ((flags & Nl.NLM_F_DUMP_INTR) != 0)
                    {
                        interrupted = true;
                    }

                    switch (type)
                    {
                        case Nl.NLMSG_ERROR:
                        {
                            int errno = -BinaryPrimitives.ReadInt32LittleEndian(payload);
                            if (errno != 0)
                            {
                                throw new NetlinkException(operation, errno, ExtendedAckMessage(flags, payload), target);
                            }

                            return interrupted;
                        }

                        case Nl.NLMSG_DONE:
                        {
                            int errno = payload.Length >= 4 ? -BinaryPrimitives.ReadInt32LittleEndian(payload) : 0;
                            if (errno != 0)
                            {
                                throw new NetlinkException(operation, errno, ExtendedAckMessage(flags, payload, doneMessage: true), target);
                            }

                            if (isDump)
                            {
                                return interrupted;
                            }

                            break;
                        }

                        case Nl.NLMSG_NOOP:
                            break;
                        default:
                            replies?.Add(new NetlinkMessage(type, flags, msgSeq, payload.ToArray()));
                            reader?.Invoke(type, payload);
                            break;
                    }
                }
            }
        }
    }

    /// <summary>Pulls NLMSGERR_ATTR_MSG out of an error (or DONE) payload.</summary>
    private static string? ExtendedAckMessage(ushort flags, ReadOnlySpan<byte> payload, bool doneMessage = false)
    {
        if ((flags & Nl.NLM_F_ACK_TLVS) == 0)
        {
            return null;
        }

        int offset = 4;
        if (!doneMessage)
        {
            int originalLength = payload.Length >= 8 ? (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]) : 16;
            offset += (flags & Nl.NLM_F_CAPPED) != 0 ? NetlinkRequest.HeaderLength : NetlinkRequest.Align(originalLength);
        }

        return offset < payload.Length && NetlinkAttributes.TryFind(payload[offset..], Nl.NLMSGERR_ATTR_MSG, out ReadOnlySpan<byte> text)
            ? NetlinkAttributes.Text(text)
            : null;
    }

    private void SendAll(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            while (true)
            {
                nint n = Libc.Send(_fd, p, data.Length, 0);
                if (n >= 0)
                {
                    return;
                }

                int errno = Libc.LastError;
                if (errno != Libc.EINTR)
                {
                    throw new NetlinkException("send a netlink request", errno, null);
                }
            }
        }
    }

    /// <summary>Receives one datagram into this thread's buffer; its length, or -1 when MSG_DONTWAIT found none.</summary>
    private int ReceiveDatagram(int flags = 0)
    {
        byte[] buffer = _receive ??= new byte[ReceiveBufferBytes];
        int length = ReceiveInto(buffer, Libc.MSG_TRUNC | flags);
        if (length > buffer.Length)
        {
            // The kernel sizes dump datagrams to the reader's buffer, so only a message of over 256 KiB gets here.
            throw new EngineException(EngineErrorKind.Other, $"a netlink answer of {length} bytes did not fit the {buffer.Length}-byte buffer and was lost");
        }

        return length;
    }

    /// <summary>Reads the message at <paramref name="offset"/> of a datagram and moves past it; false at the end.</summary>
    private static bool NextMessage(ReadOnlySpan<byte> datagram, ref int offset, out ushort type, out ushort flags, out uint sequence, out ReadOnlySpan<byte> payload)
    {
        type = flags = 0;
        sequence = 0;
        payload = default;
        if (offset + NetlinkRequest.HeaderLength > datagram.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> h = datagram[offset..];
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(h);
        if (length < NetlinkRequest.HeaderLength || offset + length > datagram.Length)
        {
            return false;
        }

        type = BinaryPrimitives.ReadUInt16LittleEndian(h[4..]);
        flags = BinaryPrimitives.ReadUInt16LittleEndian(h[6..]);
        sequence = BinaryPrimitives.ReadUInt32LittleEndian(h[8..]);
        payload = h.Slice(NetlinkRequest.HeaderLength, length - NetlinkRequest.HeaderLength);
        offset += NetlinkRequest.Align(length);
        return true;
    }

    private int ReceiveInto(byte[] buffer, int flags)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = Libc.Recv(_fd, p, buffer.Length, flags);
                if (n >= 0)
                {
                    return (int)n;
                }

                int errno = Libc.LastError;
                if (errno == Libc.EAGAIN && (flags & Libc.MSG_DONTWAIT) != 0)
                {
                    return -1;
                }

                if (errno == Libc.EAGAIN)
                {
                    throw new EngineException(EngineErrorKind.Other, $"the kernel did not answer a netlink request within {ReceiveTimeoutSeconds} s");
                }

                if (errno != Libc.EINTR)
                {
                    throw new NetlinkException("receive a netlink answer", errno, null);
                }
            }
        }
    }

    private void ThrowIfDisposed()
    {
        if (_fd < 0)
        {
            // Its namespace was removed while a caller still held the socket: for the caller that namespace is gone.
            throw new EngineException(EngineErrorKind.NotFound, "the network namespace was removed while it was being read (its netlink socket is closed)");
        }
    }
}
