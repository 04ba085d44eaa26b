using System.Globalization;
using PSContainerNet.Engine.Addresses;

namespace PSContainerNet.Engine.Docker;

/// <summary>What New-Container asks for: just enough of docker run for network labs.</summary>
public sealed class ContainerSpec
{
    public required string Image { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>bridge (default), host, none, container:NAME, or a network's name.</summary>
    public string? Network { get; init; }

    /// <summary>A static address on a user-defined network (docker run --ip).</summary>
    public string? IPAddress { get; init; }

    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>-p specs: 8080:80, 8080:80/udp, 127.0.0.1:8080:80, 80.</summary>
    public IReadOnlyList<string> Publish { get; init; } = [];

    public string? Hostname { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public bool Start { get; init; } = true;
}

/// <summary>docker ps / inspect / run / rm, as far as network labs need them.</summary>
public static class ContainerService
{
    /// <summary>Containers whose name matches a pattern or whose id starts with one; running ones unless <paramref name="all"/>.</summary>
    public static IReadOnlyList<Container> List(DockerClient docker, IReadOnlyList<string>? patterns = null, bool all = false)
    {
        // The list has no PIDs, so each match is inspected.
        var summaries = docker.Get("/containers/json" + (all ? "?all=1" : string.Empty), DockerJson.Default.ListWireContainerSummary, null);
        var wildcards = patterns?.Select(p => new Wildcard(p)).ToList();
        return summaries
            .Where(c => patterns is null ||
                        (c.Names ?? []).Any(n => wildcards!.Any(w => w.IsMatch(n.TrimStart('/')))) ||
                        patterns.Any(p => p.Length >= 3 && c.Id.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .Select(c => Get(docker, c.Id))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Names of all containers from one listing, without inspecting each (for tab completion).</summary>
    public static IEnumerable<(string Name, string Description)> Names(DockerClient docker) =>
        docker.Get("/containers/json?all=1", DockerJson.Default.ListWireContainerSummary, null)
            .SelectMany(c => (c.Names ?? []).Select(n => (n.TrimStart('/'), $"{n.TrimStart('/')} ({c.Id[..Math.Min(12, c.Id.Length)]})")));

    /// <summary>One container by name, id or id prefix, whatever its state.</summary>
    public static Container Get(DockerClient docker, string nameOrId) =>
        From(docker.Get($"/containers/{DockerClient.Segment(nameOrId)}/json", DockerJson.Default.WireContainer, nameOrId), docker.Endpoint.Host);

    /// <summary>Creates and (unless told not to) starts a container; one that cannot start is removed again.</summary>
    public static Container Create(DockerClient docker, ContainerSpec spec)
    {
        var ports = spec.Publish.Select(ParsePublish).ToList();
        var request = new WireContainerCreate
        {
            Image = spec.Image,
            Cmd = spec.Command is { Count: > 0 } ? spec.Command.ToList() : null,
            Hostname = spec.Hostname,
            Labels = spec.Labels.Count == 0 ? null : new Dictionary<string, string>(spec.Labels),
            ExposedPorts = ports.Count == 0 ? null : ports.Select(Key).Distinct().ToDictionary(k => k, _ => new Dictionary<string, string>()),
            HostConfig = new WireHostConfig
            {
                NetworkMode = spec.Network,
                PortBindings = ports.Count == 0 ? null : ports.GroupBy(Key).ToDictionary(g => g.Key, g => (List<WirePortBinding>?)g.Select(p => new WirePortBinding
                {
                    HostIp = p.HostIP ?? string.Empty,
                    HostPort = p.HostPort == 0 ? string.Empty : p.HostPort.ToString(CultureInfo.InvariantCulture),
                }).ToList()),
            },
            NetworkingConfig = spec.IPAddress is null && spec.Aliases.Count == 0 ? null : new WireEndpointsConfig
            {
                EndpointsConfig = new Dictionary<string, WireEndpointSettings>
                {
                    [spec.Network ?? "bridge"] = new WireEndpointSettings
                    {
                        IPAMConfig = spec.IPAddress is null ? null : new WireEndpointIpam { IPv4Address = spec.IPAddress },
                        Aliases = spec.Aliases.Count == 0 ? null : spec.Aliases.ToList(),
                    },
                },
            },
        };

        string query = spec.Name is null ? string.Empty : "?name=" + Uri.EscapeDataString(spec.Name);
        WireCreated created = docker.Post("/containers/create" + query, request, DockerJson.Default.WireContainerCreate, DockerJson.Default.WireCreated, spec.Name ?? spec.Image);
        foreach (string warning in created.Warnings ?? [])
        {
            docker.Warn(warning);
        }

        if (spec.Start)
        {
            try
            {
                docker.Post($"/containers/{created.Id}/start", spec.Name ?? created.Id);
            }
            catch
            {
                docker.Delete($"/containers/{created.Id}?force=1&v=1", created.Id); // nothing half-made
                throw;
            }
        }

        return Get(docker, created.Id);
    }

    /// <summary>Stops a container (docker stop): SIGTERM, then SIGKILL after <paramref name="graceSeconds"/>.</summary>
    public static void Stop(DockerClient docker, string nameOrId, int graceSeconds = 10) =>
        docker.Post($"/containers/{DockerClient.Segment(nameOrId)}/stop?t={graceSeconds}", nameOrId);

    /// <summary>Starts a stopped container again (docker start), with the networks it had.</summary>
    public static Container Start(DockerClient docker, string nameOrId)
    {
        docker.Post($"/containers/{DockerClient.Segment(nameOrId)}/start", nameOrId);
        return Get(docker, nameOrId);
    }

    /// <summary>Removes a container (docker rm [-f]) with its anonymous volumes.</summary>
    public static void Remove(DockerClient docker, string nameOrId, bool force) =>
        docker.Delete($"/containers/{DockerClient.Segment(nameOrId)}?v=1{(force ? "&force=1" : string.Empty)}", nameOrId);

    /// <summary>
    /// Parses one -p spec: [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp|sctp]; an empty or missing host port
    /// lets Docker choose one (HostPort 0).
    /// </summary>
    public static PortMapping ParsePublish(string spec)
    {
        EngineException Bad(string why) => new(EngineErrorKind.InvalidArgument,
            $"-Publish '{spec}' is not valid: {why}; use [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp], as in 8080:80 or 127.0.0.1:8080:80/udp", spec);

        string text = spec.Trim();
        string protocol = "tcp";
        int slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = text[(slash + 1)..].ToLowerInvariant();
            text = text[..slash];
            if (protocol is not ("tcp" or "udp" or "sctp"))
            {
                throw Bad($"'{protocol}' is not a protocol");
            }
        }

        string? hostIp = null;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']');
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                throw Bad("an IPv6 host address goes in brackets followed by ':'");
            }

            hostIp = text[1..close];
            text = text[(close + 2)..];
        }

        string[] parts = text.Split(':');
        if (hostIp is null && parts.Length == 3)
        {
            hostIp = parts[0];
            parts = parts[1..];
        }

        if (parts.Length > 2)
        {
            throw Bad("too many ':'");
        }

        if (hostIp is not null && !IPPrefix.TryParseAddress(hostIp, out _))
        {
            throw Bad($"'{hostIp}' is not an IP address");
        }

        int containerPort = Port(parts[^1], "container port", Bad);
        int hostPort = parts.Length == 2 && parts[0].Length > 0 ? Port(parts[0], "host port", Bad) : 0;
        return new PortMapping(containerPort, protocol, hostIp, hostPort);
    }

    private static int Port(string text, string what, Func<string, EngineException> bad) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is >= 1 and <= 65535
            ? port
            : throw bad($"{what} '{text}' is not a port (1-65535)");

    private static string Key(PortMapping p) => $"{p.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{p.Protocol}";

    private static Container From(WireContainer c, string host)
    {
        string name = c.Name.TrimStart('/');
        var settings = c.NetworkSettings;
        return new Container
        {
            Name = name,
            Id = c.Id,
            Image = c.Config?.Image,
            State = c.State?.Status,
            Pid = c.State?.Running == true ? c.State.Pid : 0,
            NetworkMode = c.HostConfig?.NetworkMode,
            Created = c.Created,
            Labels = c.Config?.Labels ?? new Dictionary<string, string>(),
            Endpoints = (settings?.Networks ?? []).Select(n => new NetworkEndpoint
            {
                Network = n.Key,
                NetworkId = ContainerNetworkService.NullIfEmpty(n.Value.NetworkID),
                ContainerId = c.Id,
                ContainerName = name,
                EndpointId = ContainerNetworkService.NullIfEmpty(n.Value.EndpointID),
                MacAddress = ContainerNetworkService.NullIfEmpty(n.Value.MacAddress),
                IPv4Address = string.IsNullOrEmpty(n.Value.IPAddress) ? null : $"{n.Value.IPAddress}/{n.Value.IPPrefixLen}",
                IPv6Address = string.IsNullOrEmpty(n.Value.GlobalIPv6Address) ? null : $"{n.Value.GlobalIPv6Address}/{n.Value.GlobalIPv6PrefixLen}",
                Gateway = ContainerNetworkService.NullIfEmpty(n.Value.Gateway),
                Aliases = n.Value.Aliases ?? [],
                DockerHost = host,
            }).OrderBy(e => e.Network, StringComparer.Ordinal).ToList(),
            Ports = (settings?.Ports ?? []).Where(p => p.Value is not null).SelectMany(p => p.Value!.Select(b =>
            {
                string[] key = p.Key.Split('/');
                return new PortMapping(int.Parse(key[0], CultureInfo.InvariantCulture), key.Length > 1 ? key[1] : "tcp",
                    ContainerNetworkService.NullIfEmpty(b.HostIp), int.TryParse(b.HostPort, CultureInfo.InvariantCulture, out int hp) ? hp : 0);
            })).ToList(),
            DockerHost = host,
        };
    }
}
