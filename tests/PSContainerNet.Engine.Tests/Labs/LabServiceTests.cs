using System.Collections;
using System.Net;
using PSContainerNet.Engine.Diagnostics;
using PSContainerNet.Engine.Labs;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Nftables;

namespace PSContainerNet.Engine.Tests.Labs;

/// <summary>Labs from definitions: built in order, found from the kernel, removed whole; a failed build leaves nothing.</summary>
public sealed class LabServiceTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    // Lab names start with the sandbox prefix, so the sandbox removes their namespaces whatever happens.
    private string Lab(string suffix) => _sandbox.Prefix + suffix;

    public void Dispose() => _sandbox.Dispose();

    /// <summary>Builds a definition as a lab named with the sandbox's prefix (the sandbox removes it whatever happens).</summary>
    internal static string BuildIn(Sandbox sandbox, string suffix, Hashtable definition)
    {
        string name = sandbox.Prefix + suffix;
        definition["Name"] = name;
        LabService.Build(LabDefinition.Parse(definition));
        return name;
    }

    /// <summary>examples/labs/nat.psd1 as a hashtable (the Pester runbook builds the file itself).</summary>
    internal static Hashtable NatLab(string name) => new()
    {
        ["Name"] = name,
        ["Nodes"] = new Hashtable { ["router"] = new Hashtable { ["Forwarding"] = true }, ["wan"] = null, ["box1"] = null },
        ["Bridges"] = new Hashtable { ["Node"] = "router", ["Name"] = "br0", ["Address"] = "172.30.0.1/24" },
        ["Links"] = new object[]
        {
            new Hashtable { ["Node"] = "router", ["Name"] = "wan0", ["Address"] = "10.200.0.1/24", ["Peer"] = "wan", ["PeerName"] = "eth0", ["PeerAddress"] = "10.200.0.2/24" },
            new Hashtable { ["Node"] = "box1", ["Name"] = "eth0", ["Address"] = "172.30.0.2/24", ["Bridge"] = "br0" },
        },
        ["Routes"] = new Hashtable { ["Node"] = "box1", ["Destination"] = "default", ["Gateway"] = "172.30.0.1" },
        ["Nat"] = new object[]
        {
            new Hashtable { ["Node"] = "router", ["Action"] = "Masquerade", ["SourcePrefix"] = "172.30.0.0/24", ["OutInterface"] = "wan0" },
            new Hashtable { ["Node"] = "router", ["Action"] = "Dnat", ["Protocol"] = "tcp", ["DestinationPort"] = "8080", ["ToAddress"] = "172.30.0.2", ["ToPort"] = "80", ["InInterface"] = "wan0" },
        },
    };

    /// <summary>The seeds' box1/box2 behind a bridge in a host node, as a PowerShell data file would give it.</summary>
    internal static Hashtable BridgeLab(string name) => new()
    {
        ["Name"] = name,
        ["Nodes"] = new Hashtable { ["host"] = new Hashtable { ["Forwarding"] = true }, ["box1"] = null, ["box2"] = new Hashtable() },
        ["Bridges"] = new object[] { new Hashtable { ["Node"] = "host", ["Name"] = "br0", ["Address"] = "172.31.0.1/24" } },
        ["Links"] = new object[]
        {
            new Hashtable { ["Node"] = "box1", ["Name"] = "eth0", ["Address"] = "172.31.0.2/24", ["Bridge"] = "br0" },
            new Hashtable { ["Node"] = "box2", ["Name"] = "eth0", ["Address"] = "172.31.0.3/24", ["Bridge"] = "br0", ["PeerName"] = "veth-box2" },
        },
        ["Routes"] = new object[]
        {
            new Hashtable { ["Node"] = "box1", ["Destination"] = "default", ["Gateway"] = "172.31.0.1" },
            new Hashtable { ["Node"] = "box2", ["Destination"] = "default", ["Gateway"] = "172.31.0.1" },
        },
    };

    [Fact]
    public void A_bridge_lab_is_built_found_from_the_kernel_and_removed_whole()
    {
        string name = Lab("br");
        var steps = new List<string>();
        NetLab lab = LabService.Build(LabDefinition.Parse(BridgeLab(name)), (i, total, what) => steps.Add($"{i}/{total} {what}"));

        Assert.Equal(["box1", "box2", "host"], lab.Nodes.Select(n => n.Name));
        Assert.Equal($"{name}-box1", lab.Nodes[0].Namespace);
        Assert.StartsWith("1/8 node", steps[0]);
        Assert.Equal(8, steps.Count); // 3 nodes, 1 bridge, 2 links, 2 routes
        Assert.Contains(lab.Nodes[0].Addresses, a => a.IPAddress == "172.31.0.2");
        Assert.Equal(["box1-eth0", "veth-box2"], lab.Nodes[2].Links.Where(l => l.Master == "br0").Select(l => l.Name).Order());
        Assert.Equal("1", NetSysctlService.Get(NamespaceHandle.Resolve($"{name}-host"), ["net.ipv4.ip_forward"]).Single().Value);
        Assert.Contains($"{name}-box2", Sandbox.Ip("netns list"));

        // It works: box1 reaches box2 over the bridge, and the gateway.
        Assert.True(NetPing.Send(NamespaceHandle.Resolve($"{name}-box1"), IPAddress.Parse("172.31.0.3"), count: 1).Success);
        Assert.True(NetPing.Send(NamespaceHandle.Resolve($"{name}-box2"), IPAddress.Parse("172.31.0.1"), count: 1).Success);

        Assert.Equal(name, Assert.Single(LabService.Find(name)).Name);
        NetLabRemoval removal = LabService.Remove(name);
        Assert.Equal([$"{name}-box1", $"{name}-box2", $"{name}-host"], removal.Namespaces.Order());
        Assert.Empty(LabService.Find(name));
        Assert.Empty(LabService.Remove(name).Namespaces); // idempotent
    }

    [Fact]
    public void A_failing_step_removes_everything_the_build_made_and_names_the_step()
    {
        string name = Lab("bad");
        Hashtable definition = BridgeLab(name);
        definition["Routes"] = new object[] { new Hashtable { ["Node"] = "box1", ["Destination"] = "10.77.0.0/16", ["Gateway"] = "10.9.9.9" } };

        var e = Assert.Throws<EngineException>(() => LabService.Build(LabDefinition.Parse(definition)));

        Assert.Contains($"building lab '{name}' failed at step 7 of 7 (route 10.77.0.0/16 in box1)", e.Message);
        Assert.Contains("everything it had made was removed (3 namespace(s))", e.Message);
        Assert.Empty(LabService.Find(name));
        Assert.DoesNotContain(NetNamespaceStore.List(), n => n.Name.StartsWith(name + "-", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_mistake_in_a_definition_is_reported_at_once_and_nothing_is_made()
    {
        string name = Lab("typo");
        var definition = new Hashtable
        {
            ["Name"] = name,
            ["Nodes"] = new Hashtable { ["a"] = new Hashtable { ["Forwardin"] = true } },
            ["Links"] = new object[]
            {
                new Hashtable { ["Node"] = "a", ["Name"] = "eth0", ["Peer"] = "c", ["Address"] = "10.0.0.300/24" },
                new Hashtable { ["Node"] = "a", ["Name"] = "averyveryverylongname" , ["Bridge"] = "br9" },
            },
            ["Routes"] = new object[] { new Hashtable { ["Node"] = "a", ["Destination"] = "default" } },
        };

        var e = Assert.Throws<EngineException>(() => LabDefinition.Parse(definition));

        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("is not valid, so nothing was made", e.Message);
        Assert.Contains("Nodes.a: unknown key 'Forwardin'", e.Message);
        Assert.Contains("Links[0]: Peer 'c' is not one of the Nodes", e.Message);
        Assert.Contains("'10.0.0.300' is not an IPv4 or IPv6 address", e.Message);
        Assert.Contains("Links[1]: Bridge 'br9' is not one of the Bridges", e.Message);
        Assert.Contains("Linux allows at most 15", e.Message);
        Assert.Contains("Routes[0]: a route needs a Gateway, an Interface, or both", e.Message);
        Assert.Empty(LabService.Find(name));
    }

    [Fact]
    public void Cycles_overlapping_subnets_and_one_address_twice_on_a_segment_are_reported_before_anything_is_made()
    {
        string name = Lab("cycle");
        var definition = new Hashtable
        {
            ["Name"] = name,
            ["Nodes"] = new Hashtable { ["a"] = new Hashtable { ["Forwarding"] = "yes" }, ["b"] = null },
            ["Bridges"] = new Hashtable { ["Node"] = "a", ["Name"] = "br0", ["Address"] = "10.1.0.1/24" },
            ["Links"] = new object[]
            {
                new Hashtable { ["Kind"] = "macvlan", ["Node"] = "a", ["Name"] = "m1", ["Parent"] = "m2" },
                new Hashtable { ["Kind"] = "macvlan", ["Node"] = "a", ["Name"] = "m2", ["Parent"] = "m1" },
                new Hashtable { ["Node"] = "a", ["Name"] = "ab", ["Address"] = "10.1.0.200/16", ["Peer"] = "b", ["PeerAddress"] = "10.1.0.200/16" },
                new Hashtable { ["Node"] = "b", ["Name"] = "eth1", ["Address"] = "10.1.0.1/24", ["Bridge"] = "br0" },
            },
            ["Containers"] = new object[]
            {
                new Hashtable { ["Name"] = "c1", ["Image"] = "x", ["Network"] = "container:c2" },
                new Hashtable { ["Name"] = "c2", ["Image"] = "x", ["Network"] = "container:c1" },
                new Hashtable { ["Name"] = "c3", ["Image"] = "x", ["Network"] = "container:nosuch" },
            },
        };

        var e = Assert.Throws<EngineException>(() => LabDefinition.Parse(definition));

        Assert.Contains("Nodes.a: Forwarding 'yes' is not $true or $false", e.Message);
        Assert.Contains("macvlans a:m1 -> a:m2 -> a:m1 are each other's parents (a cycle)", e.Message);
        Assert.Contains("containers c1 -> c2 -> c1 share each other's namespace", e.Message);
        Assert.Contains("Containers[2]: Network 'container:nosuch' names no container of this lab", e.Message);
        Assert.Contains("node 'a': 10.1.0.200/16 on 'ab' and 10.1.0.1/24 on 'br0' are in overlapping subnets", e.Message);
        Assert.Contains($"the veth a:ab <-> b:ab: address 10.1.0.200 is given twice on one segment", e.Message);
        Assert.Contains("bridge 'br0' in node 'a': address 10.1.0.1 is given twice on one segment", e.Message);
        Assert.Empty(LabService.Find(name));
    }

    [Fact]
    public void Containers_sharing_a_namespace_and_macvlans_on_macvlans_are_made_after_what_they_sit_on()
    {
        var lab = LabDefinition.Parse(new Hashtable
        {
            ["Name"] = Lab("order"),
            ["Nodes"] = new Hashtable { ["a"] = null },
            ["Bridges"] = new Hashtable { ["Node"] = "a", ["Name"] = "br0" },
            ["Links"] = new object[]
            {
                new Hashtable { ["Kind"] = "macvlan", ["Node"] = "a", ["Name"] = "top", ["Parent"] = "mid" },
                new Hashtable { ["Kind"] = "macvlan", ["Node"] = "a", ["Name"] = "mid", ["Parent"] = "br0" },
            },
            ["Containers"] = new object[]
            {
                new Hashtable { ["Name"] = "sidecar", ["Image"] = "x", ["Network"] = "container:main" },
                new Hashtable { ["Name"] = "main", ["Image"] = "x" },
            },
        });

        Assert.Equal(["mid", "top"], lab.Macvlans.Select(m => m.Name));
        Assert.Equal(["main", "sidecar"], lab.Containers.Select(c => c.Name));
    }

    [Fact]
    public void A_lab_that_exists_is_not_built_again()
    {
        string name = Lab("twice");
        LabService.Build(LabDefinition.Parse(BridgeLab(name)));
        var e = Assert.Throws<EngineException>(() => LabService.Build(LabDefinition.Parse(BridgeLab(name))));
        Assert.Equal(EngineErrorKind.AlreadyExists, e.Kind);
        Assert.Contains($"Remove-NetLab {name} first", e.Message);
        Assert.Equal(3, LabService.Find(name).Single().Nodes.Count);
    }

    [Fact]
    public void Leftovers_of_a_lab_are_found_and_removed_after_part_of_it_went()
    {
        string name = Lab("left");
        LabService.Build(LabDefinition.Parse(BridgeLab(name)));
        Sandbox.Ip($"netns delete {name}-box2"); // as if a script died halfway through its teardown

        Assert.Equal(["box1", "host"], LabService.Find(name).Single().Nodes.Select(n => n.Name));
        Assert.Equal(2, LabService.Remove(name).Namespaces.Count);
        Assert.Empty(LabService.Find(name));
    }

    [Fact]
    public void A_router_node_gets_its_NAT_rules_with_the_lab_in_their_comments()
    {
        string name = Lab("nat");
        Hashtable definition = BridgeLab(name);
        definition["Nat"] = new object[]
        {
            new Hashtable { ["Node"] = "host", ["Action"] = "Masquerade", ["SourcePrefix"] = "172.31.0.0/24", ["NotOutInterface"] = "br0" },
            new Hashtable { ["Node"] = "host", ["Action"] = "Dnat", ["Protocol"] = "tcp", ["DestinationPort"] = "8080", ["ToAddress"] = "172.31.0.2", ["ToPort"] = "80", ["Comment"] = "web" },
        };

        LabService.Build(LabDefinition.Parse(definition));

        var rules = NatService.List(NamespaceHandle.Resolve($"{name}-host"));
        Assert.Contains(rules, r => r.Action == NatAction.Masquerade && r.Comment == $"{name}: masquerade");
        Assert.Contains(rules, r => r.Action == NatAction.Dnat && r.Comment == $"{name}: web");
    }

    [Fact]
    public void The_NAT_runbook_masquerades_out_and_forwards_a_port_in()
    {
        string name = Lab("natrb");
        LabService.Build(LabDefinition.Parse(NatLab(name)));
        NamespaceHandle wan = NamespaceHandle.Resolve($"{name}-wan"), box1 = NamespaceHandle.Resolve($"{name}-box1");

        // Out: the wan server sees the router's wan address, not box1's.
        using (var server = NamespaceSocket.Open(wan, System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
        {
            server.Bind(new IPEndPoint(IPAddress.Any, 9000));
            server.Listen();
            Assert.True(TcpProbe.Connect(box1, IPAddress.Parse("10.200.0.2"), 9000).Success);
            using var accepted = server.Accept();
            Assert.Equal(IPAddress.Parse("10.200.0.1"), ((IPEndPoint)accepted.RemoteEndPoint!).Address);
        }

        // In: wan's connection to the router's port 8080 reaches box1's port 80.
        using var web = NamespaceSocket.Open(box1, System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        web.Bind(new IPEndPoint(IPAddress.Any, 80));
        web.Listen();
        Assert.True(TcpProbe.Connect(wan, IPAddress.Parse("10.200.0.1"), 8080).Success);
    }

    [Fact]
    public void The_macvlan_runbook_keeps_two_networks_apart_at_L2_and_joins_them_at_L3()
    {
        // examples/labs/macvlan.psd1 as a hashtable.
        string name = Lab("mv");
        Hashtable Macvlan(string node, string link, string parent, string address) => new()
        {
            ["Kind"] = "macvlan", ["Node"] = node, ["Name"] = link, ["ParentNode"] = "host", ["Parent"] = parent, ["Mode"] = "bridge", ["Address"] = address,
        };
        LabService.Build(LabDefinition.Parse(new Hashtable
        {
            ["Name"] = name,
            ["Nodes"] = new Hashtable { ["host"] = null, ["router"] = new Hashtable { ["Forwarding"] = true }, ["a1"] = null, ["a2"] = null, ["b1"] = null },
            ["Links"] = new object[]
            {
                new Hashtable { ["Node"] = "host", ["Name"] = "nicA", ["Peer"] = "host", ["PeerName"] = "nicA-wire" },
                new Hashtable { ["Node"] = "host", ["Name"] = "nicB", ["Peer"] = "host", ["PeerName"] = "nicB-wire" },
                Macvlan("a1", "eth0", "nicA", "192.168.10.11/24"),
                Macvlan("a2", "eth0", "nicA", "192.168.10.12/24"),
                Macvlan("b1", "eth0", "nicB", "192.168.20.11/24"),
                Macvlan("router", "ethA", "nicA", "192.168.10.1/24"),
                Macvlan("router", "ethB", "nicB", "192.168.20.1/24"),
            },
            ["Routes"] = new object[]
            {
                new Hashtable { ["Node"] = "a1", ["Destination"] = "default", ["Gateway"] = "192.168.10.1" },
                new Hashtable { ["Node"] = "b1", ["Destination"] = "default", ["Gateway"] = "192.168.20.1" },
            },
        }));
        NamespaceHandle a1 = NamespaceHandle.Resolve($"{name}-a1");

        var eth0 = PSContainerNet.Engine.Links.LinkService.Get(a1, "eth0");
        Assert.Equal("macvlan", eth0.Kind);
        Assert.Equal(("nicA", $"{name}-host"), (eth0.Parent, eth0.ParentNamespace)); // the parent, across namespaces
        Assert.Equal(64, NetPing.Send(a1, IPAddress.Parse("192.168.10.12"), count: 1).Replies[0].Ttl);
        Assert.Equal(63, NetPing.Send(a1, IPAddress.Parse("192.168.20.11"), count: 1).Replies[0].Ttl); // through the router
    }

    [Fact]
    public void The_vxlan_runbook_carries_an_overlay_between_two_hosts()
    {
        string name = Lab("vx");
        Hashtable Vxlan(string node, string remote, string local, string address) => new()
        {
            ["Kind"] = "vxlan", ["Node"] = node, ["Name"] = "vx42", ["Vni"] = 42, ["Remote"] = remote, ["Local"] = local, ["Device"] = "underlay", ["Address"] = address,
        };
        LabService.Build(LabDefinition.Parse(new Hashtable
        {
            ["Name"] = name,
            ["Nodes"] = new Hashtable { ["host1"] = null, ["host2"] = null },
            ["Links"] = new object[]
            {
                new Hashtable { ["Node"] = "host1", ["Name"] = "underlay", ["Address"] = "10.99.0.1/24", ["Peer"] = "host2", ["PeerName"] = "underlay", ["PeerAddress"] = "10.99.0.2/24" },
                Vxlan("host1", "10.99.0.2", "10.99.0.1", "10.42.0.1/24"),
                Vxlan("host2", "10.99.0.1", "10.99.0.2", "10.42.0.2/24"),
            },
        }));

        Assert.True(NetPing.Send(NamespaceHandle.Resolve($"{name}-host1"), IPAddress.Parse("10.42.0.2"), count: 2).Success);
    }

    [Fact]
    public void Macvlan_parents_and_vxlan_devices_must_be_links_the_lab_makes()
    {
        var e = Assert.Throws<EngineException>(() => LabDefinition.Parse(new Hashtable
        {
            ["Name"] = Lab("refs"),
            ["Nodes"] = new Hashtable { ["a"] = null },
            ["Links"] = new object[]
            {
                new Hashtable { ["Kind"] = "macvlan", ["Node"] = "a", ["Name"] = "mv0", ["Parent"] = "eth9", ["Mode"] = "sideways" },
                new Hashtable { ["Kind"] = "vxlan", ["Node"] = "a", ["Name"] = "vx0", ["Device"] = "eth8" },
                new Hashtable { ["Kind"] = "gre", ["Node"] = "a", ["Name"] = "gre0" },
            },
        }));
        Assert.Contains("Mode 'sideways' is not a macvlan mode", e.Message);
        Assert.Contains("Parent 'eth9' is not a link the lab makes in node 'a'", e.Message);
        Assert.Contains("Links[1]: Vni is missing", e.Message);
        Assert.Contains("Device 'eth8' is not a link the lab makes in that node", e.Message);
        Assert.Contains("Kind 'gre' is not a lab link kind (veth, macvlan, vxlan)", e.Message);
    }
}
