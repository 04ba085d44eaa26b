using System.Text.Json.Serialization;

namespace PSContainerNet.Engine.Docker;

// The Engine API's JSON, as far as the module reads or writes it. Property names are Docker's.

internal sealed class WireError
{
    public string? Message { get; set; }
}

internal sealed class WireIpamConfig
{
    public string? Subnet { get; set; }
    public string? IPRange { get; set; }
    public string? Gateway { get; set; }
    public Dictionary<string, string>? AuxiliaryAddresses { get; set; }
}

internal sealed class WireIpam
{
    public string? Driver { get; set; }
    public List<WireIpamConfig>? Config { get; set; }
}

internal sealed class WireNetworkContainer
{
    public string? Name { get; set; }
    public string? EndpointID { get; set; }
    public string? MacAddress { get; set; }
    public string? IPv4Address { get; set; }
    public string? IPv6Address { get; set; }
}

internal sealed class WireNetworkPeer
{
    public string? Name { get; set; }
    public string? IP { get; set; }
}

internal sealed class WireNetwork
{
    public string Name { get; set; } = string.Empty;
    public string Id { get; set; } = string.Empty;
    public DateTimeOffset? Created { get; set; }
    public string? Scope { get; set; }
    public string? Driver { get; set; }
    public bool EnableIPv6 { get; set; }
    public WireIpam? IPAM { get; set; }
    public bool Internal { get; set; }
    public bool Attachable { get; set; }
    public Dictionary<string, WireNetworkContainer>? Containers { get; set; }
    public Dictionary<string, string>? Options { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public List<WireNetworkPeer>? Peers { get; set; }
}

internal sealed class WireNetworkCreate
{
    public required string Name { get; set; }
    public bool CheckDuplicate { get; set; } = true; // API < 1.44 allows two networks of one name without it
    public string? Driver { get; set; }
    public bool Internal { get; set; }
    public bool Attachable { get; set; }
    public bool EnableIPv6 { get; set; }
    public WireIpam? IPAM { get; set; }
    public Dictionary<string, string>? Options { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}

internal sealed class WireCreated
{
    public string Id { get; set; } = string.Empty;
    public string? Warning { get; set; }
    public List<string>? Warnings { get; set; }
}

internal sealed class WireEndpointIpam
{
    public string? IPv4Address { get; set; }
    public string? IPv6Address { get; set; }
}

internal sealed class WireEndpointSettings
{
    public WireEndpointIpam? IPAMConfig { get; set; }
    public List<string>? Aliases { get; set; }
    public string? NetworkID { get; set; }
    public string? EndpointID { get; set; }
    public string? Gateway { get; set; }
    public string? IPAddress { get; set; }
    public int IPPrefixLen { get; set; }
    public string? GlobalIPv6Address { get; set; }
    public int GlobalIPv6PrefixLen { get; set; }
    public string? MacAddress { get; set; }
}

internal sealed class WireNetworkConnect
{
    public required string Container { get; set; }
    public WireEndpointSettings? EndpointConfig { get; set; }
}

internal sealed class WireNetworkDisconnect
{
    public required string Container { get; set; }
    public bool Force { get; set; }
}

internal sealed class WirePrune
{
    public List<string>? NetworksDeleted { get; set; }
}

internal sealed class WirePortBinding
{
    public string? HostIp { get; set; }
    public string? HostPort { get; set; }
}

internal sealed class WireHostConfig
{
    public string? NetworkMode { get; set; }
    public Dictionary<string, List<WirePortBinding>?>? PortBindings { get; set; }
}

internal sealed class WireContainerState
{
    public string? Status { get; set; }
    public bool Running { get; set; }
    public int Pid { get; set; }
    public int ExitCode { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
}

internal sealed class WireContainerConfig
{
    public string? Image { get; set; }
    public string? Hostname { get; set; }
    public List<string>? Cmd { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}

internal sealed class WireNetworkSettings
{
    public string? SandboxKey { get; set; }
    public Dictionary<string, List<WirePortBinding>?>? Ports { get; set; }
    public Dictionary<string, WireEndpointSettings>? Networks { get; set; }
}

internal sealed class WireContainer
{
    public string Id { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public DateTimeOffset? Created { get; set; }
    public WireContainerState? State { get; set; }
    public WireContainerConfig? Config { get; set; }
    public WireHostConfig? HostConfig { get; set; }
    public WireNetworkSettings? NetworkSettings { get; set; }
}

internal sealed class WireContainerSummary
{
    public string Id { get; set; } = string.Empty;
    public List<string>? Names { get; set; }
}

internal sealed class WireEndpointsConfig
{
    public Dictionary<string, WireEndpointSettings>? EndpointsConfig { get; set; }
}

internal sealed class WireContainerCreate
{
    public required string Image { get; set; }
    public List<string>? Cmd { get; set; }
    public string? Hostname { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, Dictionary<string, string>>? ExposedPorts { get; set; }
    public WireHostConfig? HostConfig { get; set; }
    public WireEndpointsConfig? NetworkingConfig { get; set; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WireError))]
[JsonSerializable(typeof(WireNetwork))]
[JsonSerializable(typeof(List<WireNetwork>))]
[JsonSerializable(typeof(WireNetworkCreate))]
[JsonSerializable(typeof(WireCreated))]
[JsonSerializable(typeof(WireNetworkConnect))]
[JsonSerializable(typeof(WireNetworkDisconnect))]
[JsonSerializable(typeof(WirePrune))]
[JsonSerializable(typeof(WireContainer))]
[JsonSerializable(typeof(List<WireContainerSummary>))]
[JsonSerializable(typeof(WireContainerCreate))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
internal sealed partial class DockerJson : JsonSerializerContext;
