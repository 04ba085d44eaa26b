using System.Globalization;
using PSContainerNet.Engine.Native;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Namespaces;

/// <summary>
/// Named network namespaces kept the iproute2 way: a bind mount of an nsfs file at /run/netns/NAME on a
/// shared mount, so `ip netns` and PSContainerNet see the same names.
/// </summary>
public static class NetNamespaceStore
{
    public const string RunDirectory = "/run/netns";
    private const int NameMax = 255;

    public static string PathOf(string name) => RunDirectory + "/" + name;

    /// <summary>Creates a new, empty network namespace under a name (ip netns add).</summary>
    public static NetNamespace Create(string name)
    {
        string path = ReserveName(name);
        NetlinkSocket route;
        ulong inode;
        try
        {
            // While the thread is inside, it also opens the namespace's rtnetlink socket: the first request
            // to a new namespace then needs no second trip into it.
            (route, inode) = NamespaceThread.EnterNew(() =>
            {
                const string self = "/proc/thread-self/ns/net";
                BindMount(self, path, name);
                ulong made = NamespaceHandle.TryReadInode(self)!.Value;
                return (NetlinkSocket.Open(Nl.NETLINK_ROUTE), made);
            });
        }
        catch
        {
            Libc.Unlink(path);
            throw;
        }

        NetlinkSockets.Adopt(inode, Nl.NETLINK_ROUTE, path, route);
        // A brand-new namespace has no netns id yet: the kernel assigns one when a link first spans the two.
        return new NetNamespace { Name = name, Path = path, Inode = inode };
    }

    /// <summary>
    /// Gives the namespace of a running process a name (ip netns attach), so hidden namespaces such as a
    /// container's become usable by name. The bind mount keeps the namespace even after the process ends.
    /// </summary>
    public static NetNamespace Register(string name, int processId)
    {
        string source = $"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/ns/net";
        if (processId <= 0 || NamespaceHandle.TryReadInode(source) is null)
        {
            throw new EngineException(EngineErrorKind.NotFound,
                $"no running process with id {processId} whose network namespace can be read ({source})", processId);
        }

        string path = ReserveName(name);
        try
        {
            BindMount(source, path, name);
        }
        catch
        {
            Libc.Unlink(path);
            throw;
        }

        return Get(name);
    }

    /// <summary>Removes a name (ip netns delete). The namespace itself ends when nothing else holds it.</summary>
    public static void Remove(string name)
    {
        ValidateName(name);
        string path = PathOf(name);
        if (!File.Exists(path))
        {
            throw new EngineException(EngineErrorKind.NotFound, $"network namespace '{name}' does not exist (no {path})", name);
        }

        if (NamespaceHandle.TryReadInode(path) is ulong inode)
        {
            NetlinkSockets.Release(inode);
        }

        // EINVAL: not a mount point (a leftover file); the unlink below still tidies it up.
        if (Libc.Umount2(path, Libc.MNT_DETACH) < 0 && Libc.LastError is not Libc.EINVAL and not Libc.ENOENT)
        {
            int errno = Libc.LastError;
            throw Failure($"cannot unmount {path}", errno, name);
        }

        if (Libc.Unlink(path) < 0 && Libc.LastError is not Libc.ENOENT)
        {
            throw Failure($"cannot remove {path}", Libc.LastError, name);
        }
    }

    /// <summary>
    /// Whether the name is all that keeps the namespace alive: no process runs in it and no other name points at
    /// it, so removing the name destroys the namespace and its links.
    /// </summary>
    public static bool HeldOnlyByName(string name)
    {
        ulong inode = Get(name).Inode ?? throw new EngineException(EngineErrorKind.InvalidArgument,
            $"'{PathOf(name)}' is not a network namespace (an unmounted leftover? `ip netns delete {name}` removes it)", name);
        if (Paths().Any(p => System.IO.Path.GetFileName(p) != name && NamespaceHandle.TryReadInode(p) == inode))
        {
            return false;
        }

        // /proc/PID/ns/net links read "net:[INODE]"; reading the link opens nothing.
        string wanted = $"net:[{inode.ToString(CultureInfo.InvariantCulture)}]";
        foreach (string process in Directory.EnumerateDirectories("/proc").Where(d => char.IsAsciiDigit(System.IO.Path.GetFileName(d)[0])))
        {
            try
            {
                if (new FileInfo(process + "/ns/net").LinkTarget == wanted)
                {
                    return false;
                }
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
            catch (UnauthorizedAccessException)
            {
                // not ours to read; without root nothing here can be removed anyway
            }
        }

        return true;
    }

    public static NetNamespace Get(string name)
    {
        ValidateName(name);
        string path = PathOf(name);
        if (!File.Exists(path))
        {
            throw new EngineException(EngineErrorKind.NotFound, $"network namespace '{name}' does not exist (no {path})", name);
        }

        return Describe(name, path);
    }

    /// <summary>Every name under /run/netns, including ones iproute2 made, sorted by name.</summary>
    public static IReadOnlyList<NetNamespace> List() => Names().Select(name => Describe(name, PathOf(name))).ToList();

    /// <summary>
    /// Every name under /run/netns, sorted, read for nothing else; sockets kept for namespaces that are no longer
    /// there (`ip netns delete`) are closed first, so that what a listing leaves out is really let go.
    /// </summary>
    public static IReadOnlyList<string> Names()
    {
        NetlinkSockets.CloseStale();
        return Paths().Select(p => System.IO.Path.GetFileName(p)).ToList();
    }

    /// <summary>The paths under /run/netns, sorted, without reading anything about them.</summary>
    internal static IReadOnlyList<string> Paths() =>
        Directory.Exists(RunDirectory)
            ? Directory.EnumerateFiles(RunDirectory).Order(StringComparer.Ordinal).ToList()
            : Array.Empty<string>();

    /// <summary>The id <paramref name="from"/> knows namespace <paramref name="of"/> by, or null when none is assigned.</summary>
    public static int? GetNetNsId(NamespaceHandle of, NamespaceHandle from) =>
        of.WithFd(fd => NetNsIdOf(fd, from, of.Description, of.Reference));

    private static int? NetNsIdOf(int namespaceFd, NamespaceHandle from, string description, object? target)
    {
        var request = new NetlinkRequest(Rt.RTM_GETNSID, Nl.NLM_F_REQUEST)
            .Header(new RtGenMsg())
            .AttrU32(Rt.NETNSA_FD, (uint)namespaceFd);
        foreach (NetlinkMessage reply in NetlinkSockets.Route(from).Execute(request, $"read the netns id of {description}", target))
        {
            int? id = reply.Attributes<RtGenMsg>().S32(Rt.NETNSA_NSID);
            return id is null or Rt.NETNSA_NSID_NOT_ASSIGNED ? null : id;
        }

        return null;
    }

    /// <summary>Checks a namespace name the way iproute2 does; throws a message a person can act on.</summary>
    public static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, "a network namespace name cannot be empty", name);
        }

        if (name is "." or ".." || name.Contains('/') || name.Contains('\0'))
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"'{name}' is not a valid network namespace name: it cannot be '.' or '..' or contain '/' or NUL", name);
        }

        if (System.Text.Encoding.UTF8.GetByteCount(name) > NameMax)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"network namespace name '{name[..20]}...' is too long; at most {NameMax} bytes", name);
        }
    }

    /// <summary>
    /// Reads type, inode and netns id through one descriptor, so a name being created or removed at the
    /// same moment shows as not mounted (null inode) instead of failing the listing.
    /// </summary>
    private static NetNamespace Describe(string name, string path)
    {
        ulong? inode = null;
        int? id = null;
        int fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd >= 0)
        {
            try
            {
                if (Libc.Ioctl(fd, Libc.NS_GET_NSTYPE) == Libc.CLONE_NEWNET)
                {
                    inode = Libc.InodeOf(fd);
                    id = inode == NamespaceHandle.Current.Inode ? null : NetNsIdOf(fd, NamespaceHandle.Current, $"namespace '{name}'", name);
                }
            }
            finally
            {
                Libc.Close(fd);
            }
        }

        return new NetNamespace
        {
            Name = name,
            Path = path,
            Inode = inode,
            NetNsId = id,
            IsCurrent = inode == NamespaceHandle.Current.Inode,
        };
    }

    /// <summary>Creates the empty mount-point file for a new name; EEXIST becomes "already exists".</summary>
    private static string ReserveName(string name)
    {
        ValidateName(name);
        EnsureRunDirectory();
        string path = PathOf(name);
        int fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            int errno = Libc.LastError;
            throw errno == Libc.EEXIST
                ? new EngineException(EngineErrorKind.AlreadyExists, $"network namespace '{name}' already exists", name)
                : Failure($"cannot create {path}", errno, name);
        }

        Libc.Close(fd);
        return path;
    }

    /// <summary>Makes /run/netns a shared mount point as iproute2 does, so mounts under it propagate.</summary>
    private static void EnsureRunDirectory()
    {
        if (Libc.MkDir(RunDirectory, 0x1ed /* 0755 */) < 0 && Libc.LastError != Libc.EEXIST)
        {
            throw Failure($"cannot create {RunDirectory}", Libc.LastError, RunDirectory);
        }

        if (Libc.Mount(string.Empty, RunDirectory, "none", Libc.MS_SHARED | Libc.MS_REC, 0) == 0)
        {
            return;
        }

        if (Libc.LastError != Libc.EINVAL)
        {
            throw Failure($"cannot make {RunDirectory} a shared mount", Libc.LastError, RunDirectory);
        }

        // EINVAL: not a mount point yet. Bind it onto itself, then share it.
        if (Libc.Mount(RunDirectory, RunDirectory, "none", Libc.MS_BIND | Libc.MS_REC, 0) < 0 ||
            Libc.Mount(string.Empty, RunDirectory, "none", Libc.MS_SHARED | Libc.MS_REC, 0) < 0)
        {
            throw Failure($"cannot make {RunDirectory} a shared mount", Libc.LastError, RunDirectory);
        }
    }

    private static void BindMount(string source, string target, string name)
    {
        if (Libc.Mount(source, target, "none", Libc.MS_BIND, 0) < 0)
        {
            throw Failure($"cannot bind {source} to {target}", Libc.LastError, name);
        }
    }

    private static EngineException Failure(string what, int errno, object target) =>
        new(errno is Libc.EPERM or Libc.EACCES ? EngineErrorKind.PermissionDenied : EngineErrorKind.Other,
            $"{what}: {Libc.ErrnoText(errno)} ({Libc.ErrnoName(errno)})" +
            (errno is Libc.EPERM or Libc.EACCES ? ". This needs root (CAP_SYS_ADMIN)." : string.Empty),
            target);
}
