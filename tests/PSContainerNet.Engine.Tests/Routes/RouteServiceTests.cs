using System.Net;
using System.Text.Json;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Routes;

namespace PSContainerNet.Engine.Tests.Routes;

public sealed class RouteServiceTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly NamespaceHandle _peer;

    public RouteServiceTests()
    {
        _peer = _sandbox.NewNamespace("peer");
        Sandbox.Wire(Host, "r0", "10.50.0.1/24", _peer, "r0", "10.50.0.2/24");
        AddressService.Add(Host, "r0", IPPrefix.Parse("fd00:50::1/64"), new AddressOptions { SkipDuplicateAddressDetection = true });
    }

    private NamespaceHandle Host => _sandbox.Host;

    public void Dispose() => _sandbox.Dispose();

    private JsonElement IpRoute(string args) =>
        JsonDocument.Parse(Sandbox.Ip("-j route show " + args, _sandbox.Name("host"))).RootElement;

    [Fact]
    public void Connected_route_from_the_address_is_listed_as_the_kernel_made_it()
    {
        NetRoute r = Assert.Single(RouteService.List(Host, IPFamily.IPv4));
        Assert.Equal("10.50.0.0/24", r.DestinationPrefix);
        Assert.Null(r.NextHop);
        Assert.Equal("r0", r.InterfaceAlias);
        Assert.Equal("kernel", r.Protocol);
        Assert.Equal(NetScope.Link, r.Scope);
        Assert.Equal("10.50.0.1", r.PreferredSource);
        Assert.Equal(254, r.Table);
    }

    [Fact]
    public void Default_route_via_a_gateway_matches_ip_route()
    {
        NetRoute r = RouteService.Add(Host, new RouteSpec { Destination = IPPrefix.Parse("default"), NextHop = IPAddress.Parse("10.50.0.2") });

        Assert.True(r.IsDefault);
        Assert.Equal("0.0.0.0/0", r.DestinationPrefix);
        Assert.Equal("10.50.0.2", r.NextHop);
        Assert.Equal("r0", r.InterfaceAlias);
        Assert.Equal("static", r.Protocol);
        JsonElement ip = IpRoute("default")[0];
        Assert.Equal("10.50.0.2", ip.GetProperty("gateway").GetString());
        Assert.Equal("r0", ip.GetProperty("dev").GetString());
        Assert.Equal("static", ip.GetProperty("protocol").GetString());
    }

    [Theory]
    [InlineData("10.60.0.0/16", "10.50.0.2")]
    [InlineData("fd60::/64", "fd00:50::2")]
    public void Adding_a_route_costs_the_same_in_a_busy_namespace_no_dump_of_routes_or_links(string destination, string nextHop)
    {
        for (int i = 0; i < 50; i++)
        {
            LinkService.CreateVeth(Host, $"busy{i}", $"busy{i}p", null, new LinkOptions { Queues = 1 });
        }

        var sent = new List<byte[]>();
        NetRoute added;
        using (PSContainerNet.Engine.Netlink.NetlinkTrace.Capture(sent.Add))
        {
            added = RouteService.Add(Host, new RouteSpec { Destination = IPPrefix.Parse(destination), NextHop = IPAddress.Parse(nextHop) });
        }

        Assert.Equal(destination, added.DestinationPrefix);
        Assert.Equal(nextHop, added.NextHop);
        Assert.Equal("r0", added.InterfaceAlias);
        // The RTM_NEWROUTE (echoed back) and one RTM_GETLINK for the interface's name: nothing dumped.
        Assert.DoesNotContain(sent, m => (BitConverter.ToUInt16(m, 6) & 0x300) == 0x300);
        Assert.Equal([24, 18], sent.Select(m => (int)BitConverter.ToUInt16(m, 4)));
    }

    [Fact]
    public void A_multipath_route_made_by_ip_reads_back_every_next_hop_with_its_weight()
    {
        Sandbox.Wire(Host, "r1", "10.51.0.1/24", _peer, "r1", "10.51.0.2/24");
        Sandbox.Ip("route add 10.9.0.0/24 nexthop via 10.50.0.2 dev r0 weight 1 nexthop via 10.51.0.2 dev r1 weight 3", _sandbox.Name("host"));

        NetRoute r = Assert.Single(RouteService.List(Host, destination: IPPrefix.Parse("10.9.0.0/24")));

        Assert.True(r.IsMultipath);
        Assert.Null(r.NextHop);
        Assert.Equal([("10.50.0.2", "r0", 1), ("10.51.0.2", "r1", 3)], r.NextHops.Select(h => (h.NextHop, h.InterfaceAlias, h.Weight)));
        var ip = IpRoute("10.9.0.0/24")[0].GetProperty("nexthops").EnumerateArray()
            .Select(h => (h.GetProperty("gateway").GetString(), h.GetProperty("dev").GetString(), h.GetProperty("weight").GetInt32()));
        Assert.Equal(ip, r.NextHops.Select(h => (h.NextHop, h.InterfaceAlias, h.Weight)));
        Assert.Equal("10.9.0.0/24 nexthop via 10.50.0.2 dev r0 nexthop via 10.51.0.2 dev r1 weight 3", r.ToString());
    }

    [Fact]
    public void An_IPv4_route_via_an_IPv6_gateway_keeps_its_gateway()
    {
        Sandbox.Ip("route add 10.5.0.0/24 via inet6 fe80::1 dev r0", _sandbox.Name("host"));

        NetRoute r = Assert.Single(RouteService.List(Host, destination: IPPrefix.Parse("10.5.0.0/24")));

        Assert.Equal("fe80::1", r.NextHop);
        Assert.Equal("r0", r.InterfaceAlias);
        Assert.Equal("fe80::1", IpRoute("10.5.0.0/24")[0].GetProperty("via").GetProperty("host").GetString());
    }

    [Theory]
    [InlineData(RouteType.Blackhole, "blackhole")]
    [InlineData(RouteType.Unreachable, "unreachable")]
    [InlineData(RouteType.Prohibit, "prohibit")]
    [InlineData(RouteType.Throw, "throw")]
    public void Routes_that_refuse_traffic_are_made_and_read_back_as_ip_shows_them(RouteType type, string ipType)
    {
        NetRoute r = RouteService.Add(Host, new RouteSpec { Destination = IPPrefix.Parse("10.70.0.0/24"), Type = type });

        Assert.Equal(ipType, r.Type);
        Assert.Empty(r.NextHops);
        Assert.Equal(ipType, IpRoute("10.70.0.0/24")[0].GetProperty("type").GetString());
        if (type != RouteType.Throw)
        {
            var e = Assert.Throws<EngineException>(() => RouteService.Find(Host, IPAddress.Parse("10.70.0.9")));
            Assert.Equal(EngineErrorKind.NotFound, e.Kind);
            Assert.Contains($"{ipType} route covers it", e.Message);
        }
    }

    [Fact]
    public void A_local_route_is_host_scope_in_the_local_table()
    {
        NetRoute r = RouteService.Add(Host, new RouteSpec { Destination = IPPrefix.Parse("10.71.0.1/32"), Type = RouteType.Local, InterfaceAlias = "r0", Table = 255 });

        Assert.Equal("local", r.Type);
        Assert.Equal(NetScope.Host, r.Scope);
        JsonElement ip = JsonDocument.Parse(Sandbox.Ip("-j route show table local 10.71.0.1", _sandbox.Name("host"))).RootElement[0];
        Assert.Equal("local", ip.GetProperty("type").GetString());
        Assert.Equal("host", ip.GetProperty("scope").GetString());
    }

    [Fact]
    public void Onlink_protocol_scope_source_and_metrics_are_sent_and_read_back()
    {
        NetRoute r = RouteService.Add(Host, new RouteSpec
        {
            Destination = IPPrefix.Parse("10.72.0.0/24"), NextHop = IPAddress.Parse("10.99.0.1"), InterfaceAlias = "r0", OnLink = true,
            Protocol = 12, PreferredSource = IPAddress.Parse("10.50.0.1"), Mtu = 1400, AdvertisedMss = 1360, HopLimit = 32,
        });

        Assert.True(Assert.Single(r.NextHops).OnLink);
        Assert.Equal("bird", r.Protocol);
        Assert.Equal("10.50.0.1", r.PreferredSource);
        Assert.Equal((1400, 1360, 32), (r.Mtu, r.AdvertisedMss, r.HopLimit));
        JsonElement ip = IpRoute("10.72.0.0/24")[0];
        Assert.Contains("onlink", ip.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("bird", ip.GetProperty("protocol").GetString());
        Assert.Equal("10.50.0.1", ip.GetProperty("prefsrc").GetString());
        Assert.Equal(1400, ip.GetProperty("metrics")[0].GetProperty("mtu").GetInt32());
        Assert.Equal(1360, ip.GetProperty("metrics")[0].GetProperty("advmss").GetInt32());
        Assert.Equal(32, ip.GetProperty("metrics")[0].GetProperty("hoplimit").GetInt32());
    }

    [Fact]
    public void Replace_creates_or_changes_and_append_adds_beside()
    {
        var viaPeer = new RouteSpec { Destination = IPPrefix.Parse("10.73.0.0/24"), NextHop = IPAddress.Parse("10.50.0.2") };
        RouteService.Add(Host, viaPeer, RouteWriteMode.Replace); // nothing there yet: it is created
        NetRoute changed = RouteService.Add(Host, new RouteSpec { Destination = IPPrefix.Parse("10.73.0.0/24"), InterfaceAlias = "r0" }, RouteWriteMode.Replace);

        Assert.Null(changed.NextHop);
        Assert.Equal("r0", changed.InterfaceAlias);
        Assert.Single(RouteService.List(Host, destination: IPPrefix.Parse("10.73.0.0/24")));
        Assert.Equal(EngineErrorKind.AlreadyExists, Assert.Throws<EngineException>(() =>
            RouteService.Add(Host, new RouteSpec { Destination = IPPrefix.Parse("10.73.0.0/24"), InterfaceAlias = "r0" })).Kind);

        RouteService.Add(Host, viaPeer, RouteWriteMode.Append);
        Assert.Equal(2, IpRoute("10.73.0.0/24").GetArrayLength());
        Assert.Equal(2, RouteService.List(Host, destination: IPPrefix.Parse("10.73.0.0/24")).Count);
    }

    [Fact]
    public void A_multipath_route_is_made_with_its_weights_as_ip_would()
    {
        Sandbox.Wire(Host, "r1", "10.51.0.1/24", _peer, "r1", "10.51.0.2/24");
        NetRoute r = RouteService.Add(Host, new RouteSpec
        {
            Destination = IPPrefix.Parse("10.74.0.0/24"),
            NextHops = [new RouteNextHopSpec(IPAddress.Parse("10.50.0.2"), "r0", 2), new RouteNextHopSpec(IPAddress.Parse("10.51.0.2"), "r1")],
        });

        Assert.True(r.IsMultipath);
        var ours = r.NextHops.Select(h => (h.NextHop, h.InterfaceAlias, h.Weight)).ToList();
        Assert.Equal([("10.50.0.2", "r0", 2), ("10.51.0.2", "r1", 1)], ours);
        var ip = IpRoute("10.74.0.0/24")[0].GetProperty("nexthops").EnumerateArray()
            .Select(h => (h.GetProperty("gateway").GetString(), h.GetProperty("dev").GetString(), h.GetProperty("weight").GetInt32()));
        Assert.Equal(ip, ours);
    }

    [Fact]
    public void An_IPv4_route_via_an_IPv6_gateway_and_an_IPv6_route_via_a_link_local_are_made()
    {
        NetRoute v4 = RouteService.Add(Host, new RouteSpec { Destination = IPPrefix.Parse("10.75.0.0/24"), NextHop = IPAddress.Parse("fe80::2"), InterfaceAlias = "r0" });
        NetRoute v6 = RouteService.Add(Host, new RouteSpec { Destination = IPPrefix.Parse("fd75::/64"), NextHop = IPAddress.Parse("fe80::2"), InterfaceAlias = "r0" });

        Assert.Equal(("fe80::2", "r0"), (v4.NextHop, v4.InterfaceAlias));
        Assert.Equal(("fe80::2", "r0"), (v6.NextHop, v6.InterfaceAlias));
        Assert.Equal("fe80::2", IpRoute("10.75.0.0/24")[0].GetProperty("via").GetProperty("host").GetString());
        Assert.Equal("fe80::2", JsonDocument.Parse(Sandbox.Ip("-j -6 route show fd75::/64", _sandbox.Name("host"))).RootElement[0].GetProperty("gateway").GetString());
    }

    [Fact]
    public void Find_says_which_route_interface_gateway_and_source_the_kernel_would_use_as_ip_route_get()
    {
        RouteService.Add(Host, new RouteSpec { Destination = IPPrefix.Parse("default"), NextHop = IPAddress.Parse("10.50.0.2") });

        NetRoute r = RouteService.Find(Host, IPAddress.Parse("198.51.100.7"));

        JsonElement ip = JsonDocument.Parse(Sandbox.Ip("-j route get 198.51.100.7", _sandbox.Name("host"))).RootElement[0];
        Assert.Equal(ip.GetProperty("gateway").GetString(), r.NextHop);
        Assert.Equal(ip.GetProperty("dev").GetString(), r.InterfaceAlias);
        Assert.Equal(ip.GetProperty("prefsrc").GetString(), r.PreferredSource);
        Assert.Equal("198.51.100.7/32", r.DestinationPrefix);
        Assert.Equal("fd00:50::1", RouteService.Find(Host, IPAddress.Parse("fd00:50::2")).PreferredSource);
    }

    [Fact]
    public void Find_without_a_route_is_not_found_saying_so()
    {
        var e = Assert.Throws<EngineException>(() => RouteService.Find(_peer, IPAddress.Parse("203.0.113.9")));
        Assert.Equal(EngineErrorKind.NotFound, e.Kind);
        Assert.Contains("no route leads there", e.Message);
    }

    [Fact]
    public void On_link_route_with_metric_and_an_IPv6_route()
    {
        NetRoute onLink = RouteService.Add(Host, new RouteSpec { Destination = IPPrefix.Parse("10.60.0.0/16"), InterfaceAlias = "r0", Metric = 50 });
        Assert.Equal(50, onLink.RouteMetric);
        Assert.Equal(NetScope.Link, onLink.Scope);
        Assert.Equal(50, IpRoute("10.60.0.0/16")[0].GetProperty("metric").GetInt32());

        NetRoute v6 = RouteService.Add(Host, new RouteSpec { Destination = IPPrefix.Parse("fd00:99::/48"), NextHop = IPAddress.Parse("fd00:50::2") });
        Assert.Equal(IPFamily.IPv6, v6.AddressFamily);
        Assert.Equal("fd00:50::2", v6.NextHop);
        Assert.Contains(RouteService.List(Host, IPFamily.IPv6), r => r.DestinationPrefix == "fd00:99::/48");
    }

    [Fact]
    public void Gateway_on_no_link_is_refused_with_advice()
    {
        var e = Assert.Throws<EngineException>(() =>
            RouteService.Add(Host, new RouteSpec { Destination = IPPrefix.Parse("10.70.0.0/16"), NextHop = IPAddress.Parse("10.99.99.1") }));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("next hop 10.99.99.1 is not on any link", e.Message);
        Assert.Contains("Nexthop has invalid gateway", e.Message);
    }

    [Fact]
    public void Duplicate_removal_and_missing_route()
    {
        var spec = new RouteSpec { Destination = IPPrefix.Parse("10.80.0.0/16"), NextHop = IPAddress.Parse("10.50.0.2") };
        RouteService.Add(Host, spec);
        Assert.Equal(EngineErrorKind.AlreadyExists, Assert.Throws<EngineException>(() => RouteService.Add(Host, spec)).Kind);

        RouteService.Remove(Host, spec);
        Assert.DoesNotContain(RouteService.List(Host), r => r.DestinationPrefix == "10.80.0.0/16");
        var missing = Assert.Throws<EngineException>(() => RouteService.Remove(Host, spec));
        Assert.Equal(EngineErrorKind.NotFound, missing.Kind);
        Assert.Contains("there is no route to 10.80.0.0/16 via 10.50.0.2", missing.Message);
    }

    [Fact]
    public void Mixed_families_and_a_route_with_neither_gateway_nor_interface_are_refused()
    {
        Assert.Contains("an IPv6 route cannot go via an IPv4 gateway", Assert.Throws<EngineException>(() =>
            RouteService.Add(Host, new RouteSpec { Destination = IPPrefix.Parse("fd90::/64"), NextHop = IPAddress.Parse("10.50.0.2") })).Message);
        Assert.Contains("is an IPv6 address but the destination", Assert.Throws<EngineException>(() =>
            RouteService.Add(Host, new RouteSpec { Destination = IPPrefix.Parse("10.90.0.0/16"), InterfaceAlias = "r0", PreferredSource = IPAddress.Parse("fd00:50::1") })).Message);
        Assert.Contains("needs a next hop, an interface, or both", Assert.Throws<EngineException>(() =>
            RouteService.Add(Host, new RouteSpec { Destination = IPPrefix.Parse("10.90.0.0/16") })).Message);
    }

    [Fact]
    public void Table_zero_lists_every_table()
    {
        Assert.Contains(RouteService.List(Host, IPFamily.IPv4, table: 0), r => r.Table == 255 && r.Type == "local");
        Assert.DoesNotContain(RouteService.List(Host, IPFamily.IPv4), r => r.Table == 255);
    }
}
