using PSContainerNet.Engine.Native;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Namespaces;

/// <summary>
/// A resolved network namespace: a name under /run/netns, a path such as /proc/PID/ns/net, or the
/// namespace the process runs in. Every engine operation takes one of these.
/// </summary>
public sealed class NamespaceHandle
{
    private static readonly Lazy<NamespaceHandle> CurrentHandle = new(() =>
    {
        // /proc/self follows the main thread, which the engine never moves.
        const string path = "/proc/self/ns/net";
        return new NamespaceHandle(null, path, ReadInode(path, path));
    });

    private NamespaceHandle(string? name, string path, ulong inode)
    {
        Name = name;
        Path = path;
        Inode = inode;
    }

    /// <summary>The namespace the process runs in.</summary>
    public static NamespaceHandle Current => CurrentHandle.Value;

    /// <summary>The name under /run/netns, or null for the current namespace or a raw path.</summary>
    public string? Name { get; }

    public string Path { get; }

    public ulong Inode { get; }

    public bool IsCurrent => Inode == Current.Inode;

    /// <summary>What objects carry in their Namespace property: feeding it back to Resolve gives this namespace.</summary>
    public string? Reference => Name ?? (IsCurrent ? null : Path);

    /// <summary>For messages: the name, the path, or "the current namespace".</summary>
    public string Description => Name is not null ? $"namespace '{Name}'" : IsCurrent ? "the current namespace" : $"namespace '{Path}'";

    /// <summary>
    /// Resolves null or "" (the current namespace), a name under /run/netns, or a path (anything with a '/').
    /// </summary>
    public static NamespaceHandle Resolve(string? nameOrPath)
    {
        if (string.IsNullOrEmpty(nameOrPath))
        {
            return Current;
        }

        if (nameOrPath.Contains('/'))
        {
            ulong inode = ReadInode(nameOrPath, nameOrPath);
            string? name = nameOrPath.StartsWith(NetNamespaceStore.RunDirectory + "/", StringComparison.Ordinal)
                ? nameOrPath[(NetNamespaceStore.RunDirectory.Length + 1)..]
                : null;
            return new NamespaceHandle(name, nameOrPath, inode);
        }

        string path = NetNamespaceStore.PathOf(nameOrPath);
        if (!File.Exists(path))
        {
            NetlinkSockets.ReleasePath(path);
            throw new EngineException(EngineErrorKind.NotFound,
                $"network namespace '{nameOrPath}' does not exist (no {path}); `ip netns list` or Get-NetNamespace shows the names",
                nameOrPath);
        }

        return new NamespaceHandle(nameOrPath, path, ReadInode(path, nameOrPath));
    }

    /// <summary>Like <see cref="Resolve"/> for a path, but null when it is not (or no longer) a network namespace.</summary>
    internal static NamespaceHandle? TryResolve(string path)
    {
        try
        {
            return Resolve(path);
        }
        catch (EngineException)
        {
            return null;
        }
    }

    /// <summary>Opens the namespace file; the caller closes the descriptor.</summary>
    internal int OpenFd()
    {
        int fd = Libc.Open(Path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            int errno = Libc.LastError;
            throw new EngineException(errno is Libc.ENOENT ? EngineErrorKind.NotFound : EngineErrorKind.Other,
                $"cannot open {Description} ({Path}): {Libc.ErrnoText(errno)}", Reference);
        }

        return fd;
    }

    /// <summary>
    /// Runs work inside this namespace: inline when it is the current one, else on a dedicated worker that
    /// returns home afterwards. Work must not start threads (they would inherit the namespace).
    /// </summary>
    internal T Run<T>(Func<T> work) =>
        IsCurrent ? work() : WithFd(fd => NamespaceThread.Enter(fd, Reference ?? Path, work));

    /// <summary>Runs work with the namespace file open (for IFLA_NET_NS_FD and NETNSA_FD).</summary>
    internal T WithFd<T>(Func<int, T> work)
    {
        int fd = OpenFd();
        try
        {
            return work(fd);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>The nsfs inode behind a path, or null when the path is not a network namespace.</summary>
    internal static ulong? TryReadInode(string path)
    {
        int fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            // Only an nsfs file answers NS_GET_NSTYPE; a leftover empty file does not.
            return Libc.Ioctl(fd, Libc.NS_GET_NSTYPE) == Libc.CLONE_NEWNET ? Libc.InodeOf(fd) : null;
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    private static ulong ReadInode(string path, string what)
    {
        if (TryReadInode(path) is ulong inode)
        {
            return inode;
        }

        if (!File.Exists(path))
        {
            NetlinkSockets.ReleasePath(path);
            throw new EngineException(EngineErrorKind.NotFound, $"network namespace '{what}' does not exist", what);
        }

        throw new EngineException(EngineErrorKind.InvalidArgument,
            $"'{path}' is not a network namespace (an unmounted leftover? `ip netns delete {what}` removes it)", what);
    }

    public override string ToString() => Reference ?? "(current)";
}
