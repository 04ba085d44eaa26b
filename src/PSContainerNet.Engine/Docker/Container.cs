namespace PSContainerNet.Engine.Docker;

/// <summary>A container as far as networking cares (docker inspect): state, PID, network mode, endpoints, ports.</summary>
public sealed class Container
{
    public required string Name { get; init; }

    public required string Id { get; init; }

    public string ShortId => Id.Length > 12 ? Id[..12] : Id;

    public string? Image { get; init; }

    /// <summary>created, running, paused, restarting, exited, dead.</summary>
    public string? State { get; init; }

    /// <summary>The main process as the host sees it; 0 when the container is not running.</summary>
    public int Pid { get; init; }

    /// <summary>bridge, host, none, container:ID, or a network's name.</summary>
    public string? NetworkMode { get; init; }

    public IReadOnlyList<NetworkEndpoint> Endpoints { get; init; } = [];

    /// <summary>Published ports as container-port/proto -> host-ip:host-port.</summary>
    public IReadOnlyList<PortMapping> Ports { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public DateTimeOffset? Created { get; init; }

    /// <summary>
    /// The container's network namespace as a path (/proc/PID/ns/net) while it runs: every -Namespace takes it,
    /// so Get-Container box1 | Get-NetLink shows its eth0. Null when it is not running.
    /// </summary>
    public string? Namespace => Pid > 0 ? $"/proc/{Pid}/ns/net" : null;

    /// <summary>The first IPv4 address over all endpoints.</summary>
    public string? IPAddress => Endpoints.Select(e => e.IPAddress).FirstOrDefault(a => !string.IsNullOrEmpty(a));

    public required string DockerHost { get; init; }

    public override string ToString() => Name;
}

/// <summary>One published port (-p 8080:80/tcp).</summary>
public sealed record PortMapping(int ContainerPort, string Protocol, string? HostIP, int HostPort)
{
    public override string ToString() => $"{(string.IsNullOrEmpty(HostIP) ? string.Empty : HostIP + ":")}{HostPort}->{ContainerPort}/{Protocol}";
}
