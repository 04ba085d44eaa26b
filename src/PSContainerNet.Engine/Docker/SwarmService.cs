namespace PSContainerNet.Engine.Docker;

/// <summary>docker swarm init / join / leave / inspect and docker node ls over the Engine API.</summary>
public static class SwarmService
{
    /// <summary>The TCP/UDP port of the swarm's network gossip (memberlist).</summary>
    private const int GossipPort = 7946;

    /// <summary>The swarm the engine is in, as far as it knows it (managers know the tokens and settings).</summary>
    public static ContainerSwarm Get(DockerClient docker) => TryGet(docker) ?? throw NotInSwarm(docker);

    /// <summary>The swarm the engine is in, or null when it is in none.</summary>
    public static ContainerSwarm? TryGet(DockerClient docker)
    {
        WireSwarmInfo info = Info(docker);
        if (info.LocalNodeState is null or "inactive")
        {
            return null;
        }

        WireSwarm? swarm = info.ControlAvailable ? docker.Get("/swarm", SwarmJson.Default.WireSwarm, docker.Endpoint.Host) : null;
        return new ContainerSwarm
        {
            Id = swarm?.ID,
            NodeId = ContainerNetworkService.NullIfEmpty(info.NodeID),
            NodeAddress = ContainerNetworkService.NullIfEmpty(info.NodeAddr),
            LocalNodeState = info.LocalNodeState,
            IsManager = info.ControlAvailable,
            ManagerAddresses = (info.RemoteManagers ?? []).Select(m => m.Addr).OfType<string>().Order(StringComparer.Ordinal).ToList(),
            Nodes = info.Nodes,
            Managers = info.Managers,
            CreatedAt = swarm?.CreatedAt,
            DefaultAddressPools = swarm?.DefaultAddrPool ?? [],
            SubnetSize = swarm is null ? null : (int)swarm.SubnetSize,
            DataPathPort = swarm is null ? null : (int)swarm.DataPathPort,
            WorkerToken = swarm?.JoinTokens?.Worker,
            ManagerToken = swarm?.JoinTokens?.Manager,
            Error = ContainerNetworkService.NullIfEmpty(info.Error),
            DockerHost = docker.Endpoint.Host,
        };
    }

    /// <summary>Whether the engine is in a swarm (active, pending, error or locked).</summary>
    public static bool IsInSwarm(DockerClient docker) => Info(docker).LocalNodeState is not (null or "inactive");

    /// <summary>Makes the engine the first manager of a new swarm.</summary>
    public static ContainerSwarm Initialize(DockerClient docker, SwarmInitSpec spec)
    {
        RefuseIfInSwarm(docker);
        RefuseIfGossipPortTaken(docker);
        try
        {
            Post();
        }
        catch (DockerException e) when (e.Kind == EngineErrorKind.InvalidArgument)
        {
            // The engine's words name neither the engine nor the value it refused.
            string settings = string.Join(", ", new[]
            {
                spec.AdvertiseAddress is null ? null : $"advertise address '{spec.AdvertiseAddress}'",
                $"listen address '{spec.ListenAddress}'",
                spec.DataPathAddress is null ? null : $"data-path address '{spec.DataPathAddress}'",
            }.OfType<string>());
            throw new DockerException(e.Kind, $"the engine at {docker.Endpoint} could not start a swarm with {settings}: {e.Message}",
                e.StatusCode, spec.AdvertiseAddress ?? spec.ListenAddress, e);
        }

        return Get(docker);

        void Post() => docker.Post("/swarm/init", new WireSwarmInit
        {
            ListenAddr = spec.ListenAddress,
            AdvertiseAddr = spec.AdvertiseAddress,
            DataPathAddr = spec.DataPathAddress,
            DataPathPort = (uint?)spec.DataPathPort,
            DefaultAddrPool = spec.DefaultAddressPools.Count == 0 ? null : spec.DefaultAddressPools.ToList(),
            SubnetSize = (uint?)spec.SubnetSize,
            ForceNewCluster = spec.ForceNewCluster,
        }, SwarmJson.Default.WireSwarmInit, SwarmJson.Default.String, docker.Endpoint.Host);
    }

    /// <summary>
    /// Joins the swarm of the managers at <see cref="SwarmJoinSpec.ManagerAddresses"/>. A join that fails (a wrong
    /// token, a manager that cannot be reached) is called off, so the engine is left in no swarm rather than
    /// retrying in the background as the engine otherwise does.
    /// </summary>
    public static void Join(DockerClient docker, SwarmJoinSpec spec)
    {
        RefuseIfInSwarm(docker);
        RefuseIfGossipPortTaken(docker);
        string managers = string.Join(", ", spec.ManagerAddresses);
        try
        {
            docker.Post("/swarm/join", new WireSwarmJoin
            {
                ListenAddr = spec.ListenAddress,
                AdvertiseAddr = spec.AdvertiseAddress,
                DataPathAddr = spec.DataPathAddress,
                RemoteAddrs = spec.ManagerAddresses.ToList(),
                JoinToken = spec.Token,
            }, SwarmJson.Default.WireSwarmJoin, docker.Endpoint.Host);
        }
        catch (DockerException e) when (e.StatusCode != 0)
        {
            string undone = CallOffJoin(docker);
            throw e.Message switch
            {
                string m when m.Contains("Timeout was reached", StringComparison.Ordinal) => new DockerException(EngineErrorKind.ConnectionFailed,
                    $"the engine at {docker.Endpoint} could not reach a manager at {managers} in time{undone}", e.StatusCode, managers, e),
                string m when m.Contains("fingerprint", StringComparison.Ordinal) || m.Contains("join token", StringComparison.OrdinalIgnoreCase) =>
                    new DockerException(EngineErrorKind.InvalidArgument,
                        $"the join token is not one of the swarm at {managers} ({m}){undone}; Get-ContainerSwarm on a manager shows its WorkerToken and ManagerToken",
                        e.StatusCode, spec.Token, e),
                _ => new DockerException(e.Kind, $"joining the swarm at {managers} failed: {e.Message}{undone}", e.StatusCode, managers, e),
            };
        }
    }

    /// <summary>Leaves the swarm; a manager needs <paramref name="force"/> (the last one takes the swarm with it).</summary>
    public static void Leave(DockerClient docker, bool force)
    {
        if (!TryLeave(docker, force))
        {
            throw NotInSwarm(docker);
        }
    }

    /// <summary>Leaves the swarm the engine is in; false when it is in none.</summary>
    public static bool TryLeave(DockerClient docker, bool force)
    {
        if (!IsInSwarm(docker))
        {
            return false;
        }

        docker.Post("/swarm/leave" + (force ? "?force=true" : string.Empty), docker.Endpoint.Host);
        return true;
    }

    /// <summary>The swarm's nodes as this manager sees them, by hostname.</summary>
    public static IReadOnlyList<ContainerSwarmNode> Nodes(DockerClient docker)
    {
        WireSwarmInfo info = Info(docker);
        if (info.LocalNodeState is null or "inactive")
        {
            throw NotInSwarm(docker);
        }

        if (!info.ControlAvailable)
        {
            throw new DockerException(EngineErrorKind.Other,
                $"the engine at {docker.Endpoint} is a swarm worker; only managers list the nodes (ask one of {string.Join(", ", (info.RemoteManagers ?? []).Select(m => m.Addr))})",
                0, docker.Endpoint.Host);
        }

        return docker.Get("/nodes", SwarmJson.Default.ListWireNode, docker.Endpoint.Host)
            .Select(n => new ContainerSwarmNode
            {
                Id = n.ID,
                Hostname = n.Description?.Hostname,
                Role = n.Spec?.Role,
                Availability = n.Spec?.Availability,
                State = n.Status?.State,
                Address = n.Status?.Addr,
                ManagerStatus = n.ManagerStatus is null ? null : n.ManagerStatus.Leader ? "Leader" : Capitalized(n.ManagerStatus.Reachability),
                IsLeader = n.ManagerStatus?.Leader ?? false,
                EngineVersion = n.Description?.Engine?.EngineVersion,
                Labels = n.Spec?.Labels ?? new Dictionary<string, string>(),
                IsSelf = n.ID == info.NodeID,
                DockerHost = docker.Endpoint.Host,
            })
            .OrderBy(n => n.Hostname, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>host:port of a manager address; one given without a port gets 2377, the swarm's management port.</summary>
    public static string WithManagementPort(string address)
    {
        if (address.StartsWith('['))
        {
            return address.Contains("]:", StringComparison.Ordinal) ? address : address + ":2377";
        }

        int colons = address.Count(c => c == ':');
        return colons == 1 ? address : colons == 0 ? address + ":2377" : $"[{address}]:2377";
    }

    private static WireSwarmInfo Info(DockerClient docker) =>
        docker.Get("/info", SwarmJson.Default.WireInfo, docker.Endpoint.Host).Swarm ?? new WireSwarmInfo();

    private static void RefuseIfInSwarm(DockerClient docker)
    {
        WireSwarmInfo info = Info(docker);
        if (info.LocalNodeState is not (null or "inactive"))
        {
            throw new DockerException(EngineErrorKind.Other,
                $"the engine at {docker.Endpoint} is already in a swarm ({info.LocalNodeState}, node {info.NodeID}); Exit-ContainerSwarm leaves it first",
                0, docker.Endpoint.Host);
        }
    }

    /// <summary>
    /// Why a local engine's swarm gossip could not start: its port taken in the engine's namespace, most often by
    /// the engine itself. A Docker engine that left a swarm without its peers' answer ("Could not close DB: timeout
    /// waiting for leave broadcast") keeps listening on it, and in every later swarm its network agent cannot
    /// start, so overlay networks carry nothing (moby/moby#31913). Null when the port is free or cannot be told.
    /// </summary>
    public static string? GossipPortProblem(DockerClient docker) =>
        EngineProcess.Pid(docker.Endpoint) is not int pid ? null
        : EngineProcess.TcpPortListener(pid, GossipPort) switch
        {
            PortListener.TheProcess => $"the engine at {docker.Endpoint} (dockerd, PID {pid}) still holds the gossip port {GossipPort} of a swarm it left " +
                "(a Docker bug, moby/moby#31913): in a new swarm its overlay networks would carry nothing; restart that dockerd",
            PortListener.Another => $"another process listens on TCP port {GossipPort}, the swarm's gossip port, in the network namespace of the engine " +
                $"at {docker.Endpoint} (dockerd, PID {pid}): in a swarm its overlay networks would carry nothing; stop that process",
            _ => null,
        };

    private static void RefuseIfGossipPortTaken(DockerClient docker)
    {
        if (GossipPortProblem(docker) is string problem)
        {
            throw new DockerException(EngineErrorKind.Other, problem, 0, docker.Endpoint.Host);
        }
    }

    /// <summary>Leaves a swarm a failed join left pending; says so for the error message.</summary>
    private static string CallOffJoin(DockerClient docker)
    {
        try
        {
            return TryLeave(docker, force: true) ? "; the join was called off, so the engine is in no swarm" : string.Empty;
        }
        catch (DockerException undo)
        {
            return $"; calling the join off failed too ({undo.Message}): Exit-ContainerSwarm -Force leaves the pending swarm";
        }
    }

    private static DockerException NotInSwarm(DockerClient docker) => new(EngineErrorKind.Other,
        $"the engine at {docker.Endpoint} is in no swarm; Initialize-ContainerSwarm starts one, Join-ContainerSwarm joins one", 0, docker.Endpoint.Host);

    private static string? Capitalized(string? text) => string.IsNullOrEmpty(text) ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
