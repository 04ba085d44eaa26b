using System.Text.Json.Serialization;

namespace PSContainerNet.Engine.Docker;

// The Engine API's swarm JSON (/swarm, /swarm/init, /swarm/join, /nodes, /info's Swarm part). Names are Docker's.

internal sealed class WireSwarmInit
{
    public required string ListenAddr { get; set; }
    public string? AdvertiseAddr { get; set; }
    public string? DataPathAddr { get; set; }
    public uint? DataPathPort { get; set; }
    public List<string>? DefaultAddrPool { get; set; }
    public uint? SubnetSize { get; set; }
    public bool ForceNewCluster { get; set; }
}

internal sealed class WireSwarmJoin
{
    public required string ListenAddr { get; set; }
    public string? AdvertiseAddr { get; set; }
    public string? DataPathAddr { get; set; }
    public required List<string> RemoteAddrs { get; set; }
    public required string JoinToken { get; set; }
}

internal sealed class WireJoinTokens
{
    public string? Worker { get; set; }
    public string? Manager { get; set; }
}

internal sealed class WireSwarmSpec
{
    public string? Name { get; set; }
}

internal sealed class WireSwarm
{
    public string ID { get; set; } = string.Empty;
    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public WireSwarmSpec? Spec { get; set; }
    public WireJoinTokens? JoinTokens { get; set; }
    public List<string>? DefaultAddrPool { get; set; }
    public uint SubnetSize { get; set; }
    public uint DataPathPort { get; set; }
}

internal sealed class WirePeer
{
    public string? NodeID { get; set; }
    public string? Addr { get; set; }
}

internal sealed class WireSwarmInfo
{
    public string? NodeID { get; set; }
    public string? NodeAddr { get; set; }
    public string? LocalNodeState { get; set; }
    public bool ControlAvailable { get; set; }
    public string? Error { get; set; }
    public List<WirePeer>? RemoteManagers { get; set; }
    public int? Nodes { get; set; }
    public int? Managers { get; set; }
}

internal sealed class WireInfo
{
    public string? Name { get; set; }
    public string? ServerVersion { get; set; }
    public WireSwarmInfo? Swarm { get; set; }
}

internal sealed class WireNodeSpec
{
    public string? Name { get; set; }
    public string? Role { get; set; }
    public string? Availability { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}

internal sealed class WireEngineDescription
{
    public string? EngineVersion { get; set; }
}

internal sealed class WireNodeDescription
{
    public string? Hostname { get; set; }
    public WireEngineDescription? Engine { get; set; }
}

internal sealed class WireNodeStatus
{
    public string? State { get; set; }
    public string? Message { get; set; }
    public string? Addr { get; set; }
}

internal sealed class WireManagerStatus
{
    public bool Leader { get; set; }
    public string? Reachability { get; set; }
    public string? Addr { get; set; }
}

internal sealed class WireNode
{
    public string ID { get; set; } = string.Empty;
    public DateTimeOffset? CreatedAt { get; set; }
    public WireNodeSpec? Spec { get; set; }
    public WireNodeDescription? Description { get; set; }
    public WireNodeStatus? Status { get; set; }
    public WireManagerStatus? ManagerStatus { get; set; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WireSwarmInit))]
[JsonSerializable(typeof(WireSwarmJoin))]
[JsonSerializable(typeof(WireSwarm))]
[JsonSerializable(typeof(WireInfo))]
[JsonSerializable(typeof(List<WireNode>))]
[JsonSerializable(typeof(string))]
internal sealed partial class SwarmJson : JsonSerializerContext;
