using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Diagnostics;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Nftables;
using PSContainerNet.Engine.Routes;

namespace PSContainerNet.Engine.Tests.Nftables;

/// <summary>
/// wan (10.200.0.2, a TCP server; no route to the lab) -- wan0 [host: br0 172.30.0.1/24, forwarding] -- box1 (172.30.0.2).
/// Everything lives in namespaces the test made; nothing touches the real host's tables.
/// </summary>
public sealed class NatServiceTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly NamespaceHandle _host;
    private readonly NamespaceHandle _wan;
    private readonly NamespaceHandle _box1;

    public NatServiceTests()
    {
        _host = _sandbox.Host;
        _wan = _sandbox.NewNamespace("wan");
        _box1 = _sandbox.NewNamespace("box1");
        Sandbox.Wire(_host, "wan0", "10.200.0.1/24", _wan, "eth0", "10.200.0.2/24");
        LinkService.NewBridge(_host, "br0", new BridgeOptions(), new LinkOptions { Up = true });
        AddressService.Add(_host, "br0", IPPrefix.Parse("172.30.0.1/24"), new AddressOptions());
        LinkService.NewVeth(_host, "h-box1", "eth0", _box1, new LinkOptions { Up = true });
        LinkService.Set(_host, "h-box1", new LinkSettings { Master = "br0" });
        LinkService.Set(_box1, "lo", new LinkSettings { Up = true });
        AddressService.Add(_box1, "eth0", IPPrefix.Parse("172.30.0.2/24"), new AddressOptions());
        RouteService.Add(_box1, new RouteSpec { Destination = IPPrefix.Parse("default"), NextHop = IPAddress.Parse("172.30.0.1") });
        NetSysctlService.Set(_host, "net.ipv4.ip_forward", "1");
    }

    public void Dispose() => _sandbox.Dispose();

    private static Socket Listen(NamespaceHandle ns, int port)
    {
        Socket listener = NamespaceSocket.Open(ns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Any, port));
        listener.Listen();
        return listener;
    }

    private static string AcceptedFrom(Socket listener)
    {
        using Socket accepted = listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
        return ((IPEndPoint)accepted.RemoteEndPoint!).Address.ToString();
    }

    private JsonElement NftTable() =>
        JsonDocument.Parse(Sandbox.Ip($"netns exec {_sandbox.Name("host")} nft -j list table ip {NatService.TableName}")).RootElement.GetProperty("nftables");

    [Fact]
    public void Masquerade_lets_box1_reach_the_wan_server_as_the_host_and_removal_isolates_it_again()
    {
        using Socket server = Listen(_wan, 9000);
        Assert.False(TcpProbe.Connect(_box1, IPAddress.Parse("10.200.0.2"), 9000, TimeSpan.FromMilliseconds(500)).Success);

        var rules = NatService.Add(_host, [new NatRuleSpec
        {
            Action = NatAction.Masquerade, Source = IPPrefix.Parse("172.30.0.0/24"), OutInterface = "br0", OutInterfaceNegated = true, Comment = "lab-out",
        }]);

        NatRule masq = Assert.Single(rules);
        Assert.Equal("postrouting", masq.Chain);
        Assert.Equal("172.30.0.0/24", masq.SourcePrefix);
        Assert.Equal("iifname", "iifname");
        Assert.Equal("oifname != \"br0\" ip saddr 172.30.0.0/24 counter masquerade comment \"lab-out\"", masq.Rule);
        Assert.True(TcpProbe.Connect(_box1, IPAddress.Parse("10.200.0.2"), 9000).Success);
        Assert.Equal("10.200.0.1", AcceptedFrom(server));
        Assert.True(NatService.List(_host).Single().Packets > 0);

        JsonElement nftRule = NftTable().EnumerateArray().Single(e => e.TryGetProperty("rule", out _)).GetProperty("rule");
        Assert.Equal("postrouting", nftRule.GetProperty("chain").GetString());
        Assert.Equal("lab-out", nftRule.GetProperty("comment").GetString());
        string expr = nftRule.GetProperty("expr").GetRawText();
        Assert.Contains("\"masquerade\"", expr);
        Assert.Contains("{\"prefix\":{\"addr\":\"172.30.0.0\",\"len\":24}}", expr.Replace(" ", string.Empty));

        Assert.Equal(1, NatService.Remove(_host, rules));
        Assert.Equal(0, NatService.Remove(_host, rules)); // idempotent
        Assert.False(TcpProbe.Connect(_box1, IPAddress.Parse("10.200.0.2"), 9000, TimeSpan.FromMilliseconds(500)).Success);
    }

    [Fact]
    public void Dnat_forwards_a_wan_client_to_box1_and_counts_it()
    {
        using Socket web = Listen(_box1, 80);
        var rules = NatService.Add(_host, [new NatRuleSpec
        {
            Action = NatAction.Dnat, Protocol = "tcp", Port = 8080, InInterface = "br0", InInterfaceNegated = true,
            ToAddress = IPAddress.Parse("172.30.0.2"), ToPort = 80, Comment = "web",
        }]);

        NatRule dnat = Assert.Single(rules);
        Assert.Equal("prerouting", dnat.Chain);
        Assert.True(dnat.LocalDestinationOnly);
        Assert.Equal(("tcp", 8080, "172.30.0.2", 80), (dnat.Protocol, dnat.DestinationPort, dnat.ToAddress, dnat.ToPort));
        Assert.Equal(0, dnat.Packets);

        Assert.True(TcpProbe.Connect(_wan, IPAddress.Parse("10.200.0.1"), 8080).Success);
        Assert.Equal("10.200.0.2", AcceptedFrom(web));
        NatRule after = NatService.List(_host).Single();
        Assert.True(after.Packets >= 1 && after.Bytes > 0, $"counters {after.Packets}/{after.Bytes}");

        string expr = NftTable().EnumerateArray().Single(e => e.TryGetProperty("rule", out _)).GetProperty("rule").GetProperty("expr").GetRawText().Replace(" ", string.Empty);
        Assert.Contains("\"dnat\":{\"addr\":\"172.30.0.2\",\"port\":80}", expr);
        Assert.Contains("\"right\":8080", expr);

        NatService.Remove(_host, rules);
        Assert.False(TcpProbe.Connect(_wan, IPAddress.Parse("10.200.0.1"), 8080, TimeSpan.FromMilliseconds(500)).Success);
    }

    [Fact]
    public void Local_and_hairpin_companions_let_the_host_and_box1_itself_use_the_forwarded_port()
    {
        using Socket web = Listen(_box1, 80);
        var rules = NatService.Add(_host, [new NatRuleSpec
        {
            Action = NatAction.Dnat, Protocol = "tcp", Port = 8081, ToAddress = IPAddress.Parse("172.30.0.2"), ToPort = 80,
            IncludeLocal = true, Hairpin = true, Comment = "web-all",
        }]);

        Assert.Equal(["output", "postrouting", "prerouting"], rules.Select(r => r.Chain).Order());
        Assert.All(rules, r => Assert.Equal("web-all", r.Comment));
        Assert.Equal("127.0.0.0/8", rules.Single(r => r.Chain == "output").DestinationPrefix);

        Assert.True(TcpProbe.Connect(_host, IPAddress.Parse("10.200.0.1"), 8081).Success); // from the host itself
        AcceptedFrom(web);
        // br_netfilter is active in every namespace here: the DNAT'd frame must leave through the port it came in on.
        Assert.False(TcpProbe.Connect(_box1, IPAddress.Parse("10.200.0.1"), 8081, TimeSpan.FromMilliseconds(500)).Success);
        LinkService.Set(_host, "h-box1", new LinkSettings { BridgePort = new BridgePortOptions { HairpinMode = true } });
        Assert.True(LinkService.Get(_host, "h-box1").HairpinMode);
        Assert.True(TcpProbe.Connect(_box1, IPAddress.Parse("10.200.0.1"), 8081).Success); // box1 to its own forwarded port
        Assert.Equal("172.30.0.1", AcceptedFrom(web)); // hairpin: masqueraded to the bridge address
    }

    [Fact]
    public void Five_hundred_rules_land_in_one_transaction()
    {
        uint before = NatService.Generation(_host);
        var specs = Enumerable.Range(0, 500).Select(i => new NatRuleSpec
        {
            Action = NatAction.Dnat, Protocol = i % 2 == 0 ? "tcp" : "udp", Port = 10000 + i,
            ToAddress = IPAddress.Parse("172.30.0.2"), ToPort = 20000 + i, Comment = $"bulk-{i}",
        }).ToList();

        var rules = NatService.Add(_host, specs);

        Assert.Equal(500, rules.Count);
        Assert.Equal(before + 1, NatService.Generation(_host));
        int listed = NftTable().EnumerateArray().Count(e => e.TryGetProperty("rule", out _));
        Assert.Equal(500, listed);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"bulk-{i}"), rules.Select(r => r.Comment));

        uint beforeRemove = NatService.Generation(_host);
        Assert.Equal(500, NatService.Remove(_host, rules));
        Assert.Equal(beforeRemove + 1, NatService.Generation(_host));
    }

    [Fact]
    public void A_batch_too_big_to_echo_is_read_back_instead()
    {
        var specs = Enumerable.Range(0, 1500).Select(i => new NatRuleSpec
        {
            Action = NatAction.Dnat, Protocol = "udp", Port = 30000 + i, ToAddress = IPAddress.Parse("172.30.0.2"),
        }).ToList();

        var rules = NatService.Add(_host, specs);

        Assert.Equal(1500, rules.Count);
        Assert.Equal(Enumerable.Range(30000, 1500), rules.Select(r => r.DestinationPort!.Value));
    }

    [Fact]
    public void A_bad_rule_in_a_batch_leaves_nothing_of_the_batch()
    {
        var specs = new List<NatRuleSpec>
        {
            new() { Action = NatAction.Masquerade, Source = IPPrefix.Parse("172.30.0.0/24") },
            new() { Action = NatAction.Dnat, Protocol = "tcp", Port = 81, ToAddress = IPAddress.Parse("172.30.0.2") },
            new() { Action = NatAction.Dnat, Protocol = "tcp", Port = 82, ToAddress = IPAddress.Parse("172.30.0.2"), ToPort = 70000 },
        };

        var e = Assert.Throws<EngineException>(() => NatService.Add(_host, specs));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Empty(NatService.List(_host));
    }

    [Theory]
    [InlineData("port-without-protocol", "a port needs -Protocol tcp or udp")]
    [InlineData("snat-without-address", "SNAT needs -ToAddress")]
    [InlineData("masquerade-with-address", "masquerade takes the outgoing interface's address")]
    [InlineData("dnat-with-oif", "there is no output interface to match")]
    [InlineData("bad-range", "is not a range")]
    [InlineData("mixed-families", "mix IPv4 and IPv6")]
    [InlineData("bad-protocol", "protocol 'icmp' is not supported")]
    public void Bad_input_says_what_to_change(string input, string message)
    {
        NatRuleSpec spec = input switch
        {
            "port-without-protocol" => new() { Action = NatAction.Dnat, Port = 80, ToAddress = IPAddress.Parse("172.30.0.2") },
            "snat-without-address" => new() { Action = NatAction.Snat },
            "masquerade-with-address" => new() { Action = NatAction.Masquerade, ToAddress = IPAddress.Parse("10.0.0.1") },
            "dnat-with-oif" => new() { Action = NatAction.Dnat, OutInterface = "wan0", ToAddress = IPAddress.Parse("172.30.0.2") },
            "bad-range" => new() { Action = NatAction.Dnat, Protocol = "tcp", Port = 90, PortEnd = 80, ToAddress = IPAddress.Parse("172.30.0.2") },
            "mixed-families" => new() { Action = NatAction.Snat, Source = IPPrefix.Parse("fd00::/64"), ToAddress = IPAddress.Parse("10.0.0.1") },
            _ => new() { Action = NatAction.Dnat, Protocol = "icmp", ToAddress = IPAddress.Parse("172.30.0.2") },
        };

        var e = Assert.Throws<EngineException>(() => NatService.Add(_host, [spec]));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Unknown_interfaces_are_allowed_but_reported()
    {
        var spec = new NatRuleSpec { Action = NatAction.Masquerade, OutInterface = "nosuch0" };
        Assert.Equal(["nosuch0"], NatService.UnknownInterfaces(_host, [spec]));
        Assert.Single(NatService.Add(_host, [spec]));
    }

    [Fact]
    public void Snat_port_range_and_ipv6_rules_read_back_as_written()
    {
        var rules = NatService.Add(_host,
        [
            new() { Action = NatAction.Snat, Source = IPPrefix.Parse("172.30.0.0/25"), Protocol = "udp", ToAddress = IPAddress.Parse("10.200.0.1"), ToPort = 30000, ToPortEnd = 30999 },
            new() { Action = NatAction.Dnat, Destination = IPPrefix.Parse("10.200.0.1/32"), Protocol = "tcp", Port = 8000, PortEnd = 8009, ToAddress = IPAddress.Parse("172.30.0.2") },
            new() { Action = NatAction.Masquerade, Source = IPPrefix.Parse("fd00:30::/64") },
        ]);

        NatRule snat = rules.Single(r => r.Action == NatAction.Snat);
        Assert.Equal("172.30.0.0/25", snat.SourcePrefix);
        Assert.Equal((30000, 30999), (snat.ToPort, snat.ToPortEnd));
        NatRule dnat = rules.Single(r => r.Action == NatAction.Dnat);
        Assert.Equal(("10.200.0.1/32", 8000, 8009), (dnat.DestinationPrefix, dnat.DestinationPort, dnat.DestinationPortEnd));
        Assert.False(dnat.LocalDestinationOnly);
        NatRule v6 = rules.Single(r => r.Family == IPFamily.IPv6);
        Assert.Equal("fd00:30::/64", v6.SourcePrefix);
        Assert.Contains("ip6 pscontainernet", Sandbox.Ip($"netns exec {_sandbox.Name("host")} nft list tables"));
    }

    [Fact]
    public void A_table_deleted_behind_our_back_is_declared_again()
    {
        NatService.Add(_host, [new NatRuleSpec { Action = NatAction.Masquerade, Comment = "first" }]);
        Sandbox.Ip($"netns exec {_sandbox.Name("host")} nft delete table ip {NatService.TableName}");

        NatRule again = Assert.Single(NatService.Add(_host, [new NatRuleSpec { Action = NatAction.Masquerade, Comment = "second" }]));

        Assert.Equal("second", again.Comment);
        Assert.Equal(["second"], NatService.List(_host).Select(r => r.Comment));
    }

    [Fact]
    public void A_namespace_that_does_not_exist_is_not_found()
    {
        Assert.Equal(EngineErrorKind.NotFound, Assert.Throws<EngineException>(() => NamespaceHandle.Resolve(_sandbox.Name("nope"))).Kind);
    }
}
