using System.Collections;
using System.Xml.Linq;
using PSContainerNet.Engine.Labs;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Tests.Labs;

/// <summary>Lab graphs are drawn from the kernel: what changed by hand shows, veths, ports and parents are edges.</summary>
public sealed class LabGraphTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private string Build(string suffix, Hashtable definition) => LabServiceTests.BuildIn(_sandbox, suffix, definition);

    [Fact]
    public void Mermaid_has_a_box_per_node_and_an_edge_per_veth_and_port()
    {
        string lab = Build("g", LabServiceTests.BridgeLab("x"));

        string mermaid = LabGraph.Export(lab, LabGraphFormat.Mermaid);

        Assert.StartsWith("flowchart LR\n", mermaid);
        Assert.Contains($"subgraph node_box1[\"box1 ({lab}-box1)\"]", mermaid);
        Assert.Contains("box1_eth0[\"eth0 (veth)<br/>172.31.0.2/24\"]", mermaid);
        Assert.Contains("box1_eth0 ---|veth| host_box1_eth0", mermaid);
        Assert.Contains("host_box1_eth0 -->|port| host_br0", mermaid);
        Assert.Contains("host_veth_box2 -->|port| host_br0", mermaid);
        Assert.Equal(2, mermaid.Split('\n').Count(l => l.Contains("---|veth|"))); // each pair once
    }

    [Fact]
    public void The_graph_follows_the_live_system_not_the_definition()
    {
        string lab = Build("live", LabServiceTests.BridgeLab("x"));
        LinkService.Set(NamespaceHandle.Resolve($"{lab}-host"), "veth-box2", new LinkSettings { NoMaster = true });

        string dot = LabGraph.Export(lab, LabGraphFormat.Dot);

        Assert.StartsWith($"graph \"{lab}\" {{", dot);
        Assert.Contains("\"host_box1_eth0\" -- \"host_br0\" [label=\"port\", style=dashed];", dot);
        Assert.DoesNotContain("\"host_veth_box2\" -- \"host_br0\"", dot);
    }

    [Fact]
    public void Macvlans_moved_into_other_nodes_are_drawn_to_their_parent()
    {
        string lab = Build("mv", new Hashtable
        {
            ["Nodes"] = new Hashtable { ["host"] = null, ["a1"] = null },
            ["Links"] = new object[]
            {
                new Hashtable { ["Node"] = "host", ["Name"] = "nicA", ["Peer"] = "host", ["PeerName"] = "nicA-wire" },
                new Hashtable { ["Kind"] = "macvlan", ["Node"] = "a1", ["Name"] = "eth0", ["ParentNode"] = "host", ["Parent"] = "nicA", ["Address"] = "192.168.10.11/24" },
            },
        });

        Assert.Contains("a1_eth0 ---|macvlan| host_nicA", LabGraph.Export(lab, LabGraphFormat.Mermaid));
    }

    [Fact]
    public void Svg_comes_from_graphviz_when_it_is_installed()
    {
        string lab = Build("svg", LabServiceTests.BridgeLab("x"));
        bool haveDot = Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(d => File.Exists(Path.Combine(d, "dot")));
        if (!haveDot)
        {
            var e = Assert.Throws<EngineException>(() => LabGraph.Export(lab, LabGraphFormat.Svg));
            Assert.Equal(EngineErrorKind.NotSupported, e.Kind);
            Assert.Contains("apt-get install graphviz", e.Message);
            return;
        }

        XDocument svg = XDocument.Parse(LabGraph.Export(lab, LabGraphFormat.Svg));
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.Contains(svg.Descendants().Where(x => x.Name.LocalName == "text"), t => t.Value.Contains("172.31.0.2/24"));
    }
}
