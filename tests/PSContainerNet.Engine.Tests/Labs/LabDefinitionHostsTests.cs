using System.Collections;
using PSContainerNet.Engine.Labs;

namespace PSContainerNet.Engine.Tests.Labs;

/// <summary>Hosts, Swarm and per-engine networks and containers in a definition: read, and refused whole when wrong.</summary>
public sealed class LabDefinitionHostsTests
{
    private static Hashtable Hosts() => new() { ["h1"] = "unix:///run/h1.sock", ["h2"] = "tcp://10.0.0.2:2376" };

    [Fact]
    public void A_network_on_several_hosts_is_one_network_per_engine_with_its_own_range_and_an_overlay_goes_to_the_manager()
    {
        LabDefinition lab = LabDefinition.Parse(new Hashtable
        {
            ["Name"] = "across",
            ["Hosts"] = Hosts(),
            ["Swarm"] = new Hashtable { ["Manager"] = "h1", ["AdvertiseAddress"] = "10.0.0.1" },
            ["Networks"] = new object[]
            {
                new Hashtable { ["Name"] = "ovl", ["Driver"] = "overlay", ["Subnet"] = "10.78.0.0/24", ["VxlanId"] = 4242 },
                new Hashtable
                {
                    ["Name"] = "mv", ["Driver"] = "macvlan", ["Parent"] = "eth1", ["Host"] = new[] { "h1", "h2" }, ["Subnet"] = "10.79.0.0/24",
                    ["IPRange"] = new Hashtable { ["h1"] = "10.79.0.64/27", ["h2"] = "10.79.0.96/27" },
                },
            },
            ["Containers"] = new object[]
            {
                new Hashtable { ["Name"] = "c1", ["Host"] = "h1", ["Image"] = "busybox", ["Network"] = "ovl" },
                new Hashtable { ["Name"] = "c2", ["Host"] = "h2", ["Image"] = "busybox", ["Network"] = "mv" },
            },
        });

        Assert.Equal(["h1", "h2"], lab.Hosts.Select(h => h.Name));
        Assert.Equal(("h1", "10.0.0.1"), (lab.Swarm!.Manager, lab.Swarm.AdvertiseAddress));
        Assert.Equal(["h2"], lab.Swarm.Workers); // every other host, when Workers is not given
        LabNetworkSpec overlay = Assert.Single(lab.Networks, n => n.Name == "ovl");
        Assert.Equal(("overlay", "h1", 4242), (overlay.Driver, overlay.Host, overlay.VxlanId));
        Assert.Equal(["h1:10.79.0.64/27", "h2:10.79.0.96/27"], lab.Networks.Where(n => n.Name == "mv").Select(n => $"{n.Host}:{n.Pools[0].IPRange}"));
        Assert.Equal(["h1", "h2"], lab.Containers.Select(c => c.Host));
    }

    [Fact]
    public void Hosts_that_are_missing_unknown_or_unreachable_by_a_network_are_all_reported()
    {
        var e = Assert.Throws<EngineException>(() => LabDefinition.Parse(new Hashtable
        {
            ["Name"] = "wrong",
            ["Hosts"] = Hosts(),
            ["Swarm"] = new Hashtable { ["Manager"] = "h3" },
            ["Networks"] = new object[]
            {
                new Hashtable { ["Name"] = "front", ["Host"] = "h1", ["Subnet"] = "10.80.0.0/24" },
                new Hashtable { ["Name"] = "mv", ["Driver"] = "macvlan", ["Host"] = "h2" },
                new Hashtable { ["Name"] = "vx", ["Driver"] = "bridge", ["Host"] = "h2", ["VxlanId"] = 5 },
            },
            ["Containers"] = new object[]
            {
                new Hashtable { ["Name"] = "c1", ["Image"] = "busybox" },
                new Hashtable { ["Name"] = "c2", ["Host"] = "h2", ["Image"] = "busybox", ["Network"] = "front" },
            },
        }));

        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("Swarm: Manager 'h3' is not one of the Hosts (h1, h2)", e.Message);
        Assert.Contains("Networks[1]: a macvlan network needs Parent", e.Message);
        Assert.Contains("Networks[2]: VxlanId is for overlay networks", e.Message);
        Assert.Contains("Containers[0]: Host is missing; name one of the Hosts (h1, h2)", e.Message);
        Assert.Contains("Containers[1]: Network 'front' is not on host 'h2' (it is on h1); only an overlay network reaches every host of a swarm", e.Message);
    }

    [Fact]
    public void A_Host_without_Hosts_says_what_to_add()
    {
        var e = Assert.Throws<EngineException>(() => LabDefinition.Parse(new Hashtable
        {
            ["Name"] = "nohosts",
            ["Containers"] = new object[] { new Hashtable { ["Name"] = "c1", ["Host"] = "h1", ["Image"] = "busybox" } },
        }));
        Assert.Contains("Containers[0]: Host 'h1' needs Hosts, the table of the lab's engines (Hosts = @{ h1 = 'unix:///var/run/docker.sock' })", e.Message);
    }
}
