using System.Diagnostics;
using System.Text.Json;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Tests;

/// <summary>
/// A "sandbox host": namespaces the tests make, all named with one unique prefix, all removed at the end
/// (also when a test failed). Nothing a test does reaches the real host's interfaces.
/// </summary>
public sealed class Sandbox : IDisposable
{
    public const string TestPrefix = "pscnt-";

    private const string LabJournalFolder = "/run/pscontainernet/labs";

    public Sandbox()
    {
        Prefix = TestPrefix + Guid.NewGuid().ToString("N")[..6] + "-";
        Host = NewNamespace("host");
    }

    public string Prefix { get; }

    /// <summary>The namespace that stands in for a host machine.</summary>
    public NamespaceHandle Host { get; }

    /// <summary>Creates a namespace named prefix + suffix and returns its handle.</summary>
    public NamespaceHandle NewNamespace(string suffix)
    {
        NetNamespaceStore.Create(Prefix + suffix);
        return NamespaceHandle.Resolve(Prefix + suffix);
    }

    public string Name(string suffix) => Prefix + suffix;

    /// <summary>
    /// Joins two namespaces with a veth pair, addresses each end (CIDR text), and brings both ends and
    /// both loopbacks up. IPv6 addresses skip duplicate address detection so they work at once.
    /// </summary>
    public static void Wire(NamespaceHandle a, string aLink, string aCidr, NamespaceHandle b, string bLink, string bCidr)
    {
        LinkService.NewVeth(a, aLink, bLink, b, new LinkOptions { Up = true });
        AddressService.Add(a, aLink, IPPrefix.Parse(aCidr), new AddressOptions { SkipDuplicateAddressDetection = true });
        AddressService.Add(b, bLink, IPPrefix.Parse(bCidr), new AddressOptions { SkipDuplicateAddressDetection = true });
        LinkService.Set(a, "lo", new LinkSettings { Up = true });
        LinkService.Set(b, "lo", new LinkSettings { Up = true });
    }

    public void Dispose()
    {
        // Each name on its own, so one failure cannot leave the others behind.
        var failures = new List<Exception>();
        foreach (string path in Directory.GetFiles(NetNamespaceStore.RunDirectory, Prefix + "*"))
        {
            try
            {
                NetNamespaceStore.Remove(System.IO.Path.GetFileName(path));
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        // Labs named with the prefix keep a journal and a lock while they exist; a test that failed may leave them.
        if (Directory.Exists(LabJournalFolder))
        {
            foreach (string file in Directory.GetFiles(LabJournalFolder, Prefix + "*"))
            {
                File.Delete(file);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("sandbox clean-up failed", failures);
        }
    }

    /// <summary>Runs iproute2 (the independent oracle) and returns its output; fails the test on a non-zero exit.</summary>
    public static string Ip(string arguments, string? netns = null) =>
        Oracle(["ip", .. netns is null ? Array.Empty<string>() : ["-n", netns], .. arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

    /// <summary>Runs an independent tool (iproute2, the docker CLI) and returns its output; fails the test on a non-zero exit.</summary>
    public static string Oracle(IReadOnlyList<string> command)
    {
        var psi = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in command.Skip(1))
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{string.Join(' ', command)} failed: {stderr}");
        return stdout;
    }

    /// <summary>`ip -j link show` of one link, as JSON.</summary>
    public static JsonElement IpLink(string name, string? netns) =>
        JsonDocument.Parse(Ip($"-j -d link show dev {name}", netns)).RootElement[0];
}

/// <summary>
/// A fact that is skipped, with the kernel's own answer as the reason, when the kernel lacks a feature:
/// a link kind (vlan, dummy, ipvlan) or bridge VLAN filtering.
/// </summary>
public sealed class KernelFactAttribute : FactAttribute
{
    private static readonly Dictionary<string, string?> Answers = new();

    public KernelFactAttribute(string feature)
    {
        string? reason = Probe(feature);
        if (reason is not null)
        {
            Skip = $"the kernel lacks '{feature}': {reason}";
        }
    }

    /// <summary>Tries the feature in a throw-away namespace; null when it works.</summary>
    public static string? Probe(string kind)
    {
        lock (Answers)
        {
            if (Answers.TryGetValue(kind, out string? known))
            {
                return known;
            }

            string? answer;
            using (var sandbox = new Sandbox())
            {
                try
                {
                    var parent = LinkService.NewBridge(sandbox.Host, "probeparent", new BridgeOptions(), new LinkOptions());
                    _ = kind switch
                    {
                        "vlan" => LinkService.NewVlan(sandbox.Host, "probe", parent.Name, 10, VlanProtocol.Dot1Q, new LinkOptions()),
                        "ipvlan" => LinkService.NewIpvlan(sandbox.Host, "probe", parent.Name, IpvlanMode.L2, IpvlanIsolation.Bridge, new LinkOptions()),
                        "dummy" => LinkService.NewLink(sandbox.Host, "probe", "dummy", new LinkOptions()),
                        "vrf" => LinkService.NewVrf(sandbox.Host, "probe", 10, new LinkOptions()),
                        "bridge-vlan-filtering" => LinkService.NewBridge(sandbox.Host, "probe", new BridgeOptions { VlanFiltering = true }, new LinkOptions()),
                        _ => throw new ArgumentException("no probe for " + kind),
                    };
                    answer = null;
                }
                catch (EngineException e) when (e.Kind == EngineErrorKind.NotSupported)
                {
                    answer = e.Message;
                }
            }

            Answers[kind] = answer;
            return answer;
        }
    }
}
