using System.Net;
using System.Text.Json;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Routes;

namespace PSContainerNet.Engine.Tests.Addresses;

public sealed class AddressServiceTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public AddressServiceTests()
    {
        LinkService.NewVeth(Host, "a0", "a0peer", null, new LinkOptions { Up = true });
    }

    private NamespaceHandle Host => _sandbox.Host;

    public void Dispose() => _sandbox.Dispose();

    private JsonElement IpAddrInfo(string link) =>
        JsonDocument.Parse(Sandbox.Ip($"-j addr show dev {link}", _sandbox.Name("host"))).RootElement[0].GetProperty("addr_info");

    [Fact]
    public void IPv4_address_gets_its_broadcast_and_matches_ip_addr()
    {
        NetIPAddress a = AddressService.Add(Host, "a0", IPPrefix.Parse("172.17.0.2/16"), new AddressOptions());

        Assert.Equal("172.17.0.2", a.IPAddress);
        Assert.Equal(16, a.PrefixLength);
        Assert.Equal(IPFamily.IPv4, a.AddressFamily);
        Assert.Equal("a0", a.InterfaceAlias);
        Assert.Equal("172.17.0.0/16", a.Prefix);
        Assert.Equal("172.17.255.255", a.Broadcast);
        Assert.Equal(NetScope.Global, a.Scope);
        Assert.Equal("172.17.0.2/16", a.Cidr);
        JsonElement ip = IpAddrInfo("a0").EnumerateArray().Single(x => x.GetProperty("family").GetString() == "inet");
        Assert.Equal("172.17.0.2", ip.GetProperty("local").GetString());
        Assert.Equal(16, ip.GetProperty("prefixlen").GetInt32());
        Assert.Equal("172.17.255.255", ip.GetProperty("broadcast").GetString());
        Assert.Equal("global", ip.GetProperty("scope").GetString());
    }

    [Theory]
    [InlineData("10.40.0.1/24")]
    [InlineData("fd40::1/64")]
    public void Adding_an_address_costs_the_same_in_a_busy_namespace_two_requests_and_no_dump(string cidr)
    {
        // Two hundred links beside it: a read-back that dumps the namespace would grow with them.
        for (int i = 0; i < 100; i++)
        {
            LinkService.CreateVeth(Host, $"busy{i}", $"busy{i}p", null, new LinkOptions { Queues = 1 });
        }

        var sent = new List<byte[]>();
        NetIPAddress added;
        using (PSContainerNet.Engine.Netlink.NetlinkTrace.Capture(sent.Add))
        {
            added = AddressService.Add(Host, "a0", IPPrefix.Parse(cidr), new AddressOptions { SkipDuplicateAddressDetection = true });
        }

        Assert.Equal(cidr, $"{added.IPAddress}/{added.PrefixLength}");
        Assert.Equal("a0", added.InterfaceAlias);
        // One RTM_GETLINK of a0 by name, one RTM_NEWADDR (IPv4 echoes it; IPv6 reads it back alone): no dump of anything.
        var requests = sent.Select(m => (Type: (int)BitConverter.ToUInt16(m, 4), Dump: (BitConverter.ToUInt16(m, 6) & 0x300) == 0x300)).ToList();
        Assert.DoesNotContain(requests, r => r.Dump);
        Assert.Equal(cidr.Contains(':') ? [18, 20, 22] : [18, 20], requests.Select(r => r.Type));
    }

    [Fact]
    public void A_point_to_point_address_keeps_its_peer_as_ip_shows_it()
    {
        NetIPAddress a = AddressService.Add(Host, "a0", IPPrefix.Parse("10.90.0.1/32"), new AddressOptions { Peer = IPAddress.Parse("10.90.0.2") });

        Assert.Equal(("10.90.0.1", "10.90.0.2/32"), (a.IPAddress, a.Peer));
        JsonElement ip = IpAddrInfo("a0").EnumerateArray().Single(x => x.GetProperty("local").GetString() == "10.90.0.1");
        Assert.Equal("10.90.0.2", ip.GetProperty("address").GetString());
        Assert.Contains(RouteService.List(Host, IPFamily.IPv4), r => r.DestinationPrefix == "10.90.0.2/32");
    }

    [Fact]
    public void Noprefixroute_optimistic_and_lifetimes_are_sent_and_read_back_and_replace_changes()
    {
        NetIPAddress quiet = AddressService.Add(Host, "a0", IPPrefix.Parse("10.91.0.1/24"), new AddressOptions { NoPrefixRoute = true });
        Assert.Contains("noprefixroute", quiet.Flags);
        Assert.DoesNotContain(RouteService.List(Host, IPFamily.IPv4), r => r.DestinationPrefix == "10.91.0.0/24");

        // The kernel keeps the optimistic flag only where optimistic DAD is on for the link.
        NetSysctlService.Set(Host, "net.ipv6.conf.a0.optimistic_dad", "1");
        NetIPAddress timed = AddressService.Add(Host, "a0", IPPrefix.Parse("fd91::1/64"),
            new AddressOptions { Optimistic = true, ValidLifetime = TimeSpan.FromSeconds(300), PreferredLifetime = TimeSpan.FromSeconds(100) });
        Assert.Contains("optimistic", timed.Flags);
        Assert.InRange(timed.ValidLifetime!.Value.TotalSeconds, 290, 300);
        Assert.InRange(timed.PreferredLifetime!.Value.TotalSeconds, 90, 100);
        JsonElement ip = IpAddrInfo("a0").EnumerateArray().Single(x => x.GetProperty("local").GetString() == "fd91::1");
        Assert.True(ip.GetProperty("optimistic").GetBoolean());
        Assert.InRange(ip.GetProperty("valid_life_time").GetInt32(), 290, 300);

        NetIPAddress changed = AddressService.Add(Host, "a0", IPPrefix.Parse("fd91::1/64"),
            new AddressOptions { Replace = true, SkipDuplicateAddressDetection = true, ValidLifetime = TimeSpan.FromSeconds(600), PreferredLifetime = TimeSpan.FromSeconds(0) });
        Assert.InRange(changed.ValidLifetime!.Value.TotalSeconds, 590, 600);
        Assert.Contains("deprecated", changed.Flags); // preferred lifetime 0: deprecated at once
        Assert.Null(AddressService.Add(Host, "a0", IPPrefix.Parse("10.91.0.2/24"), new AddressOptions()).ValidLifetime); // forever
    }

    [Fact]
    public void An_IPv6_address_whose_DAD_finds_a_duplicate_reads_back_as_Duplicate_and_tentative_before()
    {
        NamespaceHandle other = _sandbox.NewNamespace("dad");
        LinkService.NewVeth(Host, "d0", "d0", other, new LinkOptions { Up = true });
        AddressService.Add(other, "d0", IPPrefix.Parse("fd92::1/64"), new AddressOptions { SkipDuplicateAddressDetection = true });

        NetIPAddress fresh = AddressService.Add(Host, "d0", IPPrefix.Parse("fd92::1/64"), new AddressOptions());
        Assert.Equal(AddressState.Tentative, fresh.AddressState);
        Assert.True(SpinWait.SpinUntil(() => AddressService.List(Host, "d0", IPFamily.IPv6).Any(x => x.IPAddress == "fd92::1" && x.AddressState == AddressState.Duplicate),
            TimeSpan.FromSeconds(10)), "DAD should find the other end's address");
        JsonElement ip = JsonDocument.Parse(Sandbox.Ip("-j addr show dev d0", _sandbox.Name("host"))).RootElement[0].GetProperty("addr_info")
            .EnumerateArray().Single(x => x.GetProperty("local").GetString() == "fd92::1");
        Assert.True(ip.GetProperty("dadfailed").GetBoolean());
    }

    [Fact]
    public void IPv6_address_without_DAD_is_usable_at_once()
    {
        NetIPAddress a = AddressService.Add(Host, "a0", IPPrefix.Parse("fd00:17::2/64"), new AddressOptions { SkipDuplicateAddressDetection = true });

        Assert.Equal(IPFamily.IPv6, a.AddressFamily);
        Assert.Equal(AddressState.Preferred, a.AddressState);
        Assert.Contains("nodad", a.Flags);
        Assert.Null(a.Broadcast);
        Assert.Contains(IpAddrInfo("a0").EnumerateArray(), x => x.GetProperty("local").GetString() == "fd00:17::2");
    }

    [Fact]
    public void Label_scope_and_filters()
    {
        AddressService.Add(Host, "a0", IPPrefix.Parse("10.9.0.1/24"), new AddressOptions { Label = "a0:web", Scope = NetScope.Link });
        AddressService.Add(Host, "a0peer", IPPrefix.Parse("10.9.1.1/24"), new AddressOptions());

        NetIPAddress labelled = Assert.Single(AddressService.List(Host, "a0", IPFamily.IPv4));
        Assert.Equal("a0:web", labelled.Label);
        Assert.Equal(NetScope.Link, labelled.Scope);
        Assert.Equal(["10.9.0.1", "10.9.1.1"], AddressService.List(Host, family: IPFamily.IPv4).Select(a => a.IPAddress).Order());
        Assert.Contains("start with the link name", Assert.Throws<EngineException>(() =>
            AddressService.Add(Host, "a0", IPPrefix.Parse("10.9.2.1/24"), new AddressOptions { Label = "web" })).Message);
    }

    [Fact]
    public void Duplicate_is_already_exists_and_removal_is_idempotent_only_in_error()
    {
        var p = IPPrefix.Parse("10.8.0.1/24");
        AddressService.Add(Host, "a0", p, new AddressOptions());

        var dup = Assert.Throws<EngineException>(() => AddressService.Add(Host, "a0", p, new AddressOptions()));
        Assert.Equal(EngineErrorKind.AlreadyExists, dup.Kind);
        Assert.Contains("address 10.8.0.1/24 on 'a0'", dup.Message);

        AddressService.Remove(Host, "a0", p);
        Assert.Empty(AddressService.List(Host, "a0", IPFamily.IPv4));
        var missing = Assert.Throws<EngineException>(() => AddressService.Remove(Host, "a0", p));
        Assert.Equal(EngineErrorKind.NotFound, missing.Kind);
        Assert.Contains("there is no address 10.8.0.1/24 on 'a0'", missing.Message);
    }

    [Fact]
    public void Unknown_link_and_broadcast_on_IPv6_are_refused()
    {
        Assert.Equal(EngineErrorKind.NotFound, Assert.Throws<EngineException>(() =>
            AddressService.Add(Host, "nosuch0", IPPrefix.Parse("10.7.0.1/24"), new AddressOptions())).Kind);
        Assert.Equal(EngineErrorKind.InvalidArgument, Assert.Throws<EngineException>(() =>
            AddressService.Add(Host, "a0", IPPrefix.Parse("fd00::1/64"), new AddressOptions { Broadcast = IPAddress.Parse("10.0.0.255") })).Kind);
    }
}
