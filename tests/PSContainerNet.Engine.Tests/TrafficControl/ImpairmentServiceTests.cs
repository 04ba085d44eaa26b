using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PSContainerNet.Engine.Diagnostics;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Tests.Netlink;
using PSContainerNet.Engine.TrafficControl;

namespace PSContainerNet.Engine.Tests.TrafficControl;

/// <summary>
/// Link impairment: netem's request against tc's bytes (this kernel has no netem: both are refused, the bytes still
/// compare), tbf on the kernel (a rate that really limits a transfer), read back and removed.
/// </summary>
public sealed class ImpairmentServiceTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    /// <summary>The RTM_NEWQDISC each side sent, with the sequence number and port (which differ by nature) zeroed.</summary>
    private static string QdiscRequest(CapturedRequests side, string who)
    {
        byte[]? message = side.Messages.FirstOrDefault(m => m.Length >= 16 && BitConverter.ToUInt16(m, 4) == 36);
        Assert.True(message is not null, $"{who} sent no RTM_NEWQDISC ({side.Messages.Count} messages; it said '{side.Error}')");
        byte[] copy = [.. message];
        Array.Clear(copy, 8, 8);
        return Convert.ToHexString(copy);
    }

    [IprouteOracleFact]
    public void Netem_request_is_tcs_byte_for_byte_for_delay_jitter_loss_duplicate_reorder_corrupt_and_rate()
    {
        var tc = RequestCapture.Iproute("qdisc replace dev lo root netem delay 10ms 2ms loss 1% duplicate 0.5% reorder 25% corrupt 0.1% rate 1mbit", _sandbox.Host.Name, "tc");
        var ours = RequestCapture.Module(() => ImpairmentService.Set(_sandbox.Host, "lo", new ImpairmentSpec
        {
            Delay = TimeSpan.FromMilliseconds(10), Jitter = TimeSpan.FromMilliseconds(2), Loss = 1, Duplicate = 0.5, Reorder = 25, Corrupt = 0.1, Rate = 1_000_000,
        }));

        Assert.Equal(QdiscRequest(tc, "tc"), QdiscRequest(ours, "the module"));
        CapturedRequests.AssertSameOutcome(tc, "tc", ours);
    }

    [IprouteOracleFact]
    public void Netem_request_is_tcs_for_a_delay_alone_and_for_loss_alone()
    {
        foreach (var (arguments, spec) in new[]
        {
            ("delay 100ms", new ImpairmentSpec { Delay = TimeSpan.FromMilliseconds(100) }),
            ("loss 33.3%", new ImpairmentSpec { Loss = 33.3 }),
        })
        {
            var tc = RequestCapture.Iproute("qdisc replace dev lo root netem " + arguments, _sandbox.Host.Name, "tc");
            var ours = RequestCapture.Module(() => ImpairmentService.Set(_sandbox.Host, "lo", spec));
            Assert.Equal(QdiscRequest(tc, "tc " + arguments), QdiscRequest(ours, "the module for " + arguments));
        }
    }

    [IprouteOracleFact]
    public void Tbf_request_is_tcs_byte_for_byte()
    {
        var tc = RequestCapture.Iproute("qdisc replace dev lo root tbf rate 1mbit burst 4096 limit 54096", _sandbox.Host.Name, "tc");
        Assert.True(tc.Accepted, tc.Error);
        ImpairmentService.Remove(_sandbox.Host, "lo");
        var ours = RequestCapture.Module(() => ImpairmentService.Set(_sandbox.Host, "lo", new ImpairmentSpec { Rate = 1_000_000, Burst = 4096, Limit = 54096 }));
        Assert.Equal(QdiscRequest(tc, "tc"), QdiscRequest(ours, "the module"));
    }

    [Fact]
    public void Netem_on_a_kernel_without_it_is_NotSupported_in_the_kernels_words()
    {
        var e = Assert.Throws<EngineException>(() => ImpairmentService.Set(_sandbox.Host, "lo", new ImpairmentSpec { Delay = TimeSpan.FromMilliseconds(5) }));
        if (e.Kind == EngineErrorKind.NotSupported)
        {
            Assert.Contains("this kernel has no 'netem' qdisc (Specified qdisc kind is unknown;", e.Message);
        }
    }

    [Fact]
    public void A_rate_of_1_Mbit_limits_a_TCP_transfer_and_is_read_back_and_removed()
    {
        NamespaceHandle a = _sandbox.NewNamespace("a"), b = _sandbox.NewNamespace("b");
        Sandbox.Wire(a, "eth0", "10.233.70.1/24", b, "eth0", "10.233.70.2/24");
        NetLinkImpairment set = ImpairmentService.Set(a, "eth0", new ImpairmentSpec { Rate = 1_000_000 });
        Assert.Equal(("tbf", 1_000_000ul), (set.Kind, set.Rate));
        Assert.InRange(set.Burst!.Value, 3000u, 3100u); // two full frames: 10 ms at 1 Mbit/s would be less

        // 250 KB at 1 Mbit/s (125 KB/s) takes about 2 s; unlimited, a veth moves it in milliseconds. A lower bound
        // only: a slow machine makes it longer, never shorter.
        using Socket listener = NamespaceSocket.Open(b, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Any, 9500));
        listener.Listen();
        const int size = 250_000;
        int received = -1;
        var server = new Thread(() =>
        {
            using Socket accepted = listener.Accept();
            var buffer = new byte[65536];
            int total = 0, n;
            while ((n = accepted.Receive(buffer)) > 0)
            {
                total += n;
            }

            received = total;
        });
        server.Start();
        var watch = Stopwatch.StartNew();
        using (Socket client = NamespaceSocket.Open(a, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            client.Connect(new IPEndPoint(IPAddress.Parse("10.233.70.2"), 9500));
            client.Send(new byte[size]);
            client.Shutdown(SocketShutdown.Send);
            Assert.True(server.Join(TimeSpan.FromSeconds(60)), "the transfer did not end within 60 s");
        }

        Assert.Equal(size, received);
        Assert.True(watch.Elapsed > TimeSpan.FromSeconds(1), $"250 KB went through a 1 Mbit/s link in {watch.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(set.Rate, Assert.Single(ImpairmentService.List(a)).Rate);
        ImpairmentService.Remove(a, "eth0");
        Assert.Null(ImpairmentService.Get(a, "eth0"));
        Assert.Equal(EngineErrorKind.NotFound, Assert.Throws<EngineException>(() => ImpairmentService.Remove(a, "eth0")).Kind);
    }

    [Theory]
    [InlineData("1mbit", 1_000_000ul)]
    [InlineData("500kbit", 500_000ul)]
    [InlineData("1.5gbit", 1_500_000_000ul)]
    [InlineData("125kbps", 1_000_000ul)]
    [InlineData("64000", 64_000ul)]
    public void Rates_read_as_tc_reads_them(string text, ulong bits) => Assert.Equal(bits, TcUnits.ParseRate(text));

    [Fact]
    public void Times_and_mistakes_read_as_tc_reads_them()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(10), TcUnits.ParseTime("10ms"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), TcUnits.ParseTime("1.5s"));
        Assert.Equal(TimeSpan.FromTicks(2500), TcUnits.ParseTime("250us"));
        Assert.Contains("is not a rate", Assert.Throws<EngineException>(() => TcUnits.ParseRate("fast")).Message);
        Assert.Contains("give -Delay too", Assert.Throws<EngineException>(() => ImpairmentService.Set(_sandbox.Host, "lo", new ImpairmentSpec { Reorder = 10 })).Message);
    }
}
