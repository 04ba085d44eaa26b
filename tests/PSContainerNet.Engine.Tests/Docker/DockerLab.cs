using System.Diagnostics;
using System.Net;
using PSContainerNet.Engine.Diagnostics;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Tests.Docker;

/// <summary>Docker tests run one at a time: they share one engine, its bridges and its iptables.</summary>
[CollectionDefinition("docker")]
public sealed class DockerCollection;

/// <summary>
/// Containers, networks, links and namespace names a Docker test makes, all named with one unique prefix and
/// all removed at the end, also when the test failed. Traffic stays on the engine's local bridges.
/// </summary>
public sealed class DockerLab : IDisposable
{
    /// <summary>The image .ci/run makes from busybox-static (tests/make-docker-image.sh).</summary>
    public static readonly string Image = Environment.GetEnvironmentVariable("PSCN_TEST_IMAGE") is { Length: > 0 } image ? image : "pscn-busybox:latest";

    public DockerLab()
    {
        Prefix = "pscnt" + Guid.NewGuid().ToString("N")[..5];
        Client = DockerClient.Connect();
    }

    /// <summary>Short on purpose: link names made from it must fit in 15 bytes.</summary>
    public string Prefix { get; }

    public DockerClient Client { get; }

    public string Name(string suffix) => Prefix + suffix;

    /// <summary>A container that sleeps (or runs <paramref name="command"/>), started.</summary>
    public Container Run(string suffix, string? network = null, string? ip = null, IReadOnlyList<string>? command = null, IReadOnlyList<string>? publish = null) =>
        ContainerService.Create(Client, new ContainerSpec
        {
            Image = Image,
            Name = Name(suffix),
            Command = command ?? ["sleep", "600"],
            Network = network,
            IPAddress = ip,
            Publish = publish ?? [],
        });

    public ContainerNetwork Network(string suffix, string subnet, string? gateway = null) =>
        ContainerNetworkService.Create(Client, new ContainerNetworkSpec
        {
            Name = Name(suffix),
            Pools = [new IpamConfig(subnet, gateway, null, new Dictionary<string, string>())],
        });

    public static bool Pings(Container from, string address) =>
        NetPing.Send(NamespaceHandle.Resolve(from.Namespace), IPAddress.Parse(address), count: 1, timeout: TimeSpan.FromSeconds(1)).Success;

    public void Dispose()
    {
        var failures = new List<Exception>();
        void Try(Action a)
        {
            try
            {
                a();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        foreach (Container c in ContainerService.List(Client, [Prefix + "*"], all: true))
        {
            Try(() => ContainerService.Remove(Client, c.Id, force: true));
        }

        foreach (ContainerNetwork n in ContainerNetworkService.List(Client, [Prefix + "*"]))
        {
            Try(() => ContainerNetworkService.Remove(Client, n.Id));
        }

        foreach (NetLink link in LinkService.List(NamespaceHandle.Current).Where(l => l.Name.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            Try(() =>
            {
                if (LinkService.Exists(NamespaceHandle.Current, link.Name))
                {
                    LinkService.Remove(NamespaceHandle.Current, link.Name);
                }
            });
        }

        foreach (string path in Directory.GetFiles(NetNamespaceStore.RunDirectory, Prefix + "*"))
        {
            Try(() => NetNamespaceStore.Remove(Path.GetFileName(path)));
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("Docker lab clean-up failed", failures);
        }
    }

    /// <summary>The docker CLI, as an independent oracle; returns its output trimmed, fails the test on a non-zero exit.</summary>
    public static string Cli(params string[] arguments) => Sandbox.Oracle(["docker", .. arguments]).Trim();
}

/// <summary>
/// A fact that needs a reachable Docker engine with the test image (and a kernel feature, when named); skipped,
/// saying why, where they are missing.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(Probe);

    public DockerFactAttribute(string? kernelFeature = null)
    {
        if (Missing.Value is string reason)
        {
            Skip = reason;
        }
        else if (kernelFeature is not null && KernelFactAttribute.Probe(kernelFeature) is string kernelReason)
        {
            Skip = $"the kernel lacks '{kernelFeature}': {kernelReason}";
        }
    }

    private static string? Probe()
    {
        try
        {
            _ = DockerClient.Connect().ApiVersion;
        }
        catch (EngineException e)
        {
            return "no Docker engine: " + e.Message;
        }

        try
        {
            using Process p = Process.Start(new ProcessStartInfo("docker", ["image", "inspect", DockerLab.Image])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            p.WaitForExit();
            return p.ExitCode == 0 ? null : $"the test image {DockerLab.Image} is missing; tests/make-docker-image.sh makes it";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return "no docker CLI: " + e.Message;
        }
    }
}
