using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Netlink;

/// <summary>
/// One reusable netlink socket per (namespace, protocol). A socket stays bound to the namespace it was
/// opened in, so it is opened once on a dedicated thread inside that namespace and then used from any thread.
/// </summary>
public static class NetlinkSockets
{
    // A socket keeps its namespace alive. Entries whose path no longer leads to their namespace (say,
    // after `ip netns delete`) are closed a few at a time when sockets are opened, all at once by
    // CloseStale (every namespace listing), and by Release (Remove-NetNamespace).
    private const int EntriesCheckedPerOpen = 4;
    private static readonly object Gate = new();
    private static readonly Dictionary<(ulong Inode, int Protocol), Entry> Entries = new();
    private static int _cursor;

    public static NetlinkSocket Route(NamespaceHandle ns) => For(ns, Nl.NETLINK_ROUTE);

    public static NetlinkSocket For(NamespaceHandle ns, int protocol)
    {
        var key = (ns.Inode, protocol);
        lock (Gate)
        {
            if (Entries.TryGetValue(key, out Entry? entry))
            {
                return entry.Socket;
            }
        }

        NetlinkSocket socket = ns.Run(() => NetlinkSocket.Open(protocol));
        lock (Gate)
        {
            if (Entries.TryGetValue(key, out Entry? raced))
            {
                socket.Dispose();
                return raced.Socket;
            }

            CloseStaleEntries(EntriesCheckedPerOpen);
            Entries[key] = new Entry(socket, ns.Path);
            return socket;
        }
    }

    /// <summary>Keeps a socket opened inside a namespace (at its creation) as that namespace's socket.</summary>
    internal static void Adopt(ulong inode, int protocol, string path, NetlinkSocket socket)
    {
        lock (Gate)
        {
            if (!Entries.TryAdd((inode, protocol), new Entry(socket, path)))
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>Closes the sockets held in a namespace so that removing its name really frees it.</summary>
    public static void Release(ulong inode)
    {
        lock (Gate)
        {
            foreach (var key in Entries.Keys.Where(k => k.Inode == inode).ToList())
            {
                Entries[key].Socket.Dispose();
                Entries.Remove(key);
            }
        }
    }

    /// <summary>Closes the sockets of namespaces that their paths no longer lead to.</summary>
    public static void CloseStale()
    {
        lock (Gate)
        {
            CloseStaleEntries(Entries.Count);
        }
    }

    /// <summary>Closes every socket (module unload).</summary>
    public static void CloseAll()
    {
        lock (Gate)
        {
            foreach (Entry entry in Entries.Values)
            {
                entry.Socket.Dispose();
            }

            Entries.Clear();
        }
    }

    internal static bool Holds(ulong inode)
    {
        lock (Gate)
        {
            return Entries.Keys.Any(k => k.Inode == inode);
        }
    }

    private static void CloseStaleEntries(int howMany)
    {
        if (Entries.Count == 0)
        {
            return;
        }

        var keys = Entries.Keys.ToList();
        for (int i = 0; i < Math.Min(howMany, keys.Count); i++)
        {
            var key = keys[_cursor++ % keys.Count];
            if (key.Inode != NamespaceHandle.Current.Inode && NamespaceHandle.TryReadInode(Entries[key].Path) != key.Inode)
            {
                Entries[key].Socket.Dispose();
                Entries.Remove(key);
            }
        }
    }

    private sealed record Entry(NetlinkSocket Socket, string Path);
}
