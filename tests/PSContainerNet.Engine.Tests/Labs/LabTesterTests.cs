using System.Collections;
using PSContainerNet.Engine.Labs;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Routes;

namespace PSContainerNet.Engine.Tests.Labs;

/// <summary>Test-NetLab's engine: every pair pinged, and each failure explained by what is actually wrong.</summary>
public sealed class LabTesterTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private string Build(string suffix, Hashtable definition) => LabServiceTests.BuildIn(_sandbox, suffix, definition);

    private NamespaceHandle Node(string lab, string node) => NamespaceHandle.Resolve(LabDefinition.NamespaceOf(lab, node));

    private static string ReasonFor(IReadOnlyList<NetLabPath> paths, string from, string target) =>
        Assert.Single(paths, p => p.From == from && p.Target == target).Reason ?? "(reachable)";

    [Fact]
    public void Every_pair_of_a_working_lab_reaches_the_others_addresses()
    {
        string lab = Build("ok", LabServiceTests.BridgeLab("x"));
        var steps = new List<string>();

        var paths = LabTester.Test(lab, progress: (i, total, what) => steps.Add(what));

        Assert.Equal(6, paths.Count); // 3 nodes, one address each, every ordered pair
        Assert.All(paths, p => Assert.True(p.Reachable && p.Passed && p.Reason is null, p.ToString()));
        Assert.Equal(6, steps.Count);
    }

    [Fact]
    public void A_target_link_set_down_is_named()
    {
        string lab = Build("down", LabServiceTests.BridgeLab("x"));
        LinkService.Set(Node(lab, "box2"), "eth0", new LinkSettings { Up = false });

        var paths = LabTester.Test(lab, [new LabExpectation("box1", "box2", null)]);

        Assert.Equal("172.31.0.3 is on box2:eth0, which is set down", ReasonFor(paths, "box1", "172.31.0.3"));
        Assert.False(Assert.Single(paths).Passed);
    }

    [Fact]
    public void A_port_taken_off_the_bridge_is_named()
    {
        string lab = Build("port", LabServiceTests.BridgeLab("x"));
        LinkService.Set(Node(lab, "host"), "box1-eth0", new LinkSettings { NoMaster = true });

        var paths = LabTester.Test(lab, [new LabExpectation("box1", "box2", null)]);

        Assert.Equal("box1:eth0's other end, host:box1-eth0, is not a port of the bridge", ReasonFor(paths, "box1", "172.31.0.3"));
    }

    [Fact]
    public void No_route_and_a_gateway_that_does_not_forward_are_named()
    {
        string lab = Build("route", LabServiceTests.NatLab("x"));
        NetSysctlService.Set(Node(lab, "router"), "net.ipv4.ip_forward", "0");

        var paths = LabTester.Test(lab, [new LabExpectation("box1", "wan", null), new LabExpectation("wan", "box1", false)]);

        Assert.StartsWith("router, the gateway from box1, does not forward (net.ipv4.ip_forward is 0", ReasonFor(paths, "box1", "10.200.0.2"));
        NetLabPath isolated = Assert.Single(paths, p => p.From == "wan");
        Assert.False(isolated.Reachable);
        Assert.True(isolated.Passed); // declared unreachable: the lab's wan must not see box1
        Assert.Equal("wan has no route to 172.30.0.2", isolated.Reason);
    }

    [Fact]
    public void A_missing_route_back_is_named()
    {
        string lab = Build("back", LabServiceTests.NatLab("x"));
        // Without masquerade, wan sees box1's own address and has no route back to it.
        Sandbox.Ip("netns exec " + LabDefinition.NamespaceOf(lab, "router") + " nft flush table ip pscontainernet");

        var paths = LabTester.Test(lab, [new LabExpectation("box1", "wan", null)]);

        Assert.Equal("wan has no route back to 172.30.0.2 (box1's address): NAT on the way (masquerade) or a route back is missing", ReasonFor(paths, "box1", "10.200.0.2"));
    }

    [Fact]
    public void An_unknown_node_or_lab_is_refused()
    {
        string lab = Build("names", LabServiceTests.BridgeLab("x"));
        Assert.Contains("has no node 'box9'", Assert.Throws<EngineException>(() => LabTester.Test(lab, [new LabExpectation("box1", "box9", null)])).Message);
        Assert.Equal(EngineErrorKind.NotFound, Assert.Throws<EngineException>(() => LabTester.Test(lab + "-none")).Kind);
    }

    [Fact]
    public void A_TCP_port_nobody_listens_on_is_refused_and_one_expected_closed_passes()
    {
        string lab = Build("tcp", LabServiceTests.BridgeLab("x"));
        using var listener = PSContainerNet.Engine.Diagnostics.NamespaceSocket.Open(Node(lab, "box2"),
            System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Any, 8080));
        listener.Listen();

        // A lab just built may take a moment to carry its first connection (CI once saw 1 s pass): let it converge.
        var paths = LabTester.Test(lab, [new LabExpectation("box1", "box2", null, 8080), new LabExpectation("box1", "box2", false, 8081)], wait: TimeSpan.FromSeconds(20));

        Assert.All(paths, p => Assert.True(p.Passed, p.ToString()));
        Assert.Equal("connection refused: 172.31.0.3 answers, but nothing listens on TCP port 8081 there (or a firewall rejects it)",
            Assert.Single(paths, p => p.Port == 8081).Reason);
    }

    [Fact]
    public void Waiting_retries_only_what_fails_and_says_what_never_converged()
    {
        string lab = Build("wait", LabServiceTests.BridgeLab("x"));
        LinkService.Set(Node(lab, "box2"), "eth0", new LinkSettings { Up = false });

        var paths = LabTester.Test(lab, [new LabExpectation("box1", "host", null), new LabExpectation("box1", "box2", null)], wait: TimeSpan.FromSeconds(1.5));

        NetLabPath converged = Assert.Single(paths, p => p.To == "host");
        Assert.Equal((true, 1), (converged.Passed, converged.Attempts));
        NetLabPath never = Assert.Single(paths, p => p.To == "box2");
        Assert.True(never.Attempts > 1);
        Assert.Matches(@"^did not converge within 1\.5 s \(\d+ attempts\): 172\.31\.0\.3 is on box2:eth0, which is set down$", never.Reason);
    }
}
