using System.Net;
using System.Text.Json;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Tests.Links;

public sealed class LinkServiceTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private NamespaceHandle Host => _sandbox.Host;

    private string HostName => _sandbox.Name("host");

    [Fact]
    public void Veth_peer_is_created_inside_the_target_namespace_and_the_pair_relation_is_resolved()
    {
        NamespaceHandle box1 = _sandbox.NewNamespace("box1");

        var (local, peer) = LinkService.NewVeth(Host, "h1", "eth0", box1, new LinkOptions { Mtu = 1400, MacAddress = "02:00:00:00:00:01" },
            new VethPeerOptions { MacAddress = "02:00:00:00:00:02" });

        Assert.Equal("veth", local.Kind);
        Assert.Equal("eth0", peer.Name);
        Assert.Equal(_sandbox.Name("box1"), peer.Namespace);
        Assert.Equal(peer.Index, local.PeerIndex);
        Assert.Equal(local.Index, peer.PeerIndex);
        Assert.Equal("eth0", local.PeerName);
        Assert.Equal(_sandbox.Name("box1"), local.PeerNamespace);
        Assert.Equal("h1", peer.PeerName);
        Assert.Equal(HostName, peer.PeerNamespace);
        Assert.Equal($"eth0@if{local.Index}", peer.DisplayName);

        JsonElement ipLocal = Sandbox.IpLink("h1", HostName);
        JsonElement ipPeer = Sandbox.IpLink("eth0", _sandbox.Name("box1"));
        Assert.Equal(1400, ipLocal.GetProperty("mtu").GetInt32());
        Assert.Equal(1400, ipPeer.GetProperty("mtu").GetInt32());
        Assert.Equal("02:00:00:00:00:01", ipLocal.GetProperty("address").GetString());
        Assert.Equal("02:00:00:00:00:02", ipPeer.GetProperty("address").GetString());
        Assert.Equal(peer.Index, ipLocal.GetProperty("link_index").GetInt32());
        Assert.Equal(local.Index, ipPeer.GetProperty("link_index").GetInt32());
        Assert.Equal("veth", ipLocal.GetProperty("linkinfo").GetProperty("info_kind").GetString());
    }

    [Fact]
    public void Veth_ends_take_their_own_mtu_txqueuelen_and_queues_as_ip_reads_them()
    {
        NamespaceHandle box = _sandbox.NewNamespace("perend");

        var (local, peer) = LinkService.NewVeth(Host, "pe0", "eth0", box,
            new LinkOptions { Mtu = 9000, TxQueueLength = 500, Queues = 2 },
            new VethPeerOptions { Mtu = 1500, TxQueueLength = 100, Queues = 1 });

        Assert.Equal((9000, 500, 2, 2), (local.Mtu, local.TxQueueLength, local.TransmitQueues, local.ReceiveQueues));
        Assert.Equal((1500, 100, 1, 1), (peer.Mtu, peer.TxQueueLength, peer.TransmitQueues, peer.ReceiveQueues));
        JsonElement ipLocal = Sandbox.IpLink("pe0", HostName);
        JsonElement ipPeer = Sandbox.IpLink("eth0", _sandbox.Name("perend"));
        Assert.Equal((9000, 500, 2, 2), (ipLocal.GetProperty("mtu").GetInt32(), ipLocal.GetProperty("txqlen").GetInt32(),
            ipLocal.GetProperty("num_tx_queues").GetInt32(), ipLocal.GetProperty("num_rx_queues").GetInt32()));
        Assert.Equal((1500, 100, 1, 1), (ipPeer.GetProperty("mtu").GetInt32(), ipPeer.GetProperty("txqlen").GetInt32(),
            ipPeer.GetProperty("num_tx_queues").GetInt32(), ipPeer.GetProperty("num_rx_queues").GetInt32()));

        // Without peer overrides the pair's settings reach both ends.
        var (both, bothPeer) = LinkService.NewVeth(Host, "pe1", "pe1peer", null, new LinkOptions { Mtu = 1400, TxQueueLength = 42 });
        Assert.Equal((1400, 42), (both.Mtu, both.TxQueueLength));
        Assert.Equal((1400, 42), (bothPeer.Mtu, bothPeer.TxQueueLength));
    }

    [Fact]
    public void Veth_created_up_has_both_ends_up()
    {
        NamespaceHandle box = _sandbox.NewNamespace("upbox");
        var (local, peer) = LinkService.NewVeth(Host, "u1", "eth0", box, new LinkOptions { Up = true });
        Assert.Equal(LinkAdminState.Up, local.AdminState);
        Assert.Equal(LinkAdminState.Up, peer.AdminState);
        Assert.Contains("UP", Sandbox.IpLink("eth0", _sandbox.Name("upbox")).GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public void Veth_made_with_a_master_and_one_queue_joins_the_bridge_and_comes_up_in_two_requests()
    {
        NamespaceHandle box = _sandbox.NewNamespace("mbox");
        LinkService.NewBridge(Host, "mbr0", new BridgeOptions(), new LinkOptions { Up = true });
        var changes = new List<string>();

        using (PSContainerNet.Engine.Netlink.NetlinkTrace.To(changes.Add))
        {
            LinkService.CreateVeth(Host, "mport", "eth0", box, new LinkOptions { Up = true, Master = "mbr0", Queues = 1 });
        }

        // The creating request enslaves the port and brings it up; only the peer needs a second one.
        Assert.Equal(2, changes.Count(c => c.Contains("RTM_NEWLINK", StringComparison.Ordinal)));
        Assert.Equal("mbr0", Sandbox.IpLink("mport", HostName).GetProperty("master").GetString());
        Assert.Equal(LinkAdminState.Up, LinkService.Get(Host, "mport").AdminState);
        Assert.Equal(LinkAdminState.Up, LinkService.Get(box, "eth0").AdminState);
        foreach (var (name, netns) in new[] { ("mport", HostName), ("eth0", _sandbox.Name("mbox")) })
        {
            JsonElement link = Sandbox.IpLink(name, netns);
            Assert.Equal(1, link.GetProperty("num_tx_queues").GetInt32());
            Assert.Equal(1, link.GetProperty("num_rx_queues").GetInt32());
        }

        var e = Assert.Throws<EngineException>(() => LinkService.CreateVeth(Host, "qport", "qpeer", null, new LinkOptions { Queues = 0 }));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("0 queues is out of range", e.Message);
    }

    [Fact]
    public void Veth_whose_master_cannot_take_ports_is_not_made_at_all()
    {
        NamespaceHandle box = _sandbox.NewNamespace("nmbox");
        LinkService.NewVeth(Host, "notbr", "notbrp", null, new LinkOptions());

        var e = Assert.Throws<EngineException>(() => LinkService.CreateVeth(Host, "nmport", "eth0", box, new LinkOptions { Master = "notbr" }));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("'notbr' cannot take ports", e.Message);
        Assert.False(LinkService.Exists(Host, "nmport"));
        Assert.False(LinkService.Exists(box, "eth0"));

        var missing = Assert.Throws<EngineException>(() => LinkService.CreateVeth(Host, "nmport", "eth0", box, new LinkOptions { Master = "nosuchbr" }));
        Assert.Equal(EngineErrorKind.NotFound, missing.Kind);
        Assert.Contains("master 'nosuchbr' not found", missing.Message);
    }

    [Fact]
    public void Veth_whose_peer_namespace_is_unknown_is_not_made_at_all()
    {
        Assert.Throws<EngineException>(() =>
            LinkService.NewVeth(Host, "h9", "eth0", NamespaceHandle.Resolve(_sandbox.Name("nope")), new LinkOptions()));
        Assert.DoesNotContain(LinkService.List(Host), l => l.Name == "h9");
    }

    [Fact]
    public void Veth_whose_peer_name_is_taken_in_the_target_leaves_nothing_behind()
    {
        NamespaceHandle box = _sandbox.NewNamespace("taken");
        LinkService.NewBridge(box, "eth0", new BridgeOptions(), new LinkOptions());

        var e = Assert.Throws<EngineException>(() => LinkService.NewVeth(Host, "h2", "eth0", box, new LinkOptions()));

        Assert.Equal(EngineErrorKind.AlreadyExists, e.Kind);
        Assert.Equal("eth0", e.Target);
        Assert.Contains($"the peer name 'eth0' is taken in namespace '{_sandbox.Name("taken")}'; nothing was created", e.Message);
        Assert.DoesNotContain(LinkService.List(Host), l => l.Name == "h2");
    }

    [Fact]
    public void Veth_in_one_namespace_whose_name_is_taken_says_so_once()
    {
        LinkService.NewBridge(Host, "h3", new BridgeOptions(), new LinkOptions());

        var e = Assert.Throws<EngineException>(() => LinkService.NewVeth(Host, "h3", "h3peer", null, new LinkOptions()));

        Assert.Equal(EngineErrorKind.AlreadyExists, e.Kind);
        Assert.Equal($"create veth link 'h3' and its peer 'h3peer' in namespace '{HostName}': a link with that name already exists (EEXIST)", e.Message);
    }

    [Fact]
    public void Bridge_settings_match_iproute2_and_ports_list_like_brctl_show()
    {
        NetLink br = LinkService.NewBridge(Host, "br0", new BridgeOptions { Stp = true, ForwardDelaySeconds = 4 }, new LinkOptions { Up = true });
        Assert.Equal(true, br.KindProperties["Stp"]);
        Assert.Equal(4.0, br.KindProperties["ForwardDelaySeconds"]);
        JsonElement info = Sandbox.IpLink("br0", HostName).GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal(1, info.GetProperty("stp_state").GetInt32());
        Assert.Equal(400, info.GetProperty("forward_delay").GetInt32());

        LinkService.NewVeth(Host, "p1", "p1peer", null, new LinkOptions());
        LinkService.NewVeth(Host, "p2", "p2peer", null, new LinkOptions());
        LinkService.Set(Host, "p1", new LinkSettings { Master = "br0" });
        LinkService.Set(Host, "p2", new LinkSettings { Master = "br0", Up = true });

        var ports = LinkService.List(Host, new LinkFilter { Master = "br0" });
        Assert.Equal(["p1", "p2"], ports.Select(p => p.Name).Order());
        Assert.All(ports, p => Assert.Equal("br0", p.Master));
        Assert.All(ports, p => Assert.Equal("bridge", p.PortKind));
        string oracle = Sandbox.Ip("-j link show master br0", HostName);
        Assert.Equal(2, JsonDocument.Parse(oracle).RootElement.GetArrayLength());

        LinkService.Set(Host, "p2", new LinkSettings { BridgePort = new BridgePortOptions { HairpinMode = true } });
        Assert.True(LinkService.Get(Host, "p2").HairpinMode);
        Assert.True(Sandbox.IpLink("p2", HostName).GetProperty("linkinfo").GetProperty("info_slave_data").GetProperty("hairpin").GetBoolean());
        Assert.Contains("not a port of a bridge", Assert.Throws<EngineException>(() =>
            LinkService.Set(Host, "p1peer", new LinkSettings { BridgePort = new BridgePortOptions { HairpinMode = true } })).Message);

        LinkService.Set(Host, "p1", new LinkSettings { NoMaster = true });
        Assert.Equal(["p2"], LinkService.List(Host, new LinkFilter { Master = "br0" }).Select(p => p.Name));
    }

    [KernelFact("bridge-vlan-filtering")]
    public void Bridge_with_vlan_filtering()
    {
        NetLink br = LinkService.NewBridge(Host, "vfbr", new BridgeOptions { VlanFiltering = true, VlanDefaultPvid = 10 }, new LinkOptions());
        Assert.Equal(true, br.KindProperties["VlanFiltering"]);
        Assert.Equal(10, br.KindProperties["VlanDefaultPvid"]);
        JsonElement data = Sandbox.IpLink("vfbr", HostName).GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal(1, data.GetProperty("vlan_filtering").GetInt32());
        Assert.Equal(10, data.GetProperty("vlan_default_pvid").GetInt32());
    }

    [Fact]
    public void Bridge_settings_change_after_creation_as_ip_reads_them()
    {
        LinkService.NewBridge(Host, "setbr", new BridgeOptions(), new LinkOptions());

        LinkService.Set(Host, "setbr", new LinkSettings
        {
            Bridge = new BridgeOptions
            {
                Stp = true, ForwardDelaySeconds = 4, HelloTimeSeconds = 1, MaxAgeSeconds = 12, AgeingTimeSeconds = 60,
                Priority = 4096, MulticastSnooping = false,
            },
        });

        IReadOnlyDictionary<string, object> p = LinkService.Get(Host, "setbr").KindProperties;
        Assert.Equal((true, 4.0, 1.0, 12.0, 60.0, 4096, false),
            ((bool)p["Stp"], (double)p["ForwardDelaySeconds"], (double)p["HelloTimeSeconds"], (double)p["MaxAgeSeconds"],
             (double)p["AgeingTimeSeconds"], (int)p["Priority"], (bool)p["MulticastSnooping"]));
        JsonElement ip = Sandbox.IpLink("setbr", HostName).GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal((1, 400, 100, 1200, 6000, 4096, 0),
            (ip.GetProperty("stp_state").GetInt32(), ip.GetProperty("forward_delay").GetInt32(), ip.GetProperty("hello_time").GetInt32(),
             ip.GetProperty("max_age").GetInt32(), ip.GetProperty("ageing_time").GetInt32(), ip.GetProperty("priority").GetInt32(),
             ip.GetProperty("mcast_snooping").GetInt32()));

        // Unset members stay as they are.
        LinkService.Set(Host, "setbr", new LinkSettings { Bridge = new BridgeOptions { Priority = 8192 } });
        p = LinkService.Get(Host, "setbr").KindProperties;
        Assert.Equal((8192, 4.0), ((int)p["Priority"], (double)p["ForwardDelaySeconds"]));

        var range = Assert.Throws<EngineException>(() => LinkService.Set(Host, "setbr", new LinkSettings { Bridge = new BridgeOptions { HelloTimeSeconds = 11 } }));
        Assert.Equal(EngineErrorKind.InvalidArgument, range.Kind);
        Assert.Contains("use 1-10 s", range.Message);
        LinkService.NewVeth(Host, "notbr", "notbrpeer", null, new LinkOptions());
        var notBridge = Assert.Throws<EngineException>(() => LinkService.Set(Host, "notbr", new LinkSettings { Bridge = new BridgeOptions { Priority = 1 } }));
        Assert.Contains("'notbr' is not a bridge", notBridge.Message);
    }

    [Fact]
    public void Bridge_port_flags_cost_and_priority_change_as_ip_reads_them()
    {
        LinkService.NewBridge(Host, "pfbr", new BridgeOptions(), new LinkOptions());
        LinkService.NewVeth(Host, "pf0", "pf0peer", null, new LinkOptions { Master = "pfbr" });

        LinkService.Set(Host, "pf0", new LinkSettings
        {
            BridgePort = new BridgePortOptions
            {
                Learning = false, UnicastFlood = false, MulticastFlood = false, BroadcastFlood = false, BpduGuard = true,
                Isolated = true, HairpinMode = true, Cost = 200, Priority = 7,
            },
        });

        NetLink port = LinkService.Get(Host, "pf0");
        IReadOnlyDictionary<string, object> p = port.PortProperties;
        Assert.Equal((false, false, false, false, true, true, true, 200, 7),
            ((bool)p["Learning"], (bool)p["UnicastFlood"], (bool)p["MulticastFlood"], (bool)p["BroadcastFlood"], (bool)p["BpduGuard"],
             (bool)p["Isolated"], (bool)p["HairpinMode"], (int)p["Cost"], (int)p["Priority"]));
        Assert.Equal(BridgePortState.Disabled, p["State"]);
        Assert.True(port.HairpinMode);
        JsonElement ip = Sandbox.IpLink("pf0", HostName).GetProperty("linkinfo").GetProperty("info_slave_data");
        Assert.Equal((false, false, false, false, true, true, true, 200, 7),
            (ip.GetProperty("learning").GetBoolean(), ip.GetProperty("flood").GetBoolean(), ip.GetProperty("mcast_flood").GetBoolean(),
             ip.GetProperty("bcast_flood").GetBoolean(), ip.GetProperty("guard").GetBoolean(), ip.GetProperty("isolated").GetBoolean(),
             ip.GetProperty("hairpin").GetBoolean(), ip.GetProperty("cost").GetInt32(), ip.GetProperty("priority").GetInt32()));

        LinkService.Set(Host, "pf0", new LinkSettings { BridgePort = new BridgePortOptions { Learning = true, Isolated = false } });
        p = LinkService.Get(Host, "pf0").PortProperties;
        Assert.Equal((true, false, 200), ((bool)p["Learning"], (bool)p["Isolated"], (int)p["Cost"]));
        Assert.Equal(EngineErrorKind.InvalidArgument, Assert.Throws<EngineException>(() =>
            LinkService.Set(Host, "pf0", new LinkSettings { BridgePort = new BridgePortOptions { Priority = 64 } })).Kind);
    }

    [Fact]
    public void Set_changes_mtu_mac_alias_promiscuity_and_state_like_ip_link_set()
    {
        LinkService.NewVeth(Host, "s1", "s1peer", null, new LinkOptions());

        LinkService.Set(Host, "s1", new LinkSettings { Mtu = 1300, MacAddress = "02:aa:bb:cc:dd:ee", Alias = "lab uplink", Promiscuous = true, Up = true });

        NetLink s1 = LinkService.Get(Host, "s1");
        Assert.Equal(1300, s1.Mtu);
        Assert.Equal("02:aa:bb:cc:dd:ee", s1.MacAddress);
        Assert.Equal("lab uplink", s1.Alias);
        Assert.True(s1.Promiscuous);
        Assert.Equal(LinkAdminState.Up, s1.AdminState);
        JsonElement ip = Sandbox.IpLink("s1", HostName);
        Assert.Equal(1300, ip.GetProperty("mtu").GetInt32());
        Assert.Equal("lab uplink", ip.GetProperty("ifalias").GetString());
        Assert.Equal(1, ip.GetProperty("promiscuity").GetInt32());

        LinkService.Set(Host, "s1", new LinkSettings { Up = false, Promiscuous = false, Alias = "" });
        s1 = LinkService.Get(Host, "s1");
        Assert.Equal(LinkAdminState.Down, s1.AdminState);
        Assert.False(s1.Promiscuous);
        Assert.Null(s1.Alias);
    }

    [Fact]
    public void Set_changes_arp_allmulticast_txqueuelen_and_group_as_ip_reads_them()
    {
        LinkService.NewVeth(Host, "q1", "q1peer", null, new LinkOptions());

        LinkService.Set(Host, "q1", new LinkSettings { Arp = false, AllMulticast = true, TxQueueLength = 321, Group = 7 });

        NetLink q1 = LinkService.Get(Host, "q1");
        Assert.Contains("NOARP", q1.Flags);
        Assert.Contains("ALLMULTI", q1.Flags);
        Assert.Equal(321, q1.TxQueueLength);
        Assert.Equal(7, q1.Group);
        JsonElement ip = Sandbox.IpLink("q1", HostName);
        string[] ipFlags = ip.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!).ToArray();
        Assert.Contains("NOARP", ipFlags);
        Assert.Contains("ALLMULTI", ipFlags);
        Assert.Equal(321, ip.GetProperty("txqlen").GetInt32());
        Assert.Equal("7", ip.GetProperty("group").GetString());
        Assert.Contains("q1", Sandbox.Ip("-br link show group 7", HostName));

        LinkService.Set(Host, "q1", new LinkSettings { Arp = true, AllMulticast = false, Group = 0 });
        q1 = LinkService.Get(Host, "q1");
        Assert.DoesNotContain("NOARP", q1.Flags);
        Assert.DoesNotContain("ALLMULTI", q1.Flags);
        Assert.Equal(0, q1.Group);
        Assert.Equal("default", Sandbox.IpLink("q1", HostName).GetProperty("group").GetString());
        var e = Assert.Throws<EngineException>(() => LinkService.Set(Host, "q1", new LinkSettings { TxQueueLength = -1 }));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void Alternative_names_are_added_read_back_and_removed_like_ip_link_property()
    {
        LinkService.NewVeth(Host, "an0", "an0peer", null, new LinkOptions());

        LinkService.AddAlternativeNames(Host, "an0", ["lab-uplink-to-spine-1", "an0-alt"]);

        Assert.Equal(["lab-uplink-to-spine-1", "an0-alt"], LinkService.Get(Host, "an0").AlternativeNames);
        Assert.Equal(["lab-uplink-to-spine-1", "an0-alt"],
            Sandbox.IpLink("an0", HostName).GetProperty("altnames").EnumerateArray().Select(n => n.GetString()!).ToArray());
        Assert.Equal("an0", LinkService.Get(Host, "an0-alt").Name);

        // A taken name fails the whole call: the names added before it are removed again.
        var taken = Assert.Throws<EngineException>(() => LinkService.AddAlternativeNames(Host, "an0peer", ["an0peer-new", "an0-alt"]));
        Assert.Equal(EngineErrorKind.AlreadyExists, taken.Kind);
        Assert.Empty(LinkService.Get(Host, "an0peer").AlternativeNames);

        LinkService.RemoveAlternativeNames(Host, "an0", ["an0-alt"]);
        Assert.Equal(["lab-uplink-to-spine-1"], LinkService.Get(Host, "an0").AlternativeNames);
        Assert.Equal(EngineErrorKind.NotFound, Assert.Throws<EngineException>(() =>
            LinkService.RemoveAlternativeNames(Host, "an0", ["an0-alt"])).Kind);
        Assert.Equal(EngineErrorKind.InvalidArgument, Assert.Throws<EngineException>(() =>
            LinkService.AddAlternativeNames(Host, "an0", ["has space"])).Kind);
    }

    [Fact]
    public void Rename_is_seen_by_iproute2_and_a_taken_name_is_already_exists()
    {
        LinkService.NewVeth(Host, "old1", "old1peer", null, new LinkOptions());

        LinkService.Set(Host, "old1", new LinkSettings { NewName = "new1" });

        Assert.Equal("new1", LinkService.Get(Host, "new1").Name);
        Assert.Equal("new1", LinkService.Get(Host, "old1peer").PeerName);
        Assert.Contains("new1@old1peer", Sandbox.Ip("-br link", HostName));
        var e = Assert.Throws<EngineException>(() => LinkService.Set(Host, "new1", new LinkSettings { NewName = "old1peer" }));
        Assert.Equal(EngineErrorKind.AlreadyExists, e.Kind);
        Assert.Contains("already has a link named 'old1peer'", e.Message);
    }

    [Fact]
    public void Move_to_another_namespace_and_bring_up_there_in_one_request()
    {
        NamespaceHandle box = _sandbox.NewNamespace("mv");
        LinkService.NewVeth(Host, "m1", "m1peer", null, new LinkOptions());

        LinkService.Set(Host, "m1", new LinkSettings { MoveTo = box, Up = true });

        Assert.DoesNotContain(LinkService.List(Host), l => l.Name == "m1");
        NetLink moved = LinkService.Get(box, "m1");
        Assert.Equal(LinkAdminState.Up, moved.AdminState);
        Assert.Equal("m1peer", moved.PeerName);
        Assert.Equal(HostName, moved.PeerNamespace);
        Assert.Equal("m1", LinkService.Get(Host, "m1peer").PeerName);
    }

    [Fact]
    public void Remove_deletes_both_veth_ends_and_a_missing_link_is_not_found()
    {
        LinkService.NewVeth(Host, "r1", "r1peer", null, new LinkOptions());
        LinkService.Remove(Host, "r1");
        Assert.DoesNotContain(LinkService.List(Host), l => l.Name is "r1" or "r1peer");

        var e = Assert.Throws<EngineException>(() => LinkService.Remove(Host, "r1"));
        Assert.Equal(EngineErrorKind.NotFound, e.Kind);
        Assert.Contains("'r1' not found in namespace", e.Message);
    }

    [Fact]
    public void Filters_by_wildcard_and_kind()
    {
        LinkService.NewVeth(Host, "web1", "web1p", null, new LinkOptions());
        LinkService.NewVeth(Host, "web2", "web2p", null, new LinkOptions());
        LinkService.NewBridge(Host, "webbr", new BridgeOptions(), new LinkOptions());

        Assert.Equal(["web1", "web2"], LinkService.List(Host, new LinkFilter { Name = new Wildcard("WEB?") }).Select(l => l.Name));
        Assert.Equal(["webbr"], LinkService.List(Host, new LinkFilter { Name = new Wildcard("web*"), Kind = "bridge" }).Select(l => l.Name));
        Assert.Equal(["lo"], LinkService.List(Host, new LinkFilter { Kind = "device" }).Select(l => l.Name));
    }

    [Fact]
    public void Macvlan_on_a_veth_parent_has_its_mode_and_parent()
    {
        LinkService.NewVeth(Host, "uplink", "uplinkp", null, new LinkOptions());
        foreach (MacvlanMode mode in new[] { MacvlanMode.Bridge, MacvlanMode.Private, MacvlanMode.Vepa, MacvlanMode.Source })
        {
            string name = "mv" + (int)mode;
            NetLink mv = LinkService.NewMacvlan(Host, name, "uplink", mode, new LinkOptions());
            Assert.Equal("macvlan", mv.Kind);
            Assert.Equal(mode, mv.KindProperties["Mode"]);
            Assert.Equal("uplink", mv.Parent);
            Assert.Equal($"{name}@uplink", mv.DisplayName);
            Assert.Equal(mode.ToString().ToLowerInvariant(),
                Sandbox.IpLink(name, HostName).GetProperty("linkinfo").GetProperty("info_data").GetProperty("mode").GetString());
        }

        LinkService.NewVeth(Host, "pt", "ptp", null, new LinkOptions());
        Assert.Equal(MacvlanMode.Passthru, LinkService.NewMacvlan(Host, "mvpt", "pt", MacvlanMode.Passthru, new LinkOptions()).KindProperties["Mode"]);
    }

    [Fact]
    public void Macvlan_mode_changes_in_place_as_ip_reads_it_but_not_into_passthru()
    {
        LinkService.NewVeth(Host, "mup", "mupp", null, new LinkOptions());
        int index = LinkService.NewMacvlan(Host, "mvc", "mup", MacvlanMode.Bridge, new LinkOptions()).Index;

        LinkService.Set(Host, "mvc", new LinkSettings { MacvlanMode = MacvlanMode.Private });

        NetLink mv = LinkService.Get(Host, "mvc");
        Assert.Equal((index, MacvlanMode.Private), (mv.Index, (MacvlanMode)mv.KindProperties["Mode"]));
        Assert.Equal("private", Sandbox.IpLink("mvc", HostName).GetProperty("linkinfo").GetProperty("info_data").GetProperty("mode").GetString());
        var passthru = Assert.Throws<EngineException>(() => LinkService.Set(Host, "mvc", new LinkSettings { MacvlanMode = MacvlanMode.Passthru }));
        Assert.Contains("passthru", passthru.Message);
        var notMacvlan = Assert.Throws<EngineException>(() => LinkService.Set(Host, "mup", new LinkSettings { MacvlanMode = MacvlanMode.Vepa }));
        Assert.Contains("'mup' is not a macvlan", notMacvlan.Message);
    }

    [Fact]
    public void Macvlan_with_unknown_parent_is_not_found_naming_the_parent()
    {
        var e = Assert.Throws<EngineException>(() => LinkService.NewMacvlan(Host, "mvx", "nosuchparent", MacvlanMode.Bridge, new LinkOptions()));
        Assert.Equal(EngineErrorKind.NotFound, e.Kind);
        Assert.Contains("parent link 'nosuchparent' not found", e.Message);
    }

    [Fact]
    public void Vxlan_settings_match_iproute2()
    {
        LinkService.NewVeth(Host, "underlay", "underlayp", null, new LinkOptions());
        NetLink vx = LinkService.NewVxlan(Host, "vx42", new VxlanOptions
        {
            Vni = 42,
            Remote = IPAddress.Parse("10.99.0.2"),
            Local = IPAddress.Parse("10.99.0.1"),
            Device = "underlay",
            Learning = false,
            Ttl = 16,
        }, new LinkOptions { Mtu = 1450 });

        Assert.Equal(42, vx.KindProperties["Vni"]);
        Assert.Equal(IPAddress.Parse("10.99.0.2"), vx.KindProperties["Remote"]);
        Assert.Equal(4789, vx.KindProperties["DestinationPort"]);
        Assert.Equal(false, vx.KindProperties["Learning"]);
        JsonElement data = Sandbox.IpLink("vx42", HostName).GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal(42, data.GetProperty("id").GetInt32());
        Assert.Equal("10.99.0.2", data.GetProperty("remote").GetString());
        Assert.Equal("10.99.0.1", data.GetProperty("local").GetString());
        Assert.Equal(4789, data.GetProperty("port").GetInt32());
        Assert.Equal("underlay", data.GetProperty("link").GetString());
        Assert.False(data.GetProperty("learning").GetBoolean());
    }

    [Fact]
    public void Vxlan_tunnel_options_match_iproute2()
    {
        NetLink vx = LinkService.NewVxlan(Host, "vxo", new VxlanOptions
        {
            Vni = 43, Tos = 1, Proxy = true, L2Miss = true, L3Miss = true, SourcePortRange = (40000, 50000),
            UdpChecksum = true, ZeroChecksum6Transmit = true, ZeroChecksum6Receive = true, Gbp = true, AgeingSeconds = 120,
        }, new LinkOptions());

        IReadOnlyDictionary<string, object> p = vx.KindProperties;
        Assert.Equal((1, true, true, true, "40000-50000", true, true, true, true, 120),
            ((int)p["Tos"], (bool)p["Proxy"], (bool)p["L2Miss"], (bool)p["L3Miss"], (string)p["SourcePortRange"], (bool)p["UdpChecksum"],
             (bool)p["ZeroChecksum6Transmit"], (bool)p["ZeroChecksum6Receive"], (bool)p["Gbp"], (int)p["AgeingSeconds"]));
        JsonElement data = Sandbox.IpLink("vxo", HostName).GetProperty("linkinfo").GetProperty("info_data");
        // ip's text says "tos inherit"; its JSON gives the raw value.
        Assert.Equal("0x1", data.GetProperty("tos").GetString());
        Assert.True(data.GetProperty("proxy").GetBoolean());
        Assert.True(data.GetProperty("l2miss").GetBoolean());
        Assert.True(data.GetProperty("l3miss").GetBoolean());
        Assert.Equal((40000, 50000), (data.GetProperty("port_range").GetProperty("low").GetInt32(), data.GetProperty("port_range").GetProperty("high").GetInt32()));
        Assert.True(data.GetProperty("udp_csum").GetBoolean());
        Assert.True(data.GetProperty("udp_zero_csum6_tx").GetBoolean());
        Assert.True(data.GetProperty("udp_zero_csum6_rx").GetBoolean());
        Assert.True(data.GetProperty("gbp").GetBoolean());
        Assert.Equal(120, data.GetProperty("ageing").GetInt32());
    }

    [Fact]
    public void Vxlan_external_mode_with_vni_filtering_matches_iproute2()
    {
        NetLink vx = LinkService.NewVxlan(Host, "vxe", new VxlanOptions { External = true, VniFilter = true }, new LinkOptions());

        Assert.Equal(true, vx.KindProperties["External"]);
        Assert.Equal(true, vx.KindProperties["VniFilter"]);
        Assert.False(vx.KindProperties.ContainsKey("Vni"));
        JsonElement data = Sandbox.IpLink("vxe", HostName).GetProperty("linkinfo").GetProperty("info_data");
        Assert.True(data.GetProperty("external").GetBoolean());
        Assert.True(data.GetProperty("vnifilter").GetBoolean());

        Assert.Contains("needs external", Assert.Throws<EngineException>(() =>
            LinkService.NewVxlan(Host, "vxf", new VxlanOptions { Vni = 1, VniFilter = true }, new LinkOptions())).Message);
        Assert.Contains("needs a VNI", Assert.Throws<EngineException>(() =>
            LinkService.NewVxlan(Host, "vxf", new VxlanOptions(), new LinkOptions())).Message);
        Assert.Contains("range 2-1 is empty", Assert.Throws<EngineException>(() =>
            LinkService.NewVxlan(Host, "vxf", new VxlanOptions { Vni = 1, SourcePortRange = (2, 1) }, new LinkOptions())).Message);
        Assert.False(LinkService.Exists(Host, "vxf"));
    }

    [Fact]
    public void Vxlan_multicast_group_without_device_is_refused_and_bad_ids_are_refused()
    {
        Assert.Contains("needs an underlay device", Assert.Throws<EngineException>(() =>
            LinkService.NewVxlan(Host, "vxm", new VxlanOptions { Vni = 1, Remote = IPAddress.Parse("239.1.1.1") }, new LinkOptions())).Message);
        Assert.Contains("0-16777215", Assert.Throws<EngineException>(() =>
            LinkService.NewVxlan(Host, "vxm", new VxlanOptions { Vni = 1 << 24 }, new LinkOptions())).Message);
    }

    [KernelFact("vlan")]
    public void Vlan_sub_interface_has_its_id_and_protocol()
    {
        LinkService.NewVeth(Host, "trunk", "trunkp", null, new LinkOptions());
        NetLink vlan = LinkService.NewVlan(Host, "trunk.10", "trunk", 10, VlanProtocol.Dot1Q, new LinkOptions());
        Assert.Equal(10, vlan.KindProperties["VlanId"]);
        Assert.Equal(VlanProtocol.Dot1Q, vlan.KindProperties["VlanProtocol"]);
        Assert.Equal(10, Sandbox.IpLink("trunk.10", HostName).GetProperty("linkinfo").GetProperty("info_data").GetProperty("id").GetInt32());
        Assert.Equal(VlanFlags.ReorderHeader, vlan.KindProperties["Flags"]);
        NetLink qinq = LinkService.NewVlan(Host, "trunk.20", "trunk", 20, VlanProtocol.Dot1AD, new LinkOptions(),
            on: VlanFlags.Gvrp | VlanFlags.LooseBinding, off: VlanFlags.ReorderHeader);
        Assert.Equal(VlanProtocol.Dot1AD, qinq.KindProperties["VlanProtocol"]);
        Assert.Equal(VlanFlags.Gvrp | VlanFlags.LooseBinding, qinq.KindProperties["Flags"]);
        string[] ipFlags = Sandbox.IpLink("trunk.20", HostName).GetProperty("linkinfo").GetProperty("info_data").GetProperty("flags")
            .EnumerateArray().Select(f => f.GetString()!).Order().ToArray();
        Assert.Equal(["GVRP", "LOOSE_BINDING"], ipFlags);
    }

    [KernelFact("vrf")]
    public void Vrf_has_its_table_and_takes_a_port()
    {
        NetLink vrf = LinkService.NewVrf(Host, "vrf10", 10, new LinkOptions { Up = true });
        Assert.Equal(10, vrf.KindProperties["Table"]);
        Assert.Equal(10, Sandbox.IpLink("vrf10", HostName).GetProperty("linkinfo").GetProperty("info_data").GetProperty("table").GetInt32());
        LinkService.NewVeth(Host, "vp0", "vp0peer", null, new LinkOptions { Master = "vrf10" });
        Assert.Equal("vrf10", LinkService.Get(Host, "vp0").Master);
    }

    [KernelFact("dummy")]
    public void Dummy_link_is_created()
    {
        Assert.Equal("dummy", LinkService.NewLink(Host, "dum0", "dummy", new LinkOptions()).Kind);
    }

    [KernelFact("ipvlan")]
    public void Ipvlan_has_its_mode_and_isolation()
    {
        LinkService.NewVeth(Host, "ipv", "ipvp", null, new LinkOptions());
        NetLink l = LinkService.NewIpvlan(Host, "ipvl0", "ipv", IpvlanMode.L3, IpvlanIsolation.Private, new LinkOptions());
        Assert.Equal(IpvlanMode.L3, l.KindProperties["Mode"]);
        Assert.Equal(IpvlanIsolation.Private, l.KindProperties["Isolation"]);
    }

    [Fact]
    public void A_vxlan_in_external_mode_reads_back_as_external_not_as_VNI_0()
    {
        Sandbox.Ip("link add vxe type vxlan external dstport 4789", HostName);

        NetLink vxlan = LinkService.Get(Host, "vxe");

        Assert.Equal(true, vxlan.KindProperties["External"]);
        Assert.False(vxlan.KindProperties.ContainsKey("Vni"));
        Assert.True(Sandbox.IpLink("vxe", HostName).GetProperty("linkinfo").GetProperty("info_data").GetProperty("external").GetBoolean());
        Assert.Equal(false, LinkService.NewVxlan(Host, "vx10", new VxlanOptions { Vni = 10 }, new LinkOptions()).KindProperties["External"]);
    }

    [Fact]
    public void Vlan_flags_both_on_and_off_are_refused_before_the_kernel_is_asked()
    {
        var e = Assert.Throws<EngineException>(() =>
            LinkService.NewVlan(Host, "v.5", "lo", 5, VlanProtocol.Dot1Q, new LinkOptions(), on: VlanFlags.Gvrp, off: VlanFlags.Gvrp));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("Gvrp", e.Message);
    }

    [Fact]
    public void Bridge_default_pvid_out_of_range_is_refused_before_the_kernel_is_asked()
    {
        var e = Assert.Throws<EngineException>(() =>
            LinkService.NewBridge(Host, "pvbr", new BridgeOptions { VlanFiltering = true, VlanDefaultPvid = 4095 }, new LinkOptions()));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.False(LinkService.Exists(Host, "pvbr"));
    }

    [Fact]
    public void Vlan_id_out_of_range_is_refused_before_the_kernel_is_asked()
    {
        Assert.Contains("1-4094", Assert.Throws<EngineException>(() =>
            LinkService.NewVlan(Host, "v.0", "lo", 0, VlanProtocol.Dot1Q, new LinkOptions())).Message);
    }

    [Theory]
    [InlineData("verylongname123x", "interface name 'verylongname123x' is 16 characters; Linux allows at most 15")]
    [InlineData("a/b", "contains '/'")]
    [InlineData("a b", "contains whitespace")]
    [InlineData("a\0b", "contains NUL")]
    [InlineData("a:b", "contains ':'")]
    [InlineData("", "cannot be empty")]
    public void Bad_interface_names_are_refused_with_a_message_to_act_on(string name, string expected)
    {
        var e = Assert.Throws<EngineException>(() => LinkService.NewVeth(Host, name, "okpeer", null, new LinkOptions()));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain(LinkService.List(Host), l => l.Name == "okpeer");
    }

    [Fact]
    public void Duplicate_link_is_already_exists()
    {
        LinkService.NewBridge(Host, "dupbr", new BridgeOptions(), new LinkOptions());
        var e = Assert.Throws<EngineException>(() => LinkService.NewBridge(Host, "dupbr", new BridgeOptions(), new LinkOptions()));
        Assert.Equal(EngineErrorKind.AlreadyExists, e.Kind);
        Assert.Equal("dupbr", e.Target);
    }

    [Fact]
    public void Bad_mac_and_mtu_are_invalid_arguments()
    {
        Assert.Equal(EngineErrorKind.InvalidArgument, Assert.Throws<EngineException>(() =>
            LinkService.NewBridge(Host, "b1", new BridgeOptions(), new LinkOptions { MacAddress = "zz:00:00:00:00:00" })).Kind);
        Assert.Contains("multicast", Assert.Throws<EngineException>(() =>
            LinkService.NewBridge(Host, "b1", new BridgeOptions(), new LinkOptions { MacAddress = "01:00:5e:00:00:01" })).Message);
        Assert.Equal(EngineErrorKind.InvalidArgument, Assert.Throws<EngineException>(() =>
            LinkService.NewBridge(Host, "b1", new BridgeOptions(), new LinkOptions { Mtu = 20 })).Kind);
        Assert.DoesNotContain(LinkService.List(Host), l => l.Name == "b1");
    }

    [Fact]
    public void Kernel_refusal_of_a_change_carries_the_kernel_text()
    {
        LinkService.NewBridge(Host, "outer", new BridgeOptions(), new LinkOptions());
        LinkService.NewBridge(Host, "inner", new BridgeOptions(), new LinkOptions());
        var e = Assert.Throws<PSContainerNet.Engine.Netlink.NetlinkException>(() => LinkService.Set(Host, "inner", new LinkSettings { Master = "outer" }));
        Assert.Equal("Can not enslave a bridge to a bridge", e.KernelMessage);
        Assert.Contains("change link 'inner'", e.Message);
    }

    [Fact]
    public void Unknown_link_and_master_are_not_found()
    {
        Assert.Equal(EngineErrorKind.NotFound, Assert.Throws<EngineException>(() => LinkService.Get(Host, "nosuch0")).Kind);
        Assert.Equal(EngineErrorKind.NotFound, Assert.Throws<EngineException>(() => LinkService.Set(Host, "nosuch0", new LinkSettings { Up = true })).Kind);
        Assert.Contains("master 'nobr' not found", Assert.Throws<EngineException>(() =>
            LinkService.Set(Host, "lo", new LinkSettings { Master = "nobr" })).Message);
        Assert.Equal(EngineErrorKind.NotFound, Assert.Throws<EngineException>(() => LinkService.List(Host, new LinkFilter { Master = "nobr" })).Kind);
    }
}
