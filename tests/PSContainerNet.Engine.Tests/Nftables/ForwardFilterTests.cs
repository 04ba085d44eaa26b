using System.Net;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Diagnostics;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Nftables;

namespace PSContainerNet.Engine.Tests.Nftables;

/// <summary>
/// The classic lab breaker, reproduced inside a sandbox "host": a Docker-like DROP policy on the forward hook
/// plus br_netfilter stops traffic between two ports of a lab bridge. What takes effect is checked, not assumed.
/// </summary>
public sealed class ForwardFilterTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly NamespaceHandle _box1;

    public ForwardFilterTests()
    {
        LinkService.NewBridge(_sandbox.Host, "br0", new BridgeOptions(), new LinkOptions { Up = true });
        _box1 = _sandbox.NewNamespace("box1");
        NamespaceHandle box2 = _sandbox.NewNamespace("box2");
        foreach (var (box, port, ip) in new[] { (_box1, "h1", "10.77.0.1/24"), (box2, "h2", "10.77.0.2/24") })
        {
            LinkService.NewVeth(_sandbox.Host, port, "eth0", box, new LinkOptions { Up = true });
            LinkService.Set(_sandbox.Host, port, new LinkSettings { Master = "br0" });
            AddressService.Add(box, "eth0", IPPrefix.Parse(ip), new AddressOptions());
        }
    }

    public void Dispose() => _sandbox.Dispose();

    private bool Box1ReachesBox2() => NetPing.Send(_box1, IPAddress.Parse("10.77.0.2"), count: 2, timeout: TimeSpan.FromMilliseconds(300), interval: TimeSpan.Zero).Success;

    private void Nft(params string[] arguments) =>
        Assert.Equal(0, NamespaceProcess.Run(_sandbox.Host, "nft", arguments).ExitCode);

    [Fact]
    public void A_foreign_drop_policy_with_br_netfilter_stops_bridged_traffic_and_only_skipping_the_ip_hooks_helps()
    {
        Assert.True(Box1ReachesBox2());
        ForwardFilterReport clean = ForwardFilter.Inspect(_sandbox.Host);
        Assert.False(clean.DropsBridgedTraffic);
        if (!clean.BridgeNetfilter)
        {
            return; // without br_netfilter, bridged traffic never meets the ip hooks: nothing more to show here
        }

        // What Docker does to the root namespace, done to the sandbox host.
        Nft("add", "table", "ip", "filter");
        Nft("add", "chain", "ip", "filter", "FORWARD", "{ type filter hook forward priority 0; policy drop; }");
        Assert.False(Box1ReachesBox2());

        ForwardFilterReport report = ForwardFilter.Inspect(_sandbox.Host);
        Assert.True(report.DropsBridgedTraffic);
        ForwardChain drop = Assert.Single(report.DropChains);
        Assert.Equal(("ip", "filter", "FORWARD", 0, false), (drop.Family, drop.Table, drop.Chain, drop.Priority, drop.Owned));
        Assert.Contains(report.Advice, a => a.Contains("cannot override it"));
        Assert.Contains(report.Advice, a => a.Contains("bridge-nf-call-iptables 0"));

        // Accept chains of another table, before and after the drop, change nothing: a drop anywhere is final.
        Nft("add", "table", "ip", "mine");
        Nft("add", "chain", "ip", "mine", "early", "{ type filter hook forward priority -10; policy accept; }");
        Nft("add", "rule", "ip", "mine", "early", "accept");
        Nft("add", "chain", "ip", "mine", "late", "{ type filter hook forward priority 10; policy accept; }");
        Nft("add", "rule", "ip", "mine", "late", "accept");
        Assert.False(Box1ReachesBox2());

        // Nor does the per-bridge option while the namespace-wide setting is on.
        Assert.Equal(0, NamespaceProcess.Run(_sandbox.Host, "ip", ["link", "set", "br0", "type", "bridge", "nf_call_iptables", "0"]).ExitCode);
        Assert.False(Box1ReachesBox2());

        // Skipping the ip hooks for bridged traffic in this namespace does.
        NetSysctlService.Set(_sandbox.Host, "net.bridge.bridge-nf-call-iptables", "0");
        Assert.True(Box1ReachesBox2());
        Assert.False(ForwardFilter.Inspect(_sandbox.Host).DropsBridgedTraffic);
    }

    [Fact]
    public void Forwarding_off_and_the_module_owned_nat_chains_are_reported()
    {
        // A new namespace copies the root's forwarding (on wherever Docker runs): turn it off here.
        NetSysctlService.Set(_sandbox.Host, "net.ipv4.ip_forward", "0");
        NatService.Add(_sandbox.Host, [new NatRuleSpec { Action = NatAction.Masquerade }]);
        ForwardFilterReport report = ForwardFilter.Inspect(_sandbox.Host);
        Assert.False(report.IPv4Forwarding);
        Assert.Contains(report.Advice, a => a.Contains("IPv4 forwarding is off"));
        Assert.Empty(report.ForwardChains); // NAT chains hook prerouting/output/postrouting, not forward
    }
}
