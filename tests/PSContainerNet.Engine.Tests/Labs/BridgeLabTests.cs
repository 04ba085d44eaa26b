using System.Net;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Diagnostics;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Routes;

namespace PSContainerNet.Engine.Tests.Labs;

/// <summary>The xunit twin of examples/BridgeLab.ps1: the seeds' box1/box2 on a bridge, from kernel objects only.</summary>
public sealed class BridgeLabTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Box1_and_box2_on_a_bridge_ping_each_other_and_the_gateway_then_vanish()
    {
        NamespaceHandle host = _sandbox.Host;
        LinkService.NewBridge(host, "docker0", new BridgeOptions(), new LinkOptions { Up = true });
        AddressService.Add(host, "docker0", IPPrefix.Parse("172.17.0.1/16"), new AddressOptions());
        var boxes = new Dictionary<string, NamespaceHandle>();
        foreach (var (box, ip) in new[] { ("box1", "172.17.0.2/16"), ("box2", "172.17.0.3/16") })
        {
            NamespaceHandle ns = _sandbox.NewNamespace(box);
            boxes[box] = ns;
            LinkService.NewVeth(host, "veth-" + box, "eth0", ns, new LinkOptions { Up = true });
            LinkService.Set(host, "veth-" + box, new LinkSettings { Master = "docker0" });
            LinkService.Set(ns, "lo", new LinkSettings { Up = true });
            AddressService.Add(ns, "eth0", IPPrefix.Parse(ip), new AddressOptions());
            RouteService.Add(ns, new RouteSpec { Destination = IPPrefix.Parse("default"), NextHop = IPAddress.Parse("172.17.0.1") });
        }

        Assert.True(NetPing.Send(boxes["box1"], IPAddress.Parse("172.17.0.3")).Success);
        Assert.True(NetPing.Send(boxes["box2"], IPAddress.Parse("172.17.0.2")).Success);
        Assert.True(NetPing.Send(boxes["box1"], IPAddress.Parse("172.17.0.1")).Success);

        Assert.Equal(["veth-box1", "veth-box2"], LinkService.List(host, new LinkFilter { Master = "docker0" }).Select(l => l.Name).Order());
        NetLink eth0 = LinkService.Get(boxes["box1"], "eth0");
        Assert.Equal("veth-box1", eth0.PeerName);
        Assert.Equal(_sandbox.Name("host"), eth0.PeerNamespace);
        Assert.Equal($"eth0@if{LinkService.Get(host, "veth-box1").Index}", eth0.DisplayName);

        _sandbox.Dispose();
        Assert.DoesNotContain(NetNamespaceStore.List(), n => n.Name.StartsWith(_sandbox.Prefix, StringComparison.Ordinal));
    }
}
