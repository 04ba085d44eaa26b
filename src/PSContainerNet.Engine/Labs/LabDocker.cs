using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Labs;

/// <summary>A lab's Docker objects: its containers and networks, found by the lab's label (names alone could be another lab's).</summary>
internal static class LabDocker
{
    /// <summary>The Docker label on a lab's containers and networks.</summary>
    public const string LabLabel = "io.pscontainernet.lab";

    /// <summary>The Docker label that keeps the part of the definition a container or network was made from (Compare-NetLab reads it).</summary>
    public const string SpecLabel = "io.pscontainernet.spec";

    /// <summary>A lab network on its engine: bridge, macvlan on its parent, or an attachable overlay on a swarm manager.</summary>
    public static ContainerNetwork CreateNetwork(DockerClient docker, string lab, LabNetworkSpec network)
    {
        var labels = new Dictionary<string, string> { [LabLabel] = lab, [SpecLabel] = LabSpecJson.Write(network) };
        return CreateNetwork(docker, LabDefinition.NamespaceOf(lab, network.Name), network, labels);
    }

    /// <summary>
    /// A lab container, started, joined to its further networks, and (with a namespace of its own on a local engine)
    /// registered as a node: named like one and marked, so every namespace cmdlet takes it.
    /// </summary>
    public static void CreateContainer(string lab, LabContainerSpec container, DockerClient docker, LabJournal journal)
    {
        string name = LabDefinition.NamespaceOf(lab, container.Name);
        Container started = ContainerService.Create(docker, new ContainerSpec
        {
            Image = container.Image,
            Name = name,
            Command = container.Command,
            Network = container.Network,
            IPAddress = container.IPAddress,
            Aliases = container.Aliases,
            Publish = container.Publish,
            Labels = new Dictionary<string, string> { [LabLabel] = lab, [SpecLabel] = LabSpecJson.Write(container) },
        });
        foreach (LabConnectSpec join in container.Connect)
        {
            ContainerNetworkService.Connect(docker, join.Network, name, new EndpointSpec { IPv4Address = join.IPAddress, Aliases = join.Aliases });
        }

        if (container.OwnNamespace && docker.Endpoint.SocketPath is not null)
        {
            journal.Namespace(name, container.Name);
            NetNamespaceStore.Register(name, started.Pid);
            LinkService.Set(NamespaceHandle.Resolve(name), "lo", new LinkSettings { Alias = LabMark.Format(lab, container.Name) });
        }
    }

    /// <summary>Removes a lab container and the node name its namespace was registered under.</summary>
    public static void RemoveContainer(DockerClient docker, string name)
    {
        ContainerService.Remove(docker, name, force: true);
        if (File.Exists(NetNamespaceStore.PathOf(name)))
        {
            NetNamespaceStore.Remove(name);
        }
    }

    private static ContainerNetwork CreateNetwork(DockerClient docker, string name, LabNetworkSpec network, IReadOnlyDictionary<string, string> labels) =>
        network.Driver == "macvlan"
            ? ContainerNetworkService.CreateMacvlan(docker, new MacvlanNetworkSpec
            {
                Name = name, Parent = network.Parent!, Pools = network.Pools, Labels = labels, Internal = network.Internal,
            })
            : ContainerNetworkService.Create(docker, new ContainerNetworkSpec
            {
                Name = name,
                Driver = network.Driver,
                Pools = network.Pools,
                Internal = network.Internal,
                Attachable = network.Driver == "overlay",
                Options = network.VxlanId is int vni
                    ? new Dictionary<string, string> { [ContainerNetworkService.VxlanIdsOption] = vni.ToString(System.Globalization.CultureInfo.InvariantCulture) }
                    : new Dictionary<string, string>(),
                Labels = labels,
            });

    /// <summary>The subnet of the engine's docker_gwbridge (made when it joins a swarm), or null when it has none or cannot be asked.</summary>
    public static IPPrefix? GatewayBridgeSubnet(string dockerHost)
    {
        try
        {
            return ContainerNetworkService.Get(DockerClient.Connect(dockerHost, timeout: TimeSpan.FromSeconds(10)), "docker_gwbridge").Subnet is string subnet
                ? IPPrefix.Parse(subnet)
                : null;
        }
        catch (EngineException)
        {
            return null;
        }
    }

    /// <summary>The names of the lab's containers and networks on the engine.</summary>
    public static (IReadOnlyList<string> Containers, IReadOnlyList<string> Networks) Objects(DockerClient docker, string lab) =>
        (Containers(docker, lab).Select(c => c.Name).ToList(), Networks(docker, lab).Select(n => n.Name).ToList());

    /// <summary>The lab's containers on the engine, running or not.</summary>
    public static IEnumerable<Container> Containers(DockerClient docker, string lab) =>
        ContainerService.List(docker, [$"{lab}-*"], all: true).Where(c => Owned(c.Labels, lab));

    /// <summary>The lab's networks on the engine (an overlay: on every engine with containers on it).</summary>
    public static IEnumerable<ContainerNetwork> Networks(DockerClient docker, string lab) =>
        ContainerNetworkService.List(docker, [$"{lab}-*"]).Where(n => Owned(n.Labels, lab));

    private static bool Owned(IReadOnlyDictionary<string, string> labels, string lab) => labels.TryGetValue(LabLabel, out string? owner) && owner == lab;

    /// <summary>
    /// Removes the lab's containers on every engine, then its networks (an overlay's containers may be on any engine of
    /// the swarm), then leaves the swarm the lab formed; returns the names removed.
    /// </summary>
    public static (IReadOnlyList<string> Containers, IReadOnlyList<string> Networks) Remove(
        IReadOnlyList<DockerClient> engines, string lab, IReadOnlyList<DockerClient> swarmEngines)
    {
        var found = engines.Select(docker => (Docker: docker, Objects: Objects(docker, lab))).ToList();
        foreach (var (docker, (containers, _)) in found)
        {
            foreach (string container in containers)
            {
                ContainerService.Remove(docker, container, force: true);
            }
        }

        foreach (var (docker, (_, networks)) in found)
        {
            foreach (string network in networks.Where(n => RemovedHere(docker, n)))
            {
                ContainerNetworkService.Remove(docker, network);
            }
        }

        LabEngines.LeaveSwarm(swarmEngines);
        return (found.SelectMany(f => f.Objects.Containers).Distinct().ToList(), found.SelectMany(f => f.Objects.Networks).Distinct().ToList());
    }

    /// <summary>
    /// Whether this engine should remove the network: a worker lists an overlay while it has containers on it, but
    /// only a manager removes it.
    /// </summary>
    private static bool RemovedHere(DockerClient docker, string network)
    {
        try
        {
            return ContainerNetworkService.Get(docker, network).Scope != "swarm" || SwarmService.Get(docker).IsManager;
        }
        catch (DockerException e) when (e.Kind == EngineErrorKind.NotFound)
        {
            return false;
        }
    }
}
