using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Engine.Labs;

/// <summary>
/// A lab's Docker engines, by the names its Hosts give them ("" for a lab without Hosts: New-NetLab's -DockerHost,
/// DOCKER_HOST or the local engine), each a client with the build's cancellation and timeout.
/// </summary>
internal sealed class LabEngines
{
    private const string DefaultEngine = "";
    private readonly Dictionary<string, DockerClient> _byHost;

    private readonly CancellationToken _cancel;

    private LabEngines(Dictionary<string, DockerClient> byHost, CancellationToken cancel)
    {
        _byHost = byHost;
        _cancel = cancel;
    }

    /// <summary>The lab's engines; null for a lab without Docker parts, which never reads DOCKER_HOST or asks an engine.</summary>
    public static LabEngines? For(LabDefinition lab, string? dockerHost, CancellationToken cancel, TimeSpan? timeout)
    {
        if (lab.Networks.Count + lab.Containers.Count == 0 && lab.Swarm is null)
        {
            return null;
        }

        DockerClient Connect(string? host) => DockerClient.Connect(host, cancel: cancel, timeout: timeout);
        return new LabEngines(lab.Hosts.Count == 0
            ? new Dictionary<string, DockerClient> { [DefaultEngine] = Connect(dockerHost) }
            : lab.Hosts.ToDictionary(h => h.Name, h => Connect(h.DockerHost)), cancel);
    }

    public IReadOnlyCollection<DockerClient> All => _byHost.Values;

    /// <summary>The engine of a lab host (null: the lab's only engine).</summary>
    public DockerClient Of(string? host) => _byHost[host ?? DefaultEngine];

    /// <summary>Whether the engine runs on this machine, so its containers' namespaces can be named here.</summary>
    public bool IsLocal(string? host) => Of(host).Endpoint.SocketPath is not null;

    /// <summary>Initializes the swarm on its manager and joins the workers, writing each engine down first.</summary>
    public void FormSwarm(LabSwarmSpec swarm, LabJournal journal)
    {
        DockerClient manager = Of(swarm.Manager);
        journal.Swarm(manager.Endpoint.Host);
        ContainerSwarm formed = SwarmService.Initialize(manager, new SwarmInitSpec { AdvertiseAddress = swarm.AdvertiseAddress });
        foreach (string worker in swarm.Workers)
        {
            DockerClient engine = Of(worker);
            journal.Swarm(engine.Endpoint.Host);
            SwarmService.Join(engine, new SwarmJoinSpec { ManagerAddresses = formed.ManagerAddresses, Token = formed.WorkerToken! });
        }
    }

    /// <summary>
    /// Waits until each of <paramref name="hosts"/> sees all of them as peers of the overlay network: the engines learn
    /// of each other's containers by gossip, so a container may not reach another for a moment after both started.
    /// </summary>
    public void AwaitOverlay(string network, IReadOnlyList<string?> hosts, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            var behind = hosts.Select(h => (Host: h, Peers: ContainerNetworkService.Get(Of(h), network).Peers.Count)).Where(v => v.Peers < hosts.Count).ToList();
            if (behind.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new EngineException(EngineErrorKind.Timeout,
                    $"overlay network {network} did not reach all its engines within {bound.TotalSeconds:0} s: " +
                    string.Join(", ", behind.Select(b => $"{b.Host} sees {b.Peers} of {hosts.Count}")) + " (is UDP 4789 open between the hosts?)", network);
            }

            _cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(250));
            _cancel.ThrowIfCancellationRequested();
        }
    }

    /// <summary>For each overlay of the lab with containers on more than one engine: a wait (30 s at most) until those engines see each other.</summary>
    public IEnumerable<(string Description, Action Wait)> OverlayWaits(LabDefinition lab)
    {
        foreach (LabNetworkSpec overlay in lab.Networks.Where(n => n.Driver == "overlay"))
        {
            string network = lab.DockerName(overlay.Name);
            var hosts = lab.Containers.Where(c => c.Uses(network)).Select(c => c.Host).Distinct().ToList();
            if (hosts.Count > 1)
            {
                yield return ($"overlay {overlay.Name}: its {hosts.Count} engines see each other", () => AwaitOverlay(network, hosts, TimeSpan.FromSeconds(30)));
            }
        }
    }

    /// <summary>
    /// Leaves the swarm the lab formed: workers first, the manager (the first engine written down) last, which ends
    /// the swarm and its overlay networks. Engines already out of it are passed over.
    /// </summary>
    public static void LeaveSwarm(IReadOnlyList<DockerClient> swarmEngines)
    {
        foreach (DockerClient engine in swarmEngines.Reverse())
        {
            SwarmService.TryLeave(engine, force: true);
        }
    }
}
