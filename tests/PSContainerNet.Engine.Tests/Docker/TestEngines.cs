using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Engine.Tests.Docker;

/// <summary>
/// The across-hosts test bed's engines (tests/engines.sh), named in PSCN_ENGINES by tests/run.sh:
/// "h1=unix:///run/pscn-bed/h1/docker.sock;h2=...". Engine N is 10.77.0.N on the bed's underlay.
/// </summary>
public static class TestEngines
{
    public static IReadOnlyDictionary<string, string> Hosts { get; } =
        (Environment.GetEnvironmentVariable("PSCN_ENGINES") ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);

    public static DockerClient Client(string name) => DockerClient.Connect(Hosts[name]);

    /// <summary>
    /// Removes the containers named with <paramref name="prefix"/> on every engine of the bed, then its engine-scoped
    /// networks so named (a swarm-scoped one goes with the swarm, see <see cref="LeaveSwarms"/>).
    /// </summary>
    public static void RemoveNamed(string prefix)
    {
        var engines = Hosts.Values.Select(host => DockerClient.Connect(host)).ToList();
        foreach (DockerClient docker in engines)
        {
            foreach (Container c in ContainerService.List(docker, [prefix + "*"], all: true))
            {
                ContainerService.Remove(docker, c.Id, force: true);
            }
        }

        foreach (DockerClient docker in engines)
        {
            foreach (ContainerNetwork n in ContainerNetworkService.List(docker, [prefix + "*"]).Where(n => n.Scope == "local"))
            {
                ContainerNetworkService.Remove(docker, n.Id);
            }
        }
    }

    /// <summary>
    /// Leaves every swarm of the bed, workers first; used at the end of each test. Docker 20.10 sometimes keeps the
    /// gossip port of a swarm it left (moby/moby#31913), and no later swarm's overlay works on it: such an engine is
    /// restarted (tests/engines.sh restart) for the tests after this one.
    /// </summary>
    public static void LeaveSwarms()
    {
        foreach (string host in Hosts.Values.Reverse())
        {
            SwarmService.TryLeave(DockerClient.Connect(host), force: true);
        }

        foreach (var (name, host) in Hosts)
        {
            if (SwarmService.GossipPortProblem(DockerClient.Connect(host)) is not null)
            {
                Sandbox.Oracle(["bash", Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../engines.sh")), "restart", name]);
            }
        }
    }
}

/// <summary>A fact that needs the across-hosts test bed; skipped, saying why, without it.</summary>
public sealed class EnginesFactAttribute : FactAttribute
{
    public EnginesFactAttribute()
    {
        if (TestEngines.Hosts.Count < 2)
        {
            Skip = "no test engines: tests/run.sh starts them (tests/engines.sh up 2) and names them in PSCN_ENGINES";
        }
    }
}
