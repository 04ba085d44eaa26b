using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Tests.Docker;

/// <summary>docker network create/inspect/connect/disconnect/rm/prune through the engine, the docker CLI as oracle.</summary>
[Collection("docker")]
public sealed class ContainerNetworkServiceTests : IDisposable
{
    private readonly DockerLab _lab = new();

    public void Dispose() => _lab.Dispose();

    [DockerFact]
    public void The_default_bridge_network_names_docker0_and_its_pool()
    {
        ContainerNetwork bridge = ContainerNetworkService.Get(_lab.Client, "bridge");
        Assert.Equal("bridge", bridge.Driver);
        Assert.Equal("docker0", bridge.BridgeName);
        Assert.Equal(DockerLab.Cli("network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", "bridge"), bridge.Subnet);
        Assert.True(LinkService.Exists(NamespaceHandle.Current, "docker0"));
        Assert.Contains(ContainerNetworkService.List(_lab.Client), n => n.Name == "host" && n.Driver == "host");
    }

    [DockerFact]
    public void A_custom_network_has_its_subnet_gateway_range_aux_addresses_labels_and_a_br_bridge()
    {
        ContainerNetwork net = ContainerNetworkService.Create(_lab.Client, new ContainerNetworkSpec
        {
            Name = _lab.Name("net"),
            Pools = [new IpamConfig("10.231.10.0/24", "10.231.10.1", "10.231.10.128/25", new Dictionary<string, string> { ["router"] = "10.231.10.2" })],
            Labels = new Dictionary<string, string> { ["lab"] = _lab.Prefix },
            Attachable = true,
            Internal = true,
        });

        Assert.Equal(_lab.Name("net"), net.Name);
        Assert.Equal("10.231.10.0/24", net.Subnet);
        Assert.Equal("10.231.10.1", net.Gateway);
        Assert.Equal("10.231.10.128/25", net.IpamConfigs[0].IPRange);
        Assert.Equal("10.231.10.2", net.IpamConfigs[0].AuxAddresses["router"]);
        Assert.Equal(_lab.Prefix, net.Labels["lab"]);
        Assert.True(net.Internal);
        Assert.True(net.Attachable);
        Assert.Equal("br-" + net.Id[..12], net.BridgeName);
        Assert.Equal(net.Id, DockerLab.Cli("network", "inspect", "-f", "{{.Id}}", net.Name));

        // The Linux side: the bridge exists once a container attaches, with the gateway address on it.
        Container box = _lab.Run("box", net.Name, "10.231.10.130");
        Assert.Contains(AddressService.List(NamespaceHandle.Current, net.BridgeName), a => a.IPAddress == "10.231.10.1" && a.PrefixLength == 24);
        NetworkEndpoint endpoint = Assert.Single(ContainerNetworkService.Get(_lab.Client, net.Name).Containers);
        Assert.Equal(box.Id, endpoint.ContainerId);
        Assert.Equal(box.Name, endpoint.ContainerName);
        Assert.Equal("10.231.10.130/24", endpoint.IPv4Address);
        Assert.Equal("10.231.10.130", endpoint.IPAddress);
        Assert.NotNull(endpoint.EndpointId);
    }

    [DockerFact]
    public void A_duplicate_name_and_an_overlapping_pool_are_refused_with_dockers_words()
    {
        _lab.Network("a", "10.231.11.0/24");
        var duplicate = Assert.Throws<DockerException>(() => _lab.Network("a", "10.231.12.0/24"));
        Assert.Equal(EngineErrorKind.AlreadyExists, duplicate.Kind);
        Assert.Contains("already exists", duplicate.Message);
        var overlap = Assert.Throws<DockerException>(() => _lab.Network("b", "10.231.11.0/25"));
        Assert.Contains("overlaps", overlap.Message);
        Assert.Equal(EngineErrorKind.Busy, overlap.Kind);
        Assert.Single(ContainerNetworkService.List(_lab.Client, [_lab.Prefix + "*"]));
    }

    [DockerFact]
    public void Removing_a_network_in_use_is_busy_and_unknown_networks_are_not_found()
    {
        ContainerNetwork net = _lab.Network("used", "10.231.13.0/24");
        _lab.Run("user", net.Name);
        var inUse = Assert.Throws<DockerException>(() => ContainerNetworkService.Remove(_lab.Client, net.Name));
        Assert.Equal(EngineErrorKind.Busy, inUse.Kind);
        Assert.Contains("active endpoints", inUse.Message);

        var missing = Assert.Throws<DockerException>(() => ContainerNetworkService.Get(_lab.Client, _lab.Name("nonet")));
        Assert.Equal(EngineErrorKind.NotFound, missing.Kind);
        Assert.Equal(404, missing.StatusCode);
        Assert.Equal(_lab.Name("nonet"), missing.Target);
    }

    [DockerFact]
    public void Prune_removes_unused_networks_with_the_label_only()
    {
        var labels = new Dictionary<string, string> { ["pscnt-prune"] = _lab.Prefix };
        ContainerNetworkService.Create(_lab.Client, new ContainerNetworkSpec { Name = _lab.Name("idle"), Labels = labels });
        ContainerNetwork used = ContainerNetworkService.Create(_lab.Client, new ContainerNetworkSpec { Name = _lab.Name("busy"), Labels = labels });
        _lab.Run("keeper", used.Name);

        IReadOnlyList<string> pruned = ContainerNetworkService.Prune(_lab.Client, labels);

        Assert.Equal([_lab.Name("idle")], pruned);
        Assert.Equal([_lab.Name("busy")], ContainerNetworkService.List(_lab.Client, [_lab.Prefix + "*"]).Select(n => n.Name));
    }

    [DockerFact]
    public void A_container_on_two_networks_reaches_both_the_others_stay_isolated_and_disconnect_cuts_it_off()
    {
        ContainerNetwork netA = _lab.Network("a", "10.231.14.0/24");
        ContainerNetwork netB = _lab.Network("b", "10.231.15.0/24");
        Container router = _lab.Run("both", netA.Name, "10.231.14.10");
        Container onA = _lab.Run("ona", netA.Name, "10.231.14.11");
        Container onB = _lab.Run("onb", netB.Name, "10.231.15.11");
        Assert.False(DockerLab.Pings(router, "10.231.15.11"));

        ContainerNetworkService.Connect(_lab.Client, netB.Name, router.Name, new EndpointSpec { IPv4Address = "10.231.15.10", Aliases = ["gw"] });

        router = ContainerService.Get(_lab.Client, router.Name);
        Assert.Equal([netA.Name, netB.Name], router.Endpoints.Select(e => e.Network));
        NetworkEndpoint onNetB = router.Endpoints.Single(e => e.Network == netB.Name);
        Assert.Equal("10.231.15.10/24", onNetB.IPv4Address);
        Assert.Contains("gw", onNetB.Aliases);
        Assert.True(DockerLab.Pings(router, "10.231.14.11"));
        Assert.True(DockerLab.Pings(router, "10.231.15.11"));
        Assert.False(DockerLab.Pings(onA, "10.231.15.11")); // Docker isolates bridges from each other

        ContainerNetworkService.Disconnect(_lab.Client, netB.Name, router.Name, force: false);
        Assert.Equal([netA.Name], ContainerService.Get(_lab.Client, router.Name).Endpoints.Select(e => e.Network));
        Assert.False(DockerLab.Pings(router, "10.231.15.11"));

        var notConnected = Assert.Throws<DockerException>(() => ContainerNetworkService.Disconnect(_lab.Client, netB.Name, router.Name, force: false));
        Assert.Contains("is not connected", notConnected.Message);
        _ = onB;
    }

    [DockerFact]
    public void Addresses_taken_or_outside_the_subnet_and_unknown_containers_are_refused_with_dockers_words()
    {
        ContainerNetwork net = _lab.Network("ipam", "10.231.16.0/24");
        _lab.Run("first", net.Name, "10.231.16.10");
        Container second = _lab.Run("second", net.Name);

        var taken = Assert.Throws<DockerException>(() => _lab.Run("third", net.Name, "10.231.16.10"));
        Assert.Equal(EngineErrorKind.Busy, taken.Kind);
        Assert.Contains("Address already in use", taken.Message);
        Assert.Empty(ContainerService.List(_lab.Client, [_lab.Name("third")], all: true)); // nothing half-made

        ContainerNetwork other = _lab.Network("other", "10.231.17.0/24");
        var outside = Assert.Throws<DockerException>(() =>
            ContainerNetworkService.Connect(_lab.Client, other.Name, second.Name, new EndpointSpec { IPv4Address = "10.231.99.5" }));
        Assert.Contains("does not belong to any of this network's subnets", outside.Message);

        var unknown = Assert.Throws<DockerException>(() =>
            ContainerNetworkService.Connect(_lab.Client, other.Name, _lab.Name("ghost"), new EndpointSpec()));
        Assert.Equal(EngineErrorKind.NotFound, unknown.Kind);
        Assert.Contains("No such container", unknown.Message);
    }

    [DockerFact]
    public void A_MAC_per_network_is_refused_on_engines_older_than_API_1_44()
    {
        if (_lab.Client.ApiVersion >= new Version(1, 44))
        {
            return; // this engine supports it; the refusal cannot be shown here
        }

        ContainerNetwork net = _lab.Network("mac", "10.231.18.0/24");
        Container box = _lab.Run("mac");
        var e = Assert.Throws<DockerException>(() =>
            ContainerNetworkService.Connect(_lab.Client, net.Name, box.Name, new EndpointSpec { MacAddress = "02:42:0a:e7:12:05" }));
        Assert.Equal(EngineErrorKind.NotSupported, e.Kind);
        Assert.Contains("needs Docker API 1.44", e.Message);
        Assert.Single(ContainerService.Get(_lab.Client, box.Name).Endpoints); // not connected
    }

    [DockerFact]
    public void Two_containers_on_a_macvlan_network_over_a_veth_parent_ping_each_other_without_a_bridge()
    {
        // The parent is a veth end this test made in the engine's namespace, never eth0.
        string parent = _lab.Name("p");
        LinkService.NewVeth(NamespaceHandle.Current, parent, _lab.Name("q"), null, new LinkOptions { Up = true });
        ContainerNetwork net = ContainerNetworkService.CreateMacvlan(_lab.Client, new MacvlanNetworkSpec
        {
            Name = _lab.Name("mv"),
            Parent = parent,
            Mode = "bridge",
            Pools = [new IpamConfig("10.231.19.0/24", "10.231.19.1", null, new Dictionary<string, string>())],
        });
        Assert.Equal("macvlan", net.Driver);
        Assert.Equal(parent, net.Parent);
        Assert.Null(net.BridgeName);

        Container a = _lab.Run("mva", net.Name, "10.231.19.10");
        _lab.Run("mvb", net.Name, "10.231.19.11");

        Assert.True(DockerLab.Pings(a, "10.231.19.11"));
        NetLink eth0 = LinkService.Get(NamespaceHandle.Resolve(a.Namespace), "eth0");
        Assert.Equal("macvlan", eth0.Kind);
        Assert.Equal(LinkService.Get(NamespaceHandle.Current, parent).Index, eth0.ParentIndex);
    }

    [DockerFact]
    public void A_mode_of_the_other_driver_is_refused_before_anything_is_made()
    {
        var e = Assert.Throws<EngineException>(() => ContainerNetworkService.CreateMacvlan(_lab.Client, new MacvlanNetworkSpec
        {
            Name = _lab.Name("mv"), Parent = "lo", Mode = "l3",
        }));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("'l3' is not a macvlan mode; use bridge, private, vepa, passthru", e.Message);
        Assert.Empty(ContainerNetworkService.List(_lab.Client, [_lab.Name("mv")]));
    }

    [DockerFact]
    public void A_macvlan_parent_that_does_not_exist_is_named()
    {
        var e = Assert.Throws<EngineException>(() => ContainerNetworkService.CreateMacvlan(_lab.Client, new MacvlanNetworkSpec
        {
            Name = _lab.Name("mv"), Parent = _lab.Name("none"),
        }));
        Assert.Equal(EngineErrorKind.NotFound, e.Kind);
        Assert.Contains($"parent link '{_lab.Name("none")}'", e.Message);
    }

    [DockerFact(kernelFeature: "vlan")]
    public void A_macvlan_network_on_a_VLAN_makes_the_sub_interface_and_removing_the_network_removes_it()
    {
        string parent = _lab.Name("p");
        LinkService.NewVeth(NamespaceHandle.Current, parent, _lab.Name("q"), null, new LinkOptions { Up = true });
        ContainerNetwork net = ContainerNetworkService.CreateMacvlan(_lab.Client, new MacvlanNetworkSpec
        {
            Name = _lab.Name("v10"), Parent = parent, VlanId = 10,
            Pools = [new IpamConfig("10.231.20.0/24", null, null, new Dictionary<string, string>())],
        });
        Assert.Equal($"{parent}.10", net.Parent);
        Assert.Equal("vlan", LinkService.Get(NamespaceHandle.Current, $"{parent}.10").Kind);

        ContainerNetworkService.Remove(_lab.Client, net.Name);
        Assert.False(LinkService.Exists(NamespaceHandle.Current, $"{parent}.10"));

        // A network that cannot be made leaves no sub-interface behind.
        _lab.Network("taken", "10.231.21.0/24");
        Assert.Throws<DockerException>(() => ContainerNetworkService.CreateMacvlan(_lab.Client, new MacvlanNetworkSpec
        {
            Name = _lab.Name("v11"), Parent = parent, VlanId = 11,
            Pools = [new IpamConfig("10.231.21.0/24", null, null, new Dictionary<string, string>())],
        }));
        Assert.False(LinkService.Exists(NamespaceHandle.Current, $"{parent}.11"));
    }
}
