namespace PSContainerNet.Engine.Docker;

/// <summary>
/// Where a Docker engine listens, read the way the docker CLI reads it: unix:///path or tcp://host:port,
/// from -DockerHost, else DOCKER_HOST, else /var/run/docker.sock; TLS from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH.
/// </summary>
public sealed record DockerEndpoint
{
    public const string DefaultHost = "unix:///var/run/docker.sock";

    private DockerEndpoint(string host, string? socketPath, Uri? baseAddress, string? certificatePath)
    {
        Host = host;
        SocketPath = socketPath;
        BaseAddress = baseAddress;
        CertificatePath = certificatePath;
    }

    /// <summary>The host as given (unix:///var/run/docker.sock, tcp://10.0.0.5:2376).</summary>
    public string Host { get; }

    /// <summary>The Unix socket, for unix:// hosts.</summary>
    public string? SocketPath { get; }

    /// <summary>http(s)://host:port for tcp:// hosts.</summary>
    public Uri? BaseAddress { get; }

    /// <summary>The folder with ca.pem, cert.pem and key.pem when TLS is verified.</summary>
    public string? CertificatePath { get; }

    public bool UsesTls => CertificatePath is not null;

    /// <summary>The endpoint for -DockerHost, or the environment's, or the default socket.</summary>
    public static DockerEndpoint Resolve(string? host) => Parse(
        string.IsNullOrWhiteSpace(host) ? Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } env ? env : DefaultHost : host,
        Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY"),
        Environment.GetEnvironmentVariable("DOCKER_CERT_PATH"));

    /// <summary>Parses a host with explicit TLS settings (the environment's, in <see cref="Resolve"/>).</summary>
    public static DockerEndpoint Parse(string host, string? tlsVerify, string? certPath)
    {
        host = host.Trim();
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            string path = host["unix://".Length..];
            if (!path.StartsWith('/'))
            {
                throw Invalid(host, "a unix socket needs an absolute path, as in unix:///var/run/docker.sock");
            }

            return new DockerEndpoint(host, path, null, null);
        }

        if (host.StartsWith("tcp://", StringComparison.Ordinal))
        {
            // DOCKER_TLS_VERIFY is on when set to anything but empty (the CLI's rule).
            bool tls = !string.IsNullOrEmpty(tlsVerify);
            if (!Uri.TryCreate((tls ? "https://" : "http://") + host["tcp://".Length..], UriKind.Absolute, out Uri? uri) ||
                uri.AbsolutePath != "/" || string.IsNullOrEmpty(uri.Host))
            {
                throw Invalid(host, "expected tcp://HOST:PORT, as in tcp://10.0.0.5:2376");
            }

            if (uri.IsDefaultPort)
            {
                uri = new UriBuilder(uri) { Port = tls ? 2376 : 2375 }.Uri;
            }

            string? certs = null;
            if (tls)
            {
                certs = string.IsNullOrEmpty(certPath)
                    ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker")
                    : certPath;
            }

            return new DockerEndpoint(host, null, uri, certs);
        }

        throw Invalid(host, "use unix:///path/to/docker.sock or tcp://HOST:PORT (ssh:// and npipe:// are not supported)");
    }

    private static EngineException Invalid(string host, string why) =>
        new(EngineErrorKind.InvalidArgument, $"Docker host '{host}' is not usable: {why}", host);

    public override string ToString() => Host;
}
