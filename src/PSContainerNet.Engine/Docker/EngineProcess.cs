using System.Buffers.Binary;
using System.Net.Sockets;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Docker;

/// <summary>
/// The dockerd process behind a local engine's socket, and the network namespaces it made: a bridge network's
/// links are in the engine's own namespace; an overlay network's bridge and VXLAN link are in a namespace
/// the engine mounted in its own mount namespace, which this one may not see (reached through /proc/PID/root).
/// </summary>
public static class EngineProcess
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;
    private const string TcpListen = "0A";

    /// <summary>The PID of the process listening on the engine's Unix socket; null for TCP engines or when it cannot be told.</summary>
    public static int? Pid(DockerEndpoint endpoint)
    {
        if (endpoint.SocketPath is not string path)
        {
            return null;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
            var credentials = new byte[12];
            socket.GetRawSocketOption(SolSocket, SoPeerCred, credentials);
            int pid = BinaryPrimitives.ReadInt32LittleEndian(credentials);
            return pid > 0 ? pid : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>
    /// The network namespace of a local engine (where its bridges and macvlan parents are): the listening process's,
    /// or the current one when that cannot be told; null for a TCP engine, whose links are on another machine.
    /// </summary>
    public static NamespaceHandle? Namespace(DockerEndpoint endpoint) =>
        endpoint.SocketPath is null ? null
        : Pid(endpoint) is int pid ? NamespaceHandle.Resolve($"/proc/{pid}/ns/net")
        : NamespaceHandle.Current;

    /// <summary>
    /// The namespace of an overlay network on this engine (mounted as NETNS_DIR/1-&lt;first 10 characters of the
    /// network id&gt;), as a path reachable from here; null until a container on this engine uses the network.
    /// </summary>
    public static string? OverlayNamespace(int pid, string networkId)
    {
        string suffix = "/1-" + networkId[..Math.Min(10, networkId.Length)];
        foreach (string line in ReadMountInfo(pid))
        {
            // id parent major:minor root mount-point options ... - fstype source super-options
            string[] fields = line.Split(' ');
            int separator = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || separator < 0 || separator + 1 >= fields.Length || fields[separator + 1] != "nsfs")
            {
                continue;
            }

            string mountPoint = Unescape(fields[4]);
            if (mountPoint.EndsWith(suffix, StringComparison.Ordinal))
            {
                return $"/proc/{pid}/root{mountPoint}";
            }
        }

        return null;
    }

    /// <summary>Who listens on the TCP port in the process's network namespace: nobody, the process itself or another.</summary>
    public static PortListener TcpPortListener(int pid, int port)
    {
        var listeners = new HashSet<string>(StringComparer.Ordinal);
        foreach (string table in new[] { "tcp", "tcp6" })
        {
            foreach (string line in ReadLines($"/proc/{pid}/net/{table}").Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == TcpListen && fields[1].EndsWith($":{port:X4}", StringComparison.Ordinal))
                {
                    listeners.Add($"socket:[{fields[9]}]");
                }
            }
        }

        if (listeners.Count == 0)
        {
            return PortListener.Nobody;
        }

        try
        {
            return new DirectoryInfo($"/proc/{pid}/fd").EnumerateFileSystemInfos()
                .Any(fd => fd.LinkTarget is string target && listeners.Contains(target)) ? PortListener.TheProcess : PortListener.Another;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PortListener.Another;
        }
    }

    private static IEnumerable<string> ReadMountInfo(int pid) => ReadLines($"/proc/{pid}/mountinfo");

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.ReadLines(path).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>mountinfo writes space, tab, newline and backslash as \ooo octal.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new System.Text.StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length)
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }
}

/// <summary>Who listens on a port in a process's network namespace.</summary>
public enum PortListener
{
    Nobody,
    TheProcess,
    Another,
}
