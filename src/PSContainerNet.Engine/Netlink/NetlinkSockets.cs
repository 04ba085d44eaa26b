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
    private static readonly HashSet<int> Protocols = [];
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
            Keep(key, new Entry(socket, ns.Path));
            return socket;
        }
    }

    /// <summary>Keeps a socket opened inside a namespace (at its creation) as that namespace's socket.</summary>
    internal static void Adopt(ulong inode, int protocol, string path, NetlinkSocket socket)
    {
        lock (Gate)
        {
            if (Entries.ContainsKey((inode, protocol)))
            {
                socket.Dispose();
                return;
            }

            Keep((inode, protocol), new Entry(socket, path));
        }
    }

    /// <summary>Closes the sockets held in a namespace so that removing its name really frees it.</summary>
    public static void Release(ulong inode)
    {
        lock (Gate)
        {
            // By key, not by a scan: a lab removes a thousand namespaces one after another.
            foreach (int protocol in Protocols)
            {
                if (Entries.Remove((inode, protocol), out Entry? entry))
                {
                    entry.Socket.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// Closes the sockets opened through <paramref name="path"/>, a name found missing (`ip netns delete` behind the
    /// module's back): once the module has said NotFound, it must not keep the namespace alive.
    /// </summary>
    public static void ReleasePath(string path)
    {
        lock (Gate)
        {
            foreach (var key in Entries.Where(e => e.Value.Path == path).Select(e => e.Key).ToArray())
            {
                Entries.Remove(key, out Entry? entry);
                entry!.Socket.Dispose();
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

    private static void Keep((ulong Inode, int Protocol) key, Entry entry)
    {
        Entries[key] = entry;
        Protocols.Add(key.Protocol);
    }

    private static void CloseStaleEntries(int howMany)
    {
        if (Entries.Count == 0)
        {
            return;
        }

        // A window of the entries, moving on each time: no copy of all the keys per socket opened.
        int start = _cursor % Entries.Count;
        howMany = Math.Min(howMany, Entries.Count);
        _cursor = start + howMany;
        foreach (var key in Entries.Keys.Skip(start).Concat(Entries.Keys.Take(start)).Take(howMany).ToArray())
        {
            if (key.Inode != NamespaceHandle.Current.Inode && NamespaceHandle.TryReadInode(Entries[key].Path) != key.Inode)
            {
                Entries[key].Socket.Dispose();
                Entries.Remove(key);
            }
        }
    }

    private sealed record Entry(NetlinkSocket Socket, string Path);
}
