namespace PSContainerNet.Engine.Docker;

/// <summary>
/// An engine's view of its swarm (docker info's Swarm part, and docker swarm inspect on a manager). Piped into
/// Join-ContainerSwarm it brings the managers' addresses and the join tokens.
/// </summary>
public sealed class ContainerSwarm
{
    /// <summary>The swarm's (cluster's) id; only managers know it.</summary>
    public string? Id { get; init; }

    /// <summary>This engine's node id in the swarm.</summary>
    public string? NodeId { get; init; }

    /// <summary>The address this engine is known by in the swarm (its advertise address).</summary>
    public string? NodeAddress { get; init; }

    /// <summary>active, pending, error or locked (inactive engines are in no swarm).</summary>
    public required string LocalNodeState { get; init; }

    public bool IsManager { get; init; }

    /// <summary>The managers' addresses, host:port, as a joining engine dials them.</summary>
    public IReadOnlyList<string> ManagerAddresses { get; init; } = [];

    public int? Nodes { get; init; }

    public int? Managers { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The pools overlay subnets are taken from (10.0.0.0/8 unless set at Initialize-ContainerSwarm).</summary>
    public IReadOnlyList<string> DefaultAddressPools { get; init; } = [];

    public int? SubnetSize { get; init; }

    /// <summary>The UDP port of the VXLAN data path (4789 unless set at Initialize-ContainerSwarm).</summary>
    public int? DataPathPort { get; init; }

    /// <summary>The token a worker joins with (managers only).</summary>
    public string? WorkerToken { get; init; }

    /// <summary>The token a manager joins with (managers only).</summary>
    public string? ManagerToken { get; init; }

    /// <summary>Why the engine's swarm state is in error, as the engine says it.</summary>
    public string? Error { get; init; }

    /// <summary>The engine asked.</summary>
    public required string DockerHost { get; init; }

    public override string ToString() => Id ?? NodeId ?? DockerHost;
}

/// <summary>One node of a swarm as a manager sees it (docker node ls / inspect).</summary>
public sealed class ContainerSwarmNode
{
    public required string Id { get; init; }

    /// <summary>The first 12 characters of the id (enough to name a node to Get-ContainerSwarmNode).</summary>
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;

    public string? Hostname { get; init; }

    /// <summary>manager or worker.</summary>
    public string? Role { get; init; }

    /// <summary>active, pause or drain.</summary>
    public string? Availability { get; init; }

    /// <summary>ready, down, disconnected or unknown.</summary>
    public string? State { get; init; }

    /// <summary>The node's engine address as the swarm sees it (its advertise or data-path address).</summary>
    public string? Address { get; init; }

    /// <summary>Leader, Reachable or Unreachable for managers; empty for workers (as docker node ls shows it).</summary>
    public string? ManagerStatus { get; init; }

    public bool IsLeader { get; init; }

    public string? EngineVersion { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether this is the engine that was asked (docker node ls's *).</summary>
    public bool IsSelf { get; init; }

    /// <summary>The manager that was asked.</summary>
    public required string DockerHost { get; init; }

    public override string ToString() => Hostname ?? Id;
}

/// <summary>What Initialize-ContainerSwarm asks for (docker swarm init).</summary>
public sealed class SwarmInitSpec
{
    public string ListenAddress { get; init; } = "0.0.0.0:2377";

    public string? AdvertiseAddress { get; init; }

    public string? DataPathAddress { get; init; }

    public int? DataPathPort { get; init; }

    public IReadOnlyList<string> DefaultAddressPools { get; init; } = [];

    public int? SubnetSize { get; init; }

    public bool ForceNewCluster { get; init; }
}

/// <summary>What Join-ContainerSwarm asks for (docker swarm join).</summary>
public sealed class SwarmJoinSpec
{
    public required IReadOnlyList<string> ManagerAddresses { get; init; }

    public required string Token { get; init; }

    public string ListenAddress { get; init; } = "0.0.0.0:2377";

    public string? AdvertiseAddress { get; init; }

    public string? DataPathAddress { get; init; }
}
