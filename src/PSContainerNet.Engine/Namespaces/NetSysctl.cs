namespace PSContainerNet.Engine.Namespaces;

/// <summary>One kernel setting under net.* as it reads inside one namespace.</summary>
public sealed class NetSysctl
{
    /// <summary>sysctl's dotted name: net.ipv4.ip_forward (a '/' inside a part stands for a '.' of an interface name).</summary>
    public required string Name { get; init; }

    public required string Value { get; init; }

    /// <summary>The namespace: a name, a path, or null for the current namespace.</summary>
    public string? Namespace { get; init; }

    public override string ToString() => $"{Name} = {Value}";
}

/// <summary>
/// Reads and writes net.* sysctls of a namespace. /proc/sys/net shows the namespace of the thread
/// that opens it, so the files are opened on a thread inside the namespace.
/// </summary>
public static class NetSysctlService
{
    /// <summary>The settings labs usually need: forwarding, reverse-path filtering, proxy ARP.</summary>
    public static readonly IReadOnlyList<string> LabSettings =
    [
        "net.ipv4.ip_forward",
        "net.ipv6.conf.all.forwarding",
        "net.ipv4.conf.all.rp_filter",
        "net.ipv4.conf.default.rp_filter",
        "net.ipv4.conf.all.proxy_arp",
    ];

    private const string Root = "/proc/sys";

    /// <summary>Settings matching <paramref name="patterns"/> (wildcards allowed per part), or the lab settings.</summary>
    public static IReadOnlyList<NetSysctl> Get(NamespaceHandle ns, IEnumerable<string>? patterns = null)
    {
        var names = (patterns ?? LabSettings).ToList();
        foreach (string name in names)
        {
            CheckName(name);
        }

        return ns.Run(() => names.SelectMany(n => Expand(n, ns)).ToList());
    }

    /// <summary>Writes one setting; returns it as read back.</summary>
    public static NetSysctl Set(NamespaceHandle ns, string name, string value)
    {
        CheckName(name);
        if (Wildcard.HasWildcards(name))
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"'{name}': give one setting to change, without wildcards", name);
        }

        return ns.Run(() =>
        {
            string path = PathOf(name);
            try
            {
                File.WriteAllText(path, value + "\n");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Failure(name, ns, e, $"cannot set to '{value}'");
            }

            return Read(name, path, ns);
        });
    }

    private static void CheckName(string name)
    {
        if (!(name.StartsWith("net.", StringComparison.Ordinal) || name.StartsWith("net/", StringComparison.Ordinal)) || name.Contains(".."))
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"'{name}' is not a net.* setting; only net.* settings belong to a network namespace", name);
        }
    }

    /// <summary>sysctl(8)'s rule: '/'-separated when the first separator is '/', else '.'-separated with '/' meaning '.'.</summary>
    private static string[] PartsOf(string name) =>
        name.IndexOf('/') is int slash && slash >= 0 && (name.IndexOf('.') is int dot && (dot < 0 || slash < dot))
            ? name.Split('/')
            : name.Split('.').Select(p => p.Replace('/', '.')).ToArray();

    private static string PathOf(string name) => Root + "/" + string.Join('/', PartsOf(name));

    private static string NameOf(IEnumerable<string> parts) => string.Join('.', parts.Select(p => p.Replace('.', '/')));

    private static IEnumerable<NetSysctl> Expand(string pattern, NamespaceHandle ns)
    {
        string[] parts = PartsOf(pattern);
        if (!Wildcard.HasWildcards(pattern))
        {
            string path = PathOf(pattern);
            return File.Exists(path) ? [Read(pattern, path, ns)]
                : throw new EngineException(EngineErrorKind.NotFound, $"there is no setting '{pattern}' in {ns.Description} ({path})", pattern);
        }

        IEnumerable<string> paths = [Root];
        foreach (string part in parts)
        {
            var match = new Wildcard(part);
            paths = paths.Where(Directory.Exists)
                .SelectMany(dir => Directory.EnumerateFileSystemEntries(dir).Where(e => match.IsMatch(Path.GetFileName(e))).Order(StringComparer.Ordinal))
                .ToList();
        }

        return paths.Where(File.Exists).Select(p => Read(NameOf(p[(Root.Length + 1)..].Split('/')), p, ns)).ToList();
    }

    private static NetSysctl Read(string name, string path, NamespaceHandle ns)
    {
        try
        {
            return new NetSysctl { Name = name, Value = File.ReadAllText(path).TrimEnd('\n').Replace('\t', ' '), Namespace = ns.Reference };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(name, ns, e, "cannot read it");
        }
    }

    private static EngineException Failure(string name, NamespaceHandle ns, Exception e, string what) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException =>
            new EngineException(EngineErrorKind.NotFound, $"there is no setting '{name}' in {ns.Description}", name, e),
        UnauthorizedAccessException =>
            new EngineException(EngineErrorKind.PermissionDenied, $"'{name}' in {ns.Description}: {what}: permission denied (run as root)", name, e),
        _ => new EngineException(EngineErrorKind.InvalidArgument, $"'{name}' in {ns.Description}: {what}: the kernel refused it ({e.Message})", name, e),
    };
}
