using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Tests.Netlink;

public sealed class NetlinkSocketTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [InlineData(100u, 100u, 102u, true)]
    [InlineData(102u, 100u, 102u, true)]
    [InlineData(99u, 100u, 102u, false)]
    [InlineData(103u, 100u, 102u, false)]
    // A batch whose numbers wrap past 2^32: its answers must still count (else its errors would be dropped).
    [InlineData(uint.MaxValue, uint.MaxValue - 1, 1u, true)]
    [InlineData(0u, uint.MaxValue - 1, 1u, true)]
    [InlineData(1u, uint.MaxValue - 1, 1u, true)]
    [InlineData(2u, uint.MaxValue - 1, 1u, false)]
    [InlineData(uint.MaxValue - 2, uint.MaxValue - 1, 1u, false)]
    public void Batch_answers_are_matched_by_sequence_also_across_the_wrap(uint seq, uint first, uint last, bool expected) =>
        Assert.Equal(expected, NetlinkSocket.InBatch(seq, first, last));

    [Fact]
    public void Kernel_error_carries_errno_and_the_extended_ack_text()
    {
        var request = new NetlinkRequest(Rt.RTM_NEWLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL)
            .Header(new IfInfoMsg())
            .AttrString(Rt.IFLA_IFNAME, "x0");
        int info = request.BeginNested(Rt.IFLA_LINKINFO);
        request.AttrString(Rt.IFLA_INFO_KIND, "nosuchkind");
        request.EndNested(info);

        var e = Assert.Throws<NetlinkException>(() => NetlinkSockets.Route(_sandbox.Host).Execute(request, "create x0"));
        Assert.Equal(95, e.Errno);
        Assert.Equal("EOPNOTSUPP", e.ErrnoName);
        Assert.Equal("Unknown device type", e.KernelMessage);
        Assert.Contains("create x0: Unknown device type (EOPNOTSUPP)", e.Message);
        Assert.Equal(EngineErrorKind.NotSupported, e.Kind);
    }

    [Fact]
    public void Missing_link_kind_becomes_a_not_supported_error_naming_the_kind()
    {
        var e = Assert.Throws<EngineException>(() =>
            LinkService.NewLink(_sandbox.Host, "x1", "nosuchkind", new LinkOptions()));
        Assert.Equal(EngineErrorKind.NotSupported, e.Kind);
        Assert.Contains("no 'nosuchkind' link type", e.Message);
        Assert.Equal("x1", e.Target);
    }

    [Fact]
    public void A_socket_serves_many_requests_with_fresh_sequence_numbers()
    {
        for (int i = 0; i < 50; i++)
        {
            Assert.Contains(LinkService.List(_sandbox.Host), l => l.Name == "lo");
        }
    }

    [Fact]
    public void Dump_of_more_than_500_links_is_complete()
    {
        // Multipart: 520 veth pairs make 1041 links, far more than one datagram holds.
        var ns = _sandbox.Host;
        for (int i = 0; i < 520; i++)
        {
            LinkService.NewVeth(ns, $"d{i}a", $"d{i}b", null, new LinkOptions());
        }

        IReadOnlyList<NetLink> links = LinkService.List(ns);
        Assert.Equal(1041, links.Count);
        Assert.Equal(1041, links.Select(l => l.Index).Distinct().Count());
        int oracle = System.Text.Json.JsonDocument.Parse(Sandbox.Ip("-j link show", _sandbox.Name("host"))).RootElement.GetArrayLength();
        Assert.Equal(oracle, links.Count);
        NetLink d7a = links.Single(l => l.Name == "d7a");
        Assert.Equal("d7b", d7a.PeerName);
    }

    [Fact]
    public void Missing_privilege_is_permission_denied_and_says_what_is_needed()
    {
        LinkService.List(_sandbox.Host); // the namespace's socket exists; the kernel checks the sender too

        var e = Privilege.WithoutCapabilities(() =>
            Assert.Throws<NetlinkException>(() => LinkService.NewBridge(_sandbox.Host, "noperm0", new BridgeOptions(), new LinkOptions())));

        Assert.Equal(EngineErrorKind.PermissionDenied, e.Kind);
        Assert.Equal("EPERM", e.ErrnoName);
        Assert.Contains("This needs CAP_NET_ADMIN (run as root)", e.Message);
        Assert.DoesNotContain(LinkService.List(_sandbox.Host), l => l.Name == "noperm0");
    }

    [Fact]
    public async Task Dumps_stay_consistent_while_links_change()
    {
        // A churn thread adds and deletes links while multipart listings run. No listing may hold a
        // link twice or lose the stable ones; dumps the kernel flags NLM_F_DUMP_INTR are run again
        // (since 6.7 link dumps walk by index and are rarely flagged; the count is printed).
        var ns = _sandbox.Host;
        for (int i = 0; i < 300; i++)
        {
            LinkService.NewVeth(ns, $"c{i}a", $"c{i}b", null, new LinkOptions());
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var churn = Task.Run(() =>
        {
            for (int i = 0; i < 2000 && !stop.IsCancellationRequested; i++)
            {
                LinkService.NewVeth(ns, "churn0", "churn1", null, new LinkOptions());
                LinkService.Remove(ns, "churn0");
            }
        });

        long restartsBefore = NetlinkSocket.InterruptedDumps;
        int listings = 0;
        while (!churn.IsCompleted && listings < 200)
        {
            var links = LinkService.List(ns);
            Assert.Equal(links.Count, links.Select(l => l.Index).Distinct().Count());
            Assert.True(links.Count(l => l.Name.StartsWith('c')) >= 600);
            listings++;
        }

        await churn;
        Assert.True(listings > 0);
        Console.WriteLine($"{listings} listings under churn, {NetlinkSocket.InterruptedDumps - restartsBefore} interrupted dumps restarted");
    }

    [Fact]
    public void Requests_are_traced_on_the_thread_that_asked_and_only_there()
    {
        var lines = new List<string>();
        using (NetlinkTrace.To(lines.Add))
        {
            LinkService.List(_sandbox.Host);
            var other = new Thread(() => LinkService.List(_sandbox.Host));
            other.Start();
            other.Join();
        }

        LinkService.List(_sandbox.Host); // after the scope: not traced
        Assert.Contains(lines, l => l.StartsWith("netlink rtnetlink RTM_GETLINK dump seq ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("RTM_GETLINK dump")); // not the other thread's, not the later one
    }

    [Fact]
    public void A_socket_closed_because_its_namespace_went_reads_as_a_namespace_not_found()
    {
        // Remove-NetNamespace closes a namespace's socket even while another thread holds it (a listing, say).
        NetlinkSocket held = NetlinkSockets.Route(_sandbox.NewNamespace("going"));
        NetNamespaceStore.Remove(_sandbox.Name("going"));

        var e = Assert.Throws<EngineException>(() => held.Execute(
            new NetlinkRequest(Rt.RTM_GETLINK, Nl.NLM_F_REQUEST).Header(new IfInfoMsg { Index = 1 }), "read lo"));
        Assert.Equal(EngineErrorKind.NotFound, e.Kind);
    }
}
