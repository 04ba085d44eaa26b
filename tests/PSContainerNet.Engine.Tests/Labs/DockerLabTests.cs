using System.Collections;
using System.Net;
using PSContainerNet.Engine.Diagnostics;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Labs;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Tests.Docker;

namespace PSContainerNet.Engine.Tests.Labs;

/// <summary>The seeds' Docker labs as lab definitions (runbooks 3-5): networks and containers made, found and removed with the lab.</summary>
[Collection("docker")]
public sealed class DockerLabTests : IDisposable
{
    private readonly string _lab = "pscnt" + Guid.NewGuid().ToString("N")[..5];

    public void Dispose() => LabService.Remove(_lab); // idempotent: whatever a test left goes

    private static Hashtable Container(string name, string? network = null, string? ip = null, params Hashtable[] connect) => new()
    {
        ["Name"] = name, ["Image"] = DockerLab.Image, ["Command"] = new[] { "sleep", "600" }, ["Network"] = network, ["IPAddress"] = ip, ["Connect"] = connect,
    };

    private NetLab Build(Hashtable definition)
    {
        definition["Name"] = _lab;
        return LabService.Build(LabDefinition.Parse(definition));
    }

    private NamespaceHandle Ns(string node) => NamespaceHandle.Resolve(LabDefinition.NamespaceOf(_lab, node));

    [DockerFact]
    public void Runbook_3_a_custom_network_with_a_static_address_resolves_names_and_goes_with_the_lab()
    {
        NetLab lab = Build(new Hashtable
        {
            ["Networks"] = new Hashtable { ["Name"] = "front", ["Subnet"] = "10.233.3.0/24", ["Gateway"] = "10.233.3.1" },
            ["Containers"] = new object[] { Container("web", "front", "10.233.3.10"), Container("client", "front") },
        });

        Assert.Equal(["client", "web"], lab.Nodes.Select(n => n.Name));
        Assert.Contains(lab.Nodes.Single(n => n.Name == "web").Addresses, a => a.IPAddress == "10.233.3.10");
        ContainerNetwork front = ContainerNetworkService.Get(DockerClient.Connect(), $"{_lab}-front");
        Assert.Equal("10.233.3.1", front.Gateway);
        Assert.Equal(_lab, front.Labels[LabService.LabLabel]);
        Assert.True(NetPing.Send(Ns("client"), IPAddress.Parse("10.233.3.10"), count: 1).Success);
        NamespaceCommandResult lookup = NamespaceProcess.Run(Ns("client"), "busybox", ["nslookup", $"{_lab}-web", "127.0.0.11"], TimeSpan.FromSeconds(10));
        Assert.Contains(lookup.Output, l => l.Contains("10.233.3.10"));
        Assert.All(LabTester.Test(_lab), p => Assert.True(p.Passed, p.ToString()));

        NetLabRemoval removal = LabService.Remove(_lab);
        Assert.Equal([$"{_lab}-client", $"{_lab}-web"], removal.Containers.Order());
        Assert.Equal([$"{_lab}-front"], removal.Networks);
        Assert.Equal(2, removal.Namespaces.Count);
        Assert.Empty(ContainerService.List(DockerClient.Connect(), [$"{_lab}-*"], all: true));
    }

    [DockerFact]
    public void A_changed_definition_remakes_only_the_changed_container_and_a_failing_change_brings_the_old_one_back()
    {
        Hashtable Definition(string webAddress, string? extraImage = null)
        {
            var containers = new List<object> { Container("web", "front", webAddress), Container("client", "front") };
            if (extraImage is not null)
            {
                containers.Add(new Hashtable { ["Name"] = "extra", ["Image"] = extraImage, ["Network"] = "front" });
            }

            return new Hashtable
            {
                ["Name"] = _lab,
                ["Networks"] = new Hashtable { ["Name"] = "front", ["Subnet"] = "10.233.6.0/24" },
                ["Containers"] = containers.ToArray(),
            };
        }

        Build(Definition("10.233.6.10"));
        var docker = DockerClient.Connect();
        string clientId = ContainerService.Get(docker, $"{_lab}-client").Id;
        Assert.Empty(LabChanges.Compare(LabDefinition.Parse(Definition("10.233.6.10"))));

        var changes = LabChanges.Apply(LabDefinition.Parse(Definition("10.233.6.20")), _ => true);

        NetLabChange web = Assert.Single(changes);
        Assert.Equal((NetLabChangeAction.Modify, NetLabPart.Container, "web", "IPAddress: 10.233.6.10 -> 10.233.6.20"), (web.Action, web.Part, web.Name, web.Detail));
        Assert.Equal("10.233.6.20", ContainerService.Get(docker, $"{_lab}-web").IPAddress);
        Assert.Equal(clientId, ContainerService.Get(docker, $"{_lab}-client").Id); // not remade
        Assert.True(NetPing.Send(Ns("client"), IPAddress.Parse("10.233.6.20"), count: 1).Success);

        // An image the engine does not have fails the last step: the web container changed before it is changed back.
        var e = Assert.Throws<EngineException>(() => LabChanges.Apply(LabDefinition.Parse(Definition("10.233.6.30", "pscn-no-such-image:0")), _ => true));
        Assert.Contains("(add container extra", e.Message);
        Assert.EndsWith("step(s) it had made were undone", e.Message);
        Assert.Equal("10.233.6.20", ContainerService.Get(docker, $"{_lab}-web").IPAddress);
        Assert.Empty(LabChanges.Compare(LabDefinition.Parse(Definition("10.233.6.20"))));
    }

    [DockerFact]
    public void Runbook_4_a_container_on_two_networks_reaches_both_while_the_others_stay_apart()
    {
        Build(new Hashtable
        {
            ["Networks"] = new object[]
            {
                new Hashtable { ["Name"] = "a", ["Subnet"] = "10.233.4.0/24" },
                new Hashtable { ["Name"] = "b", ["Subnet"] = "10.233.5.0/24" },
            },
            ["Containers"] = new object[]
            {
                Container("ona", "a", "10.233.4.11"),
                Container("onb", "b", "10.233.5.11"),
                Container("both", "a", "10.233.4.10", new Hashtable { ["Network"] = "b", ["IPAddress"] = "10.233.5.10" }),
            },
        });

        var paths = LabTester.Test(_lab,
        [
            new LabExpectation("both", "ona", true),
            new LabExpectation("both", "onb", true),
            new LabExpectation("ona", "onb", false),
        ]);
        Assert.All(paths, p => Assert.True(p.Passed, p.ToString()));
        Assert.Equal(2, LinkService.List(Ns("both")).Count(l => l.Name.StartsWith("eth", StringComparison.Ordinal)));
    }

    [DockerFact]
    public void Runbook_5_host_none_and_container_modes()
    {
        NetLab lab = Build(new Hashtable
        {
            ["Containers"] = new object[]
            {
                Container("owner"),
                Container("sharer", "container:owner"),
                Container("isolated", "none"),
                Container("onhost", "host"),
            },
        });

        // Nodes are the containers with a namespace of their own; host mode is the host's, container mode the owner's.
        Assert.Equal(["isolated", "owner"], lab.Nodes.Select(n => n.Name));
        Assert.Equal(["lo"], LinkService.List(Ns("isolated")).Select(l => l.Name));
        var docker = DockerClient.Connect();
        Container sharer = ContainerService.Get(docker, $"{_lab}-sharer"), onHost = ContainerService.Get(docker, $"{_lab}-onhost");
        Assert.Equal(Ns("owner").Inode, NamespaceHandle.Resolve(sharer.Namespace).Inode);
        Assert.Equal(NamespaceHandle.Current.Inode, NamespaceHandle.Resolve(onHost.Namespace).Inode);
        Assert.Equal(4, LabService.Remove(_lab).Containers.Count);
    }

    [DockerFact]
    public void A_container_that_cannot_start_undoes_the_networks_and_containers_made_before_it()
    {
        var e = Assert.Throws<EngineException>(() => Build(new Hashtable
        {
            ["Networks"] = new Hashtable { ["Name"] = "n", ["Subnet"] = "10.233.6.0/24" },
            ["Containers"] = new object[]
            {
                Container("fine", "n"),
                new Hashtable { ["Name"] = "broken", ["Image"] = DockerLab.Image, ["Command"] = new[] { "/no/such/program" }, ["Network"] = "n" },
            },
        }));

        Assert.Contains($"building lab '{_lab}' failed at step 3 of 3 (container broken)", e.Message);
        Assert.Empty(ContainerService.List(DockerClient.Connect(), [$"{_lab}-*"], all: true));
        Assert.Empty(ContainerNetworkService.List(DockerClient.Connect(), [$"{_lab}-*"]));
        Assert.Empty(LabService.Find(_lab));
    }
}
