using System.Collections;
using PSContainerNet.Engine.Labs;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.TrafficControl;

namespace PSContainerNet.Engine.Tests.Labs;

/// <summary>Impair and PeerImpair on a lab's veth: read with the definition, put on each end's egress by the build.</summary>
public sealed class LabImpairmentTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private static Hashtable Definition(Hashtable? impair, Hashtable? peerImpair)
    {
        var link = new Hashtable { ["Node"] = "a", ["Name"] = "eth0", ["Address"] = "10.233.80.1/24", ["Peer"] = "b", ["PeerName"] = "eth0", ["PeerAddress"] = "10.233.80.2/24" };
        if (impair is not null)
        {
            link["Impair"] = impair;
        }

        if (peerImpair is not null)
        {
            link["PeerImpair"] = peerImpair;
        }

        return new Hashtable { ["Nodes"] = new Hashtable { ["a"] = new Hashtable(), ["b"] = new Hashtable() }, ["Links"] = new[] { link } };
    }

    [Fact]
    public void Each_end_gets_its_own_rate()
    {
        string lab = LabServiceTests.BuildIn(_sandbox, "imp", Definition(new Hashtable { ["Rate"] = "2mbit" }, new Hashtable { ["Rate"] = "500kbit", ["Burst"] = 4000 }));

        Assert.Equal(2_000_000ul, ImpairmentService.Get(NamespaceHandle.Resolve(LabDefinition.NamespaceOf(lab, "a")), "eth0")!.Rate);
        NetLinkImpairment peer = ImpairmentService.Get(NamespaceHandle.Resolve(LabDefinition.NamespaceOf(lab, "b")), "eth0")!;
        Assert.Equal((500_000ul, "tbf"), (peer.Rate!.Value, peer.Kind));
    }

    [Fact]
    public void Impairments_that_cannot_be_made_are_reported_with_the_rest_before_anything_is_made()
    {
        Hashtable definition = Definition(new Hashtable { ["Rate"] = "fast" }, new Hashtable { ["Reorder"] = 10, ["Wobble"] = 1 });
        definition["Name"] = _sandbox.Prefix + "bad";

        var e = Assert.Throws<EngineException>(() => LabDefinition.Parse(definition));

        Assert.Contains("Links[0].Impair: 'fast' is not a rate", e.Message);
        Assert.Contains("Links[0].PeerImpair: unknown key 'Wobble'", e.Message);
        Assert.Contains("Links[0].PeerImpair: reordering sends some packets at once and delays the others: give -Delay too", e.Message);
    }
}
