using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Tests.Netlink;

public sealed class NetlinkSocketTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

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
}
