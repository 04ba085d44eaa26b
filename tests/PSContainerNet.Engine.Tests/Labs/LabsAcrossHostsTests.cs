using System.Collections;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Labs;
using PSContainerNet.Engine.Tests.Docker;

namespace PSContainerNet.Engine.Tests.Labs;

/// <summary>The overlay lab (runbook 8) as a lab definition through LabService: built, found, tested, drawn and removed across two engines.</summary>
[Collection("docker")]
public sealed class LabsAcrossHostsTests : IDisposable
{
    private readonly string _lab = "pscnl" + Guid.NewGuid().ToString("N")[..5];

    public void Dispose()
    {
        LabService.Remove(_lab);
        TestEngines.LeaveSwarms();
    }

    [EnginesFact]
    public void An_overlay_lab_across_two_engines_is_built_tested_drawn_and_removed_with_its_swarm()
    {
        Hashtable Container(string name, string host, string ip) => new()
        {
            ["Name"] = name, ["Host"] = host, ["Image"] = DockerLab.Image, ["Command"] = new[] { "sleep", "600" }, ["Network"] = "ovl", ["IPAddress"] = ip,
        };
        var definition = new Hashtable
        {
            ["Name"] = _lab,
            ["Hosts"] = new Hashtable(TestEngines.Hosts.ToDictionary(h => h.Key, h => h.Value)),
            ["Swarm"] = new Hashtable { ["Manager"] = "h1", ["AdvertiseAddress"] = "10.77.0.1" },
            ["Networks"] = new[] { new Hashtable { ["Name"] = "ovl", ["Driver"] = "overlay", ["Subnet"] = "10.78.0.0/24", ["VxlanId"] = 4242 } },
            ["Containers"] = new[] { Container("c1", "h1", "10.78.0.11"), Container("c2", "h2", "10.78.0.12") },
        };

        NetLab built = LabService.Build(LabDefinition.Parse(definition));
        Assert.Equal(["c1", "c2"], built.Nodes.Select(n => n.Name));

        NetLab found = LabService.Get(_lab);
        Assert.Equal(TestEngines.Hosts.Values.Order(), found.Engines.Select(e => e.DockerHost).Order());
        var paths = LabTester.Test(_lab);
        Assert.All(paths, p => Assert.True(p.Passed, p.ToString()));
        Assert.Equal(["10.78.0.11", "10.78.0.12"], paths.Select(p => p.Target).Order());
        Assert.Contains("VXLAN 4242", LabGraph.Export(_lab, LabGraphFormat.Dot), StringComparison.Ordinal);

        // A changed definition across the engines: the overlay is one network (every engine with containers on it lists
        // it), c2 gets another address, c3 joins on h2; c1 reaches c3 once the gossip has it.
        Assert.Empty(LabChanges.Compare(LabDefinition.Parse(definition)));
        definition["Containers"] = new[] { Container("c1", "h1", "10.78.0.11"), Container("c2", "h2", "10.78.0.22"), Container("c3", "h2", "10.78.0.13") };
        var changes = LabChanges.Apply(LabDefinition.Parse(definition), _ => true);
        Assert.Equal(["Modify Container h2 c2", "Add Container h2 c3"], changes.Select(c => $"{c.Action} {c.Part} {c.Where} {c.Name}"));
        Assert.Empty(LabChanges.Compare(LabDefinition.Parse(definition)));
        Assert.True(SpinWait.SpinUntil(() => LabTester.Test(_lab).All(p => p.Passed), TimeSpan.FromSeconds(30)), "the lab did not converge after the change");

        NetLabRemoval removal = LabService.Remove(_lab);
        Assert.Equal([$"{_lab}-c1", $"{_lab}-c2", $"{_lab}-c3"], removal.Containers.Order());
        Assert.All(TestEngines.Hosts.Keys, h => Assert.False(SwarmService.IsInSwarm(TestEngines.Client(h))));
        Assert.Empty(LabService.Find(_lab));
    }
}
