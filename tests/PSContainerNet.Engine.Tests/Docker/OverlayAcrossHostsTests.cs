using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Tests.Docker;

/// <summary>Runbook 8 (seed-labs.md lab 8) through the engine: a swarm of two engines, an overlay, c1 and c2 on two hosts.</summary>
[Collection("docker")]
public sealed class OverlayAcrossHostsTests : IDisposable
{
    private readonly string _prefix = "pscnx" + Guid.NewGuid().ToString("N")[..5];

    public void Dispose()
    {
        TestEngines.RemoveNamed(_prefix);
        TestEngines.LeaveSwarms(); // takes the overlay network with it
    }

    [EnginesFact]
    public void Containers_on_two_engines_reach_each_other_by_name_through_the_overlay_VXLAN()
    {
        DockerClient h1 = TestEngines.Client("h1");
        DockerClient h2 = TestEngines.Client("h2");
        ContainerSwarm swarm = SwarmService.Initialize(h1, new SwarmInitSpec { AdvertiseAddress = "10.77.0.1" });
        SwarmService.Join(h2, new SwarmJoinSpec { ManagerAddresses = swarm.ManagerAddresses, Token = swarm.WorkerToken! });

        string network = _prefix + "ovl";
        ContainerNetworkService.Create(h1, new ContainerNetworkSpec
        {
            Name = network,
            Driver = "overlay",
            Attachable = true,
            Pools = [new IpamConfig("10.78.0.0/24", null, null, new Dictionary<string, string>())],
            Options = new Dictionary<string, string> { [ContainerNetworkService.VxlanIdsOption] = "4242" },
        });
        Container c1 = Run(h1, "c1", network, "10.78.0.11");
        Container c2 = Run(h2, "c2", network, "10.78.0.12");

        // The engines learn of each other's containers by gossip: wait (bounded) until host 1 sees both tunnel ends.
        ContainerNetwork overlay = ContainerNetworkService.Get(h1, network);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); overlay.Peers.Count < 2 && DateTime.UtcNow < deadline; Thread.Sleep(250))
        {
            overlay = ContainerNetworkService.Get(h1, network);
        }

        Assert.Equal([4242], overlay.Vnis);
        Assert.Equal(["10.77.0.1", "10.77.0.2"], overlay.Peers.Select(p => p.Address));
        Assert.NotNull(overlay.Namespace);
        NamespaceHandle overlayNs = NamespaceHandle.Resolve(overlay.Namespace);
        NetLink vxlan = Assert.Single(LinkService.List(overlayNs, new LinkFilter { Kind = "vxlan" }));
        Assert.Equal(4242u, Convert.ToUInt32(vxlan.KindProperties["Vni"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4789, Convert.ToInt32(vxlan.KindProperties["DestinationPort"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("br0", vxlan.Master);
        ulong sentBefore = vxlan.Statistics!.TransmittedPackets;

        ContainerCommandResult byName = ContainerExec.Run(h1, c1.Name, ["ping", "-c", "3", "-W", "2", c2.Name]);
        Assert.True(byName.Success, string.Join('\n', byName.Output.Concat(byName.ErrorOutput)));
        Assert.Contains(byName.Output, l => l.Contains("10.78.0.12", StringComparison.Ordinal));
        Assert.True(DockerLab.Pings(c2, "10.78.0.11"));

        // The echo requests left host 1 through the tunnel: the VXLAN link sent at least that many packets.
        ulong sentAfter = LinkService.Get(overlayNs, vxlan.Name).Statistics!.TransmittedPackets;
        Assert.True(sentAfter - sentBefore >= 3, $"the VXLAN link sent {sentAfter - sentBefore} packets for 3 pings");
    }

    private Container Run(DockerClient docker, string suffix, string network, string ip) =>
        ContainerService.Create(docker, new ContainerSpec
        {
            Image = DockerLab.Image,
            Name = _prefix + suffix,
            Command = ["sleep", "600"],
            Network = network,
            IPAddress = ip,
        });
}
