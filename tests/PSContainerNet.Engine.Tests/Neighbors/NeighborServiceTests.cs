using System.Net;
using System.Text.Json;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Diagnostics;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Neighbors;

namespace PSContainerNet.Engine.Tests.Neighbors;

/// <summary>ARP and neighbour discovery entries (ip neigh), with iproute2 as the oracle.</summary>
public sealed class NeighborServiceTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly NamespaceHandle _peer;

    public NeighborServiceTests()
    {
        _peer = _sandbox.NewNamespace("peer");
        Sandbox.Wire(Host, "n0", "10.81.0.1/24", _peer, "n0", "10.81.0.2/24");
    }

    private NamespaceHandle Host => _sandbox.Host;

    private string HostName => _sandbox.Name("host");

    public void Dispose() => _sandbox.Dispose();

    private JsonElement IpNeigh(string args) => JsonDocument.Parse(Sandbox.Ip("-j neigh show " + args, HostName)).RootElement;

    [Fact]
    public void A_neighbour_learned_by_ping_is_reachable_with_the_peer_s_MAC_as_ip_neigh_shows()
    {
        Assert.True(NetPing.Send(Host, IPAddress.Parse("10.81.0.2"), count: 1).Success);
        string peerMac = LinkService.Get(_peer, "n0").MacAddress!;

        NetNeighbor n = Assert.Single(NeighborService.List(Host, "n0", IPFamily.IPv4));

        Assert.Equal(("10.81.0.2", peerMac, "n0"), (n.IPAddress, n.LinkLayerAddress, n.InterfaceAlias));
        Assert.True(n.State is NeighborState.Reachable or NeighborState.Stale or NeighborState.Delay, n.State.ToString());
        JsonElement ip = IpNeigh("dev n0 10.81.0.2")[0];
        Assert.Equal(peerMac, ip.GetProperty("lladdr").GetString());
        Assert.Contains(n.State.ToString().ToUpperInvariant(), ip.GetProperty("state").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public void A_permanent_entry_is_added_replaced_and_removed_and_a_link_is_flushed()
    {
        NetNeighbor added = NeighborService.Add(Host, "n0", IPAddress.Parse("10.81.0.50"), "02:00:00:00:00:50");
        Assert.Equal((NeighborState.Permanent, "02:00:00:00:00:50"), (added.State, added.LinkLayerAddress));
        JsonElement ip = IpNeigh("dev n0 10.81.0.50")[0];
        Assert.Equal("02:00:00:00:00:50", ip.GetProperty("lladdr").GetString());
        Assert.Contains("PERMANENT", ip.GetProperty("state").EnumerateArray().Select(s => s.GetString()));

        Assert.Equal(EngineErrorKind.AlreadyExists, Assert.Throws<EngineException>(() =>
            NeighborService.Add(Host, "n0", IPAddress.Parse("10.81.0.50"), "02:00:00:00:00:51")).Kind);
        Assert.Equal("02:00:00:00:00:51", NeighborService.Add(Host, "n0", IPAddress.Parse("10.81.0.50"), "02:00:00:00:00:51", replace: true).LinkLayerAddress);

        NeighborService.Add(Host, "n0", IPAddress.Parse("fd81::50"), "02:00:00:00:00:52");
        Assert.Equal(1, NeighborService.Remove(Host, "n0", IPAddress.Parse("10.81.0.50")));
        Assert.Equal(EngineErrorKind.NotFound, Assert.Throws<EngineException>(() => NeighborService.Remove(Host, "n0", IPAddress.Parse("10.81.0.50"))).Kind);
        Assert.True(NeighborService.Remove(Host, "n0", null) >= 1);
        // What the kernel maps itself (multicast, NOARP) stays, as ip neigh flush leaves it.
        Assert.All(NeighborService.List(Host, "n0"), n => Assert.Equal(NeighborState.NoArp, n.State));
        Assert.All(IpNeigh("dev n0").EnumerateArray(), n => Assert.Contains("NOARP", n.GetProperty("state").EnumerateArray().Select(s => s.GetString())));
    }

    [Fact]
    public void Proxy_entries_are_listed_apart_as_ip_neigh_show_proxy()
    {
        NetNeighbor proxy = NeighborService.Add(Host, "n0", IPAddress.Parse("10.81.0.99"), null, proxy: true);

        Assert.True(proxy.IsProxy);
        Assert.DoesNotContain(NeighborService.List(Host, "n0"), n => n.IPAddress == "10.81.0.99");
        Assert.Equal("10.81.0.99", IpNeigh("proxy dev n0")[0].GetProperty("dst").GetString());
        Assert.Equal(1, NeighborService.Remove(Host, "n0", IPAddress.Parse("10.81.0.99"), proxy: true));
        Assert.Empty(NeighborService.List(Host, "n0", proxy: true));
    }

    [Fact]
    public void A_permanent_entry_without_a_MAC_is_refused_before_the_kernel_is_asked()
    {
        var e = Assert.Throws<EngineException>(() => NeighborService.Add(Host, "n0", IPAddress.Parse("10.81.0.60"), null));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("needs its link-layer (MAC) address", e.Message);
    }
}
