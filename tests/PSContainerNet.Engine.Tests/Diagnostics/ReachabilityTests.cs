using System.Net;
using System.Net.Sockets;
using PSContainerNet.Engine.Diagnostics;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Tests.Diagnostics;

/// <summary>Ping and TCP checks between two namespaces the test made: traffic never leaves them.</summary>
public sealed class ReachabilityTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly NamespaceHandle _a;
    private readonly NamespaceHandle _b;

    public ReachabilityTests()
    {
        _a = _sandbox.Host;
        _b = _sandbox.NewNamespace("b");
        Sandbox.Wire(_a, "ab", "10.99.1.1/24", _b, "ba", "10.99.1.2/24");
        PSContainerNet.Engine.Addresses.AddressService.Add(_a, "ab", PSContainerNet.Engine.Addresses.IPPrefix.Parse("fd00:99:1::1/64"), new() { SkipDuplicateAddressDetection = true });
        PSContainerNet.Engine.Addresses.AddressService.Add(_b, "ba", PSContainerNet.Engine.Addresses.IPPrefix.Parse("fd00:99:1::2/64"), new() { SkipDuplicateAddressDetection = true });
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Each_reply_is_reported_as_it_comes_on_the_calling_thread()
    {
        var heard = new List<(int Sequence, string Status, int Thread)>();
        NetPingResult r = NetPing.Send(_a, IPAddress.Parse("10.99.1.2"), count: 4, interval: TimeSpan.Zero,
            onReply: reply => heard.Add((reply.Sequence, reply.Status, Environment.CurrentManagedThreadId)));

        Assert.Equal([1, 2, 3, 4], heard.Select(h => h.Sequence));
        Assert.Equal(r.Replies.Select(x => x.Status), heard.Select(h => h.Status));
        Assert.All(heard, h => Assert.Equal(Environment.CurrentManagedThreadId, h.Thread));
    }

    [Fact]
    public void IPv4_ping_is_answered_with_rtt_and_ttl()
    {
        NetPingResult r = NetPing.Send(_a, IPAddress.Parse("10.99.1.2"), count: 3, interval: TimeSpan.FromMilliseconds(50));

        Assert.True(r.Success);
        Assert.Equal(3, r.Sent);
        Assert.Equal(3, r.Received);
        Assert.Equal(0, r.LossPercent);
        Assert.All(r.Replies, x => Assert.Equal("Success", x.Status));
        Assert.All(r.Replies, x => Assert.Equal(64, x.Ttl));
        Assert.Equal([1, 2, 3], r.Replies.Select(x => x.Sequence));
        Assert.True(r.MinimumRoundTripTime <= r.AverageRoundTripTime && r.AverageRoundTripTime <= r.MaximumRoundTripTime);
    }

    [Fact]
    public void IPv6_ping_is_answered()
    {
        // The first echo may wait out neighbour discovery on a link that came up a moment ago; later ones may not.
        NetPingResult r = NetPing.Send(_b, IPAddress.Parse("fd00:99:1::1"), count: 3, interval: TimeSpan.FromMilliseconds(50));
        Assert.True(r.Received >= 2, $"{r.Received} of 3 answered");
        Assert.Equal("Success", r.Replies[^1].Status);
        Assert.Equal("fd00:99:1::1", r.Replies[^1].From);
    }

    [Fact]
    public void Silent_address_times_out_and_no_route_is_network_unreachable()
    {
        NetPingResult silent = NetPing.Send(_a, IPAddress.Parse("10.99.1.77"), count: 2, timeout: TimeSpan.FromMilliseconds(200), interval: TimeSpan.Zero);
        Assert.False(silent.Success);
        Assert.Equal(100, silent.LossPercent);
        Assert.All(silent.Replies, x => Assert.Equal("TimedOut", x.Status));

        NetPingResult noRoute = NetPing.Send(_a, IPAddress.Parse("10.123.0.1"), count: 1);
        Assert.Equal("NetworkUnreachable", Assert.Single(noRoute.Replies).Status);
    }

    [Fact]
    public void Tcp_connect_succeeds_to_a_listener_and_reports_refusal_and_no_route()
    {
        using Socket listener = NamespaceSocket.Open(_b, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Any, 8080));
        listener.Listen();

        NetTcpConnectionResult ok = TcpProbe.Connect(_a, IPAddress.Parse("10.99.1.2"), 8080);
        Assert.True(ok.Success, ok.Error);
        Assert.Equal("10.99.1.1", ok.SourceAddress);

        NetTcpConnectionResult refused = TcpProbe.Connect(_a, IPAddress.Parse("10.99.1.2"), 8081);
        Assert.False(refused.Success);
        Assert.Equal("ConnectionRefused", refused.Error);

        Assert.Equal("NetworkUnreachable", TcpProbe.Connect(_a, IPAddress.Parse("10.123.0.1"), 80).Error);
        Assert.StartsWith("TimedOut", TcpProbe.Connect(_a, IPAddress.Parse("10.99.1.77"), 80, TimeSpan.FromMilliseconds(200)).Error);
    }

    [Fact]
    public void The_listener_in_one_namespace_is_not_reachable_from_the_host_namespace()
    {
        using Socket listener = NamespaceSocket.Open(_b, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 8082));
        listener.Listen();
        Assert.True(TcpProbe.Connect(_b, IPAddress.Loopback, 8082).Success);
        Assert.Equal("ConnectionRefused", TcpProbe.Connect(_a, IPAddress.Loopback, 8082).Error);
    }

    [Fact]
    public void Bad_count_and_port_are_invalid_arguments()
    {
        Assert.Equal(EngineErrorKind.InvalidArgument, Assert.Throws<EngineException>(() => NetPing.Send(_a, IPAddress.Loopback, count: 0)).Kind);
        Assert.Equal(EngineErrorKind.InvalidArgument, Assert.Throws<EngineException>(() => TcpProbe.Connect(_a, IPAddress.Loopback, 70000)).Kind);
    }
}
