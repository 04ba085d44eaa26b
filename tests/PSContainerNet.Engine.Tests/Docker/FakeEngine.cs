using System.Net.Sockets;
using System.Text;

namespace PSContainerNet.Engine.Tests.Docker;

/// <summary>
/// A stand-in Docker engine on a Unix socket in /tmp: it answers /_ping with the API version it is given, and
/// answers every other request after <paramref name="delay"/> (or never, when null) with an empty list.
/// </summary>
internal sealed class FakeEngine : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _apiVersion;
    private readonly TimeSpan? _delay;

    public FakeEngine(string apiVersion, TimeSpan? delay)
    {
        _apiVersion = apiVersion;
        _delay = delay;
        Path = $"/tmp/pscnt-{Guid.NewGuid():N}.sock";
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen();
        _ = Task.Run(Serve);
    }

    public string Path { get; }

    public string Host => "unix://" + Path;

    /// <summary>The request lines seen, in order.</summary>
    public List<string> Requests { get; } = [];

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        File.Delete(Path);
    }

    private async Task Serve()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => Answer(client));
        }
    }

    private async Task Answer(Socket client)
    {
        using (client)
        {
            try
            {
                var buffer = new byte[4096];
                var pending = new StringBuilder();
                while (!_stop.IsCancellationRequested)
                {
                    int n = await client.ReceiveAsync(buffer, _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    pending.Append(Encoding.ASCII.GetString(buffer, 0, n));
                    int end;
                    while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                    {
                        string head = pending.ToString(0, end);
                        pending.Remove(0, end + 4);
                        string requestLine = head.Split("\r\n")[0];
                        lock (Requests)
                        {
                            Requests.Add(requestLine);
                        }

                        string response;
                        if (requestLine.StartsWith("GET /_ping", StringComparison.Ordinal))
                        {
                            response = $"HTTP/1.1 200 OK\r\nApi-Version: {_apiVersion}\r\nContent-Length: 2\r\n\r\nOK";
                        }
                        else if (_delay is TimeSpan delay)
                        {
                            await Task.Delay(delay, _stop.Token);
                            response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]";
                        }
                        else
                        {
                            await Task.Delay(Timeout.Infinite, _stop.Token); // an engine that hangs
                            return;
                        }

                        await client.SendAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // the test is over, or the client went away
            }
        }
    }
}
