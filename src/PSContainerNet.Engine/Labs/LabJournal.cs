using PSContainerNet.Engine.Native;

namespace PSContainerNet.Engine.Labs;

/// <summary>
/// What a lab's journal says it made: its namespaces (with their nodes), the Docker engines it used, and the engines
/// it put in a swarm (manager first).
/// </summary>
internal sealed record LabRecord(
    string Lab, IReadOnlyList<(string Namespace, string Node)> Namespaces, IReadOnlyList<string> DockerHosts, IReadOnlyList<string> SwarmHosts,
    IReadOnlyDictionary<string, IReadOnlyList<string>> StoppedNodes)
{
    public bool UsedDocker => DockerHosts.Count > 0;
}

/// <summary>
/// A lab's journal and lock under /run/pscontainernet/labs. A build writes each namespace down before it makes it,
/// and that it uses Docker before its first Docker step, so a lab is found whole whatever moment the process dies
/// (kill -9 between making a namespace and marking it). The lock lets one process at a time build or remove a lab;
/// the kernel releases it when its holder dies. Both live in /run, like the namespaces themselves, and go with the lab.
/// </summary>
internal sealed class LabJournal : IDisposable
{
    internal const string Folder = "/run/pscontainernet/labs";
    private const string NamespaceEntry = "namespace ";
    private const string DockerEntry = "docker ";
    private const string SwarmEntry = "swarm ";
    private const string StoppedEntry = "stopped ";
    private const string StartedEntry = "started ";

    private readonly string _path;
    private readonly string _lockPath;
    private readonly FileStream _lock;
    private readonly object _gate = new();

    private LabJournal(string lab, string lockPath, FileStream held)
    {
        _path = JournalPath(lab);
        _lockPath = lockPath;
        _lock = held;
    }

    /// <summary>Takes the lab's lock; Busy when another build or removal of the lab holds it.</summary>
    public static LabJournal Lock(string lab, string doing)
    {
        Directory.CreateDirectory(Folder);
        string lockPath = Path.Combine(Folder, lab + ".lock");
        for (int attempt = 0; attempt < 3; attempt++)
        {
            FileStream held;
            try
            {
                // FileShare.None is an exclusive flock(2) on Linux: one holder across processes, freed when it dies.
                held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e)
            {
                throw new EngineException(EngineErrorKind.Busy,
                    $"{doing} lab '{lab}': it is being built or removed by another command right now (it holds {lockPath}); wait for it, then try again",
                    lab, e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new EngineException(EngineErrorKind.PermissionDenied, $"{doing} lab '{lab}': {e.Message} (run as root)", lab, e);
            }

            // The holder before us deletes the file with the lab: a lock on the file it deleted guards nothing.
            if (IsStill(lockPath, held))
            {
                return new LabJournal(lab, lockPath, held);
            }

            held.Dispose();
        }

        throw new EngineException(EngineErrorKind.Busy, $"{doing} lab '{lab}': its lock file keeps being replaced; try again", lab);
    }

    private static bool IsStill(string path, FileStream held)
    {
        int fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            return Libc.InodeOf(fd) is ulong inode && inode == Libc.InodeOf((int)held.SafeFileHandle.DangerousGetHandle());
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>A new build: what an earlier one wrote down is gone with it.</summary>
    public void Start() => Write(FileMode.Create, null);

    /// <summary>Writes a namespace down before it is made.</summary>
    public void Namespace(string name, string node) => Write(FileMode.Append, $"{NamespaceEntry}{name} {node}\n");

    /// <summary>Writes down a Docker engine the lab uses, before its first Docker object is made.</summary>
    public void Docker(string endpoint) => Write(FileMode.Append, DockerEntry + endpoint + "\n");

    /// <summary>Writes down an engine the lab puts in a swarm, before it initializes or joins one.</summary>
    public void Swarm(string endpoint) => Write(FileMode.Append, SwarmEntry + endpoint + "\n");

    /// <summary>Writes down a node stopped by Stop-NetLabNode, with the links it took down (to bring back up).</summary>
    public void Stopped(string node, IReadOnlyList<string> links) => Write(FileMode.Append, $"{StoppedEntry}{node} {string.Join(',', links)}\n");

    /// <summary>Writes down a node started again.</summary>
    public void Started(string node) => Write(FileMode.Append, $"{StartedEntry}{node}\n");

    /// <summary>The lab is gone: so are its journal and, while still held, its lock file.</summary>
    public void Delete()
    {
        File.Delete(_path);
        File.Delete(_lockPath);
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>The journal of one lab, or null when it has none.</summary>
    public static LabRecord? Read(string lab)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(JournalPath(lab));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var namespaces = lines.Where(l => l.StartsWith(NamespaceEntry, StringComparison.Ordinal))
            .Select(l => l[NamespaceEntry.Length..].Split(' ', 2))
            .Select(parts => (parts[0], parts.Length > 1 ? parts[1] : parts[0]))
            .Distinct()
            .ToList();
        List<string> Entries(string kind) => lines.Where(l => l.StartsWith(kind, StringComparison.Ordinal)).Select(l => l[kind.Length..]).Distinct().ToList();
        // The last word on each node wins: stopped with its links, or started again.
        var stopped = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            if (line.StartsWith(StoppedEntry, StringComparison.Ordinal))
            {
                string[] parts = line[StoppedEntry.Length..].Split(' ', 2);
                stopped[parts[0]] = parts.Length > 1 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
            }
            else if (line.StartsWith(StartedEntry, StringComparison.Ordinal))
            {
                stopped.Remove(line[StartedEntry.Length..]);
            }
        }

        return new LabRecord(lab, namespaces, Entries(DockerEntry), Entries(SwarmEntry), stopped);
    }

    /// <summary>Every lab that has a journal.</summary>
    public static IReadOnlyList<LabRecord> ReadAll() =>
        Directory.Exists(Folder)
            ? Directory.GetFiles(Folder, "*.journal").Select(f => Read(Path.GetFileNameWithoutExtension(f))).OfType<LabRecord>().ToList()
            : [];

    private static string JournalPath(string lab) => Path.Combine(Folder, lab + ".journal");

    private void Write(FileMode mode, string? entry)
    {
        lock (_gate)
        {
            using var journal = new FileStream(_path, mode, FileAccess.Write, FileShare.ReadWrite);
            if (entry is not null)
            {
                journal.Write(System.Text.Encoding.UTF8.GetBytes(entry));
            }
        }
    }
}
