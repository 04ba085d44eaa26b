namespace PSContainerNet.Engine.Netlink;

/// <summary>
/// Lets a caller see the netlink requests made on its own thread (PowerShell's -Verbose). Per thread on purpose:
/// a request made on another thread is not traced, so a trace callback only ever runs where it was set.
/// </summary>
public static class NetlinkTrace
{
    [ThreadStatic]
    private static Action<string>? _current;

    [ThreadStatic]
    private static Action<byte[]>? _capture;

    /// <summary>Traces this thread's requests to <paramref name="trace"/> until the scope is disposed.</summary>
    public static IDisposable To(Action<string> trace)
    {
        Action<string>? previous = _current;
        _current = trace;
        return new Scope(() => _current = previous);
    }

    /// <summary>
    /// Hands every netlink write this thread makes, byte for byte as sent, to <paramref name="capture"/> until the
    /// scope is disposed: tests compare the module's requests with iproute2's, also where the kernel refuses them.
    /// </summary>
    public static IDisposable Capture(Action<byte[]> capture)
    {
        Action<byte[]>? previous = _capture;
        _capture = capture;
        return new Scope(() => _capture = previous);
    }

    internal static bool Enabled => _current is not null;

    internal static void Request(int protocol, ushort type, uint sequence, bool dump, string operation) =>
        _current?.Invoke($"netlink {ProtocolName(protocol)} {TypeName(protocol, type)}{(dump ? " dump" : string.Empty)} seq {sequence}: {operation}");

    internal static void Sent(ReadOnlySpan<byte> wire) => _capture?.Invoke(wire.ToArray());

    internal static void Batch(int count, uint first, uint last, string operation) =>
        _current?.Invoke($"netlink nfnetlink batch of {count} message(s) seq {first}-{last}, one transaction: {operation}");

    private static string ProtocolName(int protocol) => protocol switch
    {
        Nl.NETLINK_ROUTE => "rtnetlink",
        Nl.NETLINK_NETFILTER => "nfnetlink",
        _ => "protocol " + protocol,
    };

    private static string TypeName(int protocol, ushort type) => protocol == Nl.NETLINK_ROUTE ? type switch
    {
        Rt.RTM_NEWLINK => "RTM_NEWLINK",
        Rt.RTM_DELLINK => "RTM_DELLINK",
        Rt.RTM_GETLINK => "RTM_GETLINK",
        Rt.RTM_NEWADDR => "RTM_NEWADDR",
        Rt.RTM_DELADDR => "RTM_DELADDR",
        Rt.RTM_GETADDR => "RTM_GETADDR",
        Rt.RTM_NEWROUTE => "RTM_NEWROUTE",
        Rt.RTM_DELROUTE => "RTM_DELROUTE",
        Rt.RTM_GETROUTE => "RTM_GETROUTE",
        Rt.RTM_NEWNEIGH => "RTM_NEWNEIGH",
        Rt.RTM_DELNEIGH => "RTM_DELNEIGH",
        Rt.RTM_GETNEIGH => "RTM_GETNEIGH",
        Rt.RTM_NEWRULE => "RTM_NEWRULE",
        Rt.RTM_DELRULE => "RTM_DELRULE",
        Rt.RTM_GETRULE => "RTM_GETRULE",
        Rt.RTM_GETNETCONF => "RTM_GETNETCONF",
        Rt.RTM_GETNSID => "RTM_GETNSID",
        _ => "type " + type,
    } : $"subsystem {type >> 8} message {type & 0xff}";

    private sealed class Scope(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
