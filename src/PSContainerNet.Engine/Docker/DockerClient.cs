using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PSContainerNet.Engine.Docker;

/// <summary>A Docker Engine API error, with the daemon's own message and the HTTP status it came with.</summary>
public sealed class DockerException(EngineErrorKind kind, string message, int statusCode, object? target, Exception? inner = null)
    : EngineException(kind, message, target, inner)
{
    /// <summary>The HTTP status of the daemon's answer; 0 when there was no answer.</summary>
    public int StatusCode { get; } = statusCode;
}

/// <summary>
/// One caller's view of a Docker engine: its requests share a connection pool and the negotiated API version
/// per endpoint, and carry the caller's cancellation and trace. Calls are synchronous so every trace line is
/// written on the caller's thread (PowerShell's Write-Verbose requires it).
/// </summary>
public sealed class DockerClient
{
    /// <summary>The oldest API the module uses (Docker 20.10, Debian 12's engine).</summary>
    public static readonly Version MinimumApiVersion = new(1, 41);

    /// <summary>The newest API the module was written against; newer engines accept it.</summary>
    public static readonly Version MaximumApiVersion = new(1, 47);

    private static readonly ConcurrentDictionary<DockerEndpoint, Transport> Transports = new();
    private readonly Transport _transport;
    private readonly CancellationToken _cancel;
    private readonly Action<string>? _trace;
    private readonly Action<string>? _warn;

    private int _answered;

    private DockerClient(Transport transport, CancellationToken cancel, Action<string>? trace, Action<string>? warn, TimeSpan timeout)
    {
        _transport = transport;
        _cancel = cancel;
        _trace = trace;
        _warn = warn;
        Timeout = timeout;
    }

    /// <summary>
    /// A client of the engine at <paramref name="host"/> (null: DOCKER_HOST or the default socket). Requests are
    /// traced to <paramref name="trace"/>; the engine's warnings go to <paramref name="warn"/>. Each request may take
    /// <paramref name="timeout"/> (60 s when not given).
    /// </summary>
    public static DockerClient Connect(
        string? host = null, CancellationToken cancel = default, Action<string>? trace = null, Action<string>? warn = null, TimeSpan? timeout = null) =>
        new(Transports.GetOrAdd(DockerEndpoint.Resolve(host), endpoint => new Transport(endpoint)), cancel, trace, warn, timeout ?? TimeSpan.FromSeconds(60));

    public DockerEndpoint Endpoint => _transport.Endpoint;

    /// <summary>The engines this process has talked to, and the one DOCKER_HOST or the default names (for tab completion).</summary>
    public static IReadOnlyList<string> KnownHosts =>
        Transports.Keys.Select(e => e.Host).Append(DockerEndpoint.Resolve(null).Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>How long one request may take before it is abandoned.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Whether the engine has answered any of this client's requests (so it may have acted on them).</summary>
    public bool HasAnswered => Volatile.Read(ref _answered) != 0;

    /// <summary>The API version used with this engine: the highest both sides speak, asked once per endpoint.</summary>
    public Version ApiVersion => _transport.Version ??= Negotiate();

    /// <summary>Refuses a feature the engine's API is too old for, naming both versions.</summary>
    public void RequireApi(Version needed, string feature)
    {
        if (ApiVersion < needed)
        {
            throw new DockerException(EngineErrorKind.NotSupported,
                $"{feature} needs Docker API {needed} or later; the engine at {Endpoint} speaks {ApiVersion}", 0, Endpoint.Host);
        }
    }

    /// <summary>Passes on a warning the engine gave with an answer.</summary>
    internal void Warn(string text) => _warn?.Invoke(text);

    internal T Get<T>(string path, JsonTypeInfo<T> type, object? target) =>
        Read(Send(HttpMethod.Get, path, null, target), type);

    internal TResponse Post<TRequest, TResponse>(string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, object? target) =>
        Read(Send(HttpMethod.Post, path, Json(body, requestType), target), responseType);

    internal void Post<TRequest>(string path, TRequest body, JsonTypeInfo<TRequest> requestType, object? target) =>
        Send(HttpMethod.Post, path, Json(body, requestType), target);

    internal void Post(string path, object? target) => Send(HttpMethod.Post, path, null, target);

    internal T Post<T>(string path, JsonTypeInfo<T> responseType, object? target) =>
        Read(Send(HttpMethod.Post, path, null, target), responseType);

    internal void Delete(string path, object? target) => Send(HttpMethod.Delete, path, null, target);

    /// <summary>A request whose answer is a byte stream (an exec's multiplexed output), read to its end.</summary>
    internal byte[] PostForBytes<TRequest>(string path, TRequest body, JsonTypeInfo<TRequest> requestType, object? target) =>
        SendForBytes(HttpMethod.Post, path, Json(body, requestType), target);

    /// <summary>A path segment (a name or id) made safe for a URL.</summary>
    internal static string Segment(string value) => Uri.EscapeDataString(value);

    private static StringContent Json<T>(T body, JsonTypeInfo<T> type) =>
        new(JsonSerializer.Serialize(body, type), Encoding.UTF8, "application/json");

    private static T Read<T>(string body, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(body, type) ?? throw new DockerException(EngineErrorKind.Other, "the Docker engine answered with an empty body", 200, null);

    private Version Negotiate()
    {
        // /_ping is unversioned and names the engine's newest API in a header; very old engines lack it.
        using HttpResponseMessage ping = Exchange(HttpMethod.Get, "/_ping", null, null);
        string? header = ping.Headers.TryGetValues("Api-Version", out var values) ? values.FirstOrDefault() : null;
        if (!Version.TryParse(header, out Version? engine))
        {
            throw new DockerException(EngineErrorKind.NotSupported,
                $"the Docker engine at {Endpoint} did not say which API it speaks; PSContainerNet needs API {MinimumApiVersion} (Docker 20.10) or later",
                (int)ping.StatusCode, Endpoint.Host);
        }

        if (engine < MinimumApiVersion)
        {
            throw new DockerException(EngineErrorKind.NotSupported,
                $"the Docker engine at {Endpoint} speaks API {engine}; PSContainerNet needs API {MinimumApiVersion} (Docker 20.10) or later",
                (int)ping.StatusCode, Endpoint.Host);
        }

        return engine < MaximumApiVersion ? engine : MaximumApiVersion;
    }

    /// <summary>One versioned request; returns the body of a 2xx answer, throws the daemon's message otherwise.</summary>
    private string Send(HttpMethod method, string path, HttpContent? content, object? target) =>
        Encoding.UTF8.GetString(SendForBytes(method, path, content, target));

    private byte[] SendForBytes(HttpMethod method, string path, HttpContent? content, object? target)
    {
        string versioned = "/v" + ApiVersion.ToString(2) + path;
        using HttpResponseMessage response = Exchange(method, versioned, content, target);
        return response.Content.ReadAsByteArrayAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private HttpResponseMessage Exchange(HttpMethod method, string path, HttpContent? content, object? target)
    {
        _trace?.Invoke($"Docker {Endpoint}: {method} {path}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancel);
        timeout.CancelAfter(Timeout);
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            response = _transport.Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).GetAwaiter().GetResult();
            Volatile.Write(ref _answered, 1);
        }
        catch (OperationCanceledException e) when (!_cancel.IsCancellationRequested)
        {
            throw new DockerException(EngineErrorKind.Timeout,
                $"the Docker engine at {Endpoint} did not answer {method} {path} within {Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", 0, target, e);
        }
        catch (HttpRequestException e)
        {
            throw ConnectionError(Endpoint, e);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw ErrorOf(response, target);
            }
        }

        return response;
    }

    /// <summary>The daemon's own message, with a kind that follows its status code.</summary>
    private static DockerException ErrorOf(HttpResponseMessage response, object? target)
    {
        string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        string message;
        try
        {
            message = JsonSerializer.Deserialize(body, DockerJson.Default.WireError)?.Message ?? body;
        }
        catch (JsonException)
        {
            message = body;
        }

        message = string.IsNullOrWhiteSpace(message) ? $"the Docker engine answered {(int)response.StatusCode} {response.ReasonPhrase}" : message.Trim();
        EngineErrorKind kind = (int)response.StatusCode switch
        {
            400 => EngineErrorKind.InvalidArgument,
            401 => EngineErrorKind.PermissionDenied,
            404 => EngineErrorKind.NotFound,
            // Docker answers 403 for "in use" (active endpoints, an address taken, overlapping pools).
            403 => EngineErrorKind.Busy,
            409 when message.Contains("already", StringComparison.OrdinalIgnoreCase) => EngineErrorKind.AlreadyExists,
            409 => EngineErrorKind.Busy,
            _ => EngineErrorKind.Other,
        };
        return new DockerException(kind, message, (int)response.StatusCode, target);
    }

    /// <summary>What a failed connection means to the person running the command.</summary>
    internal static DockerException ConnectionError(DockerEndpoint endpoint, Exception e)
    {
        var socket = e as SocketException ?? e.InnerException as SocketException;
        if (socket?.SocketErrorCode == SocketError.AccessDenied)
        {
            return new DockerException(EngineErrorKind.PermissionDenied,
                $"permission denied while connecting to the Docker daemon at {endpoint}: run as root or as a member of the 'docker' group", 0, endpoint.Host, e);
        }

        if (e.InnerException is System.Security.Authentication.AuthenticationException tls)
        {
            return new DockerException(EngineErrorKind.ConnectionFailed,
                $"TLS with the Docker daemon at {endpoint} failed ({tls.Message}); its certificate must chain to ca.pem in {endpoint.CertificatePath} and name the host",
                0, endpoint.Host, e);
        }

        // Connecting to a Unix socket path that is not there fails with ENOENT, which .NET words as "Cannot assign
        // requested address"; say what it means.
        string reason = endpoint.SocketPath is string path && !File.Exists(path) ? $"{path} does not exist"
            : endpoint.SocketPath is not null && socket?.SocketErrorCode == SocketError.ConnectionRefused ? $"nothing listens on {endpoint.SocketPath}"
            : socket?.Message ?? e.InnerException?.Message ?? e.Message;
        return new DockerException(EngineErrorKind.ConnectionFailed,
            $"Cannot connect to the Docker daemon at {endpoint} ({reason}). Is the docker daemon running?", 0, endpoint.Host, e);
    }

    /// <summary>The HTTP connection pool of one endpoint and what was negotiated with it.</summary>
    private sealed class Transport
    {
        public Transport(DockerEndpoint endpoint)
        {
            Endpoint = endpoint;
            var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
            if (endpoint.SocketPath is string socketPath)
            {
                handler.ConnectCallback = async (_, cancel) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel).ConfigureAwait(false);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                };
            }
            else if (endpoint.UsesTls)
            {
                handler.SslOptions = TlsOptions(endpoint.CertificatePath!, endpoint.Host);
            }

            Http = new HttpClient(handler)
            {
                BaseAddress = endpoint.BaseAddress ?? new Uri("http://docker"),
                Timeout = System.Threading.Timeout.InfiniteTimeSpan, // each request has its own
            };
        }

        public DockerEndpoint Endpoint { get; }

        public HttpClient Http { get; }

        public Version? Version { get; set; }

        /// <summary>Client certificate and CA from DOCKER_CERT_PATH; the engine's certificate must chain to that CA and match the host.</summary>
        private static SslClientAuthenticationOptions TlsOptions(string folder, string host)
        {
            string File(string name)
            {
                string path = Path.Combine(folder, name);
                return System.IO.File.Exists(path) ? path : throw new DockerException(EngineErrorKind.InvalidArgument,
                    $"TLS to {host} needs {path} (DOCKER_CERT_PATH names the folder with ca.pem, cert.pem and key.pem)", 0, host);
            }

            X509Certificate2 ca = X509Certificate2.CreateFromPem(System.IO.File.ReadAllText(File("ca.pem")));
            X509Certificate2 client = X509Certificate2.CreateFromPemFile(File("cert.pem"), File("key.pem"));
            return new SslClientAuthenticationOptions
            {
                ClientCertificates = new X509CertificateCollection { client },
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    using var presented = new X509Certificate2(certificate);
                    return chain.Build(presented);
                },
            };
        }
    }
}
