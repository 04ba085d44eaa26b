using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Diagnostics;

/// <summary>Whether a TCP connection from a namespace to an address and port succeeded.</summary>
public sealed class NetTcpConnectionResult
{
    public string? Namespace { get; init; }

    public required string Target { get; init; }

    public int Port { get; init; }

    public bool Success { get; init; }

    /// <summary>Milliseconds until the connection was made or failed.</summary>
    public double Time { get; init; }

    /// <summary>Why it failed: ConnectionRefused, TimedOut, NetworkUnreachable, HostUnreachable, ...</summary>
    public string? Error { get; init; }

    /// <summary>The local address the connection left from (what NAT tests look at).</summary>
    public string? SourceAddress { get; init; }

    public override string ToString() => $"{Target}:{Port} " + (Success ? $"connected in {Time:0.###} ms" : $"failed: {Error}");
}

/// <summary>A TCP connect check from inside a namespace.</summary>
public static class TcpProbe
{
    public static NetTcpConnectionResult Connect(NamespaceHandle ns, IPAddress target, int port, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        if (port is < 1 or > 65535)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"port {port} is out of range; use 1-65535", port);
        }

        TimeSpan wait = timeout ?? TimeSpan.FromSeconds(2);
        using Socket socket = NamespaceSocket.Open(ns, target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(wait);
        var stopwatch = Stopwatch.StartNew();
        string? error = null;
        try
        {
            socket.ConnectAsync(new IPEndPoint(target, port), limit.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            error = cancellation.IsCancellationRequested ? "Canceled" : $"TimedOut (no answer in {wait.TotalMilliseconds} ms)";
        }
        catch (SocketException e)
        {
            error = e.SocketErrorCode.ToString();
        }

        return new NetTcpConnectionResult
        {
            Namespace = ns.Reference,
            Target = target.ToString(),
            Port = port,
            Success = error is null,
            Time = Math.Round(stopwatch.Elapsed.TotalMilliseconds, 3),
            Error = error,
            SourceAddress = error is null ? (socket.LocalEndPoint as IPEndPoint)?.Address.ToString() : null,
        };
    }
}
