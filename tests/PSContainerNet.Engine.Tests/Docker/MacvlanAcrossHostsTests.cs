using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Tests.Docker;

/// <summary>Runbook 9 (seed-labs.md lab 7 across two hosts) through the engine: macvlan networks on two engines over one L2 underlay.</summary>
[Collection("docker")]
public sealed class MacvlanAcrossHostsTests : IDisposable
{
    private readonly string _prefix = "pscnm" + Guid.NewGuid().ToString("N")[..5];

    public void Dispose() => TestEngines.RemoveNamed(_prefix);

    [EnginesFact]
    public void Containers_on_macvlan_networks_of_two_engines_reach_each_other_over_the_shared_segment()
    {
        var containers = new Dictionary<string, Container>();
        foreach (var (host, range, address) in new[] { ("h1", "10.79.0.64/27", "10.79.0.11"), ("h2", "10.79.0.96/27", "10.79.0.12") })
        {
            DockerClient docker = TestEngines.Client(host);
            ContainerNetwork network = ContainerNetworkService.CreateMacvlan(docker, new MacvlanNetworkSpec
            {
                Name = _prefix + "mv",
                Parent = "ul0", // in the engine's namespace, not in this one
                Pools = [new IpamConfig("10.79.0.0/24", null, range, new Dictionary<string, string>())],
            });
            Assert.Equal("ul0", network.Parent);
            containers[host] = ContainerService.Create(docker, new ContainerSpec
            {
                Image = DockerLab.Image, Name = _prefix + host, Command = ["sleep", "600"], Network = network.Name, IPAddress = address,
            });
        }

        Assert.False(LinkService.Exists(NamespaceHandle.Current, "ul0"));
        Assert.True(DockerLab.Pings(containers["h1"], "10.79.0.12"));
        ContainerCommandResult back = ContainerExec.Run(TestEngines.Client("h2"), containers["h2"].Name, ["ping", "-c", "1", "-W", "2", "10.79.0.11"]);
        Assert.True(back.Success, string.Join('\n', back.Output));

        NetLink eth0 = LinkService.Get(NamespaceHandle.Resolve(containers["h1"].Namespace), "eth0");
        Assert.Equal("macvlan", eth0.Kind);
        Assert.Equal("ul0", eth0.Parent);
    }

    [EnginesFact]
    public void A_parent_that_is_not_in_the_engines_namespace_is_named_with_that_namespace()
    {
        var e = Assert.Throws<EngineException>(() => ContainerNetworkService.CreateMacvlan(TestEngines.Client("h1"), new MacvlanNetworkSpec
        {
            Name = _prefix + "none", Parent = "lo0nothere",
        }));
        Assert.Equal(EngineErrorKind.NotFound, e.Kind);
        Assert.Contains("parent link 'lo0nothere' does not exist in namespace '/proc/", e.Message);
        Assert.Contains("the engine's", e.Message);
    }
}
