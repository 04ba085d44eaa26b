using System.Net;
using System.Text.Json;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

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
