using System.Net.Sockets;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Diagnostics;

/// <summary>Opens sockets that live in a given network namespace.</summary>
public static class NamespaceSocket
{
    /// <summary>
    /// A socket belongs to the namespace of the thread that creates it, so only the creation happens on
    /// a dedicated thread inside <paramref name="ns"/>; the socket is then used from any thread.
    /// </summary>
    public static Socket Open(NamespaceHandle ns, AddressFamily family, SocketType type, ProtocolType protocol)
    {
        try
        {
            return ns.Run(() => new Socket(family, type, protocol));
        }
        catch (SocketException e)
        {
            throw new EngineException(
                e.SocketErrorCode is SocketError.AccessDenied ? EngineErrorKind.PermissionDenied : EngineErrorKind.Other,
                $"cannot open a {type} {protocol} socket in {ns.Description}: {e.Message}" +
                (e.SocketErrorCode is SocketError.AccessDenied ? " (raw sockets need CAP_NET_RAW: run as root)" : string.Empty),
                ns.Reference, e);
        }
    }
}
