using System.Net.Sockets;
using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Engine.Tests.Docker;

[Collection("docker")]
public sealed class DockerClientTests
{
    [Theory]
    [InlineData("unix:///var/run/docker.sock", "/var/run/docker.sock", null)]
    [InlineData("tcp://10.1.2.3:2375", null, "http://10.1.2.3:2375/")]
    [InlineData("tcp://docker.example", null, "http://docker.example:2375/")]
    public void Hosts_are_read_like_the_docker_CLI_reads_them(string host, string? socket, string? address)
    {
        DockerEndpoint e = DockerEndpoint.Parse(host, tlsVerify: null, certPath: null);
        Assert.Equal(socket, e.SocketPath);
        Assert.Equal(address, e.BaseAddress?.ToString());
        Assert.False(e.UsesTls);
    }

    [Fact]
    public void DOCKER_TLS_VERIFY_means_https_on_2376_with_the_certificate_folder()
    {
        DockerEndpoint e = DockerEndpoint.Parse("tcp://docker.example", tlsVerify: "1", certPath: "/etc/docker-certs");
        Assert.Equal("https://docker.example:2376/", e.BaseAddress!.ToString());
        Assert.Equal("/etc/docker-certs", e.CertificatePath);
    }

    [Theory]
    [InlineData("ssh://user@host", "ssh:// and npipe:// are not supported")]
    [InlineData("unix://relative.sock", "absolute path")]
    [InlineData("tcp://host:2375/path", "tcp://HOST:PORT")]
    public void Unusable_hosts_say_what_is_expected(string host, string expected)
    {
        var e = Assert.Throws<EngineException>(() => DockerEndpoint.Parse(host, null, null));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(expected, e.Message);
        Assert.Equal(host, e.Target);
    }

    [Fact]
    public void TLS_without_the_certificate_files_names_the_missing_file()
    {
        string folder = Directory.CreateTempSubdirectory("pscnt-certs").FullName;
        try
        {
            var e = Assert.Throws<DockerException>(() => DockerClient.Connect($"tcp://127.0.0.1:1", trace: null).ApiVersion.ToString());
            Assert.Equal(EngineErrorKind.ConnectionFailed, e.Kind); // plain tcp, nothing listens on port 1
            Environment.SetEnvironmentVariable("DOCKER_TLS_VERIFY", "1");
            Environment.SetEnvironmentVariable("DOCKER_CERT_PATH", folder);
            var tls = Assert.Throws<DockerException>(() => DockerClient.Connect("tcp://127.0.0.1:2").ApiVersion.ToString());
            Assert.Equal(EngineErrorKind.InvalidArgument, tls.Kind);
            Assert.Contains(Path.Combine(folder, "ca.pem"), tls.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_TLS_VERIFY", null);
            Environment.SetEnvironmentVariable("DOCKER_CERT_PATH", null);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_TLS_engine_is_verified_against_the_CA_of_DOCKER_CERT_PATH()
    {
        using var pki = new TestPki();
        string trusted = pki.WriteClientFolder(pki.Ca);
        string stranger = pki.WriteClientFolder(TestPki.NewCa("pscnt other CA"));
        using var engine = new TlsPingServer(pki.Server);
        try
        {
            Environment.SetEnvironmentVariable("DOCKER_TLS_VERIFY", "1");
            Environment.SetEnvironmentVariable("DOCKER_CERT_PATH", trusted);
            Assert.Equal(new Version(1, 43), DockerClient.Connect($"tcp://127.0.0.1:{engine.Port}").ApiVersion);
            Assert.True(engine.SawClientCertificate);

            Environment.SetEnvironmentVariable("DOCKER_CERT_PATH", stranger);
            var e = Assert.Throws<DockerException>(() => DockerClient.Connect($"tcp://127.0.0.1:{engine.Port}").ApiVersion.ToString());
            Assert.Equal(EngineErrorKind.ConnectionFailed, e.Kind);
            Assert.Contains($"its certificate must chain to ca.pem in {stranger}", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_TLS_VERIFY", null);
            Environment.SetEnvironmentVariable("DOCKER_CERT_PATH", null);
        }
    }

    [Fact]
    public void A_missing_socket_says_the_daemon_cannot_be_reached()
    {
        string path = $"/tmp/pscnt-{Guid.NewGuid():N}.sock";
        var e = Assert.Throws<DockerException>(() => DockerClient.Connect("unix://" + path).ApiVersion.ToString());
        Assert.Equal(EngineErrorKind.ConnectionFailed, e.Kind);
        Assert.Equal($"Cannot connect to the Docker daemon at unix://{path} ({path} does not exist). Is the docker daemon running?", e.Message);
    }

    [Fact]
    public void A_socket_nobody_listens_on_is_a_connection_failure_too()
    {
        string path = $"/tmp/pscnt-{Guid.NewGuid():N}.sock";
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            dead.Bind(new UnixDomainSocketEndPoint(path)); // bound, never listening: connect is refused
            try
            {
                var e = Assert.Throws<DockerException>(() => DockerClient.Connect("unix://" + path).ApiVersion.ToString());
                Assert.Equal(EngineErrorKind.ConnectionFailed, e.Kind);
                Assert.Contains($"(nothing listens on {path})", e.Message);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public void Permission_denied_on_the_socket_says_what_to_do()
    {
        var endpoint = DockerEndpoint.Parse("unix:///var/run/docker.sock", null, null);
        DockerException e = DockerClient.ConnectionError(endpoint, new HttpRequestException("x", new SocketException((int)SocketError.AccessDenied)));
        Assert.Equal(EngineErrorKind.PermissionDenied, e.Kind);
        Assert.Contains("'docker' group", e.Message);
    }

    [Theory]
    [InlineData("1.51", "1.47")] // a newer engine: the newest API the module knows
    [InlineData("1.43", "1.43")] // an older one: its own
    [InlineData("1.41", "1.41")]
    public void Negotiation_takes_the_highest_version_both_speak_and_uses_it_in_every_path(string engine, string expected)
    {
        using var fake = new FakeEngine(engine, TimeSpan.Zero);
        var client = DockerClient.Connect(fake.Host);
        Assert.Equal(Version.Parse(expected), client.ApiVersion);
        Assert.Empty(ContainerService.List(client));
        Assert.Equal(["GET /_ping HTTP/1.1", $"GET /v{expected}/containers/json HTTP/1.1"], fake.Requests);
    }

    [Fact]
    public void An_engine_older_than_API_1_41_is_refused_with_both_versions()
    {
        using var fake = new FakeEngine("1.30", TimeSpan.Zero);
        var e = Assert.Throws<DockerException>(() => DockerClient.Connect(fake.Host).ApiVersion.ToString());
        Assert.Equal(EngineErrorKind.NotSupported, e.Kind);
        Assert.Contains("speaks API 1.30; PSContainerNet needs API 1.41 (Docker 20.10) or later", e.Message);
    }

    [Fact]
    public void An_engine_that_does_not_answer_in_time_is_a_timeout_naming_the_request()
    {
        using var fake = new FakeEngine("1.41", delay: null);
        // Negotiate first with the default timeout (the version is kept per engine), so a loaded machine answering
        // /_ping slowly cannot make the timed request the wrong one.
        _ = DockerClient.Connect(fake.Host).ApiVersion;
        var client = DockerClient.Connect(fake.Host, timeout: TimeSpan.FromMilliseconds(300));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<DockerException>(() => ContainerService.List(client));
        Assert.Equal(EngineErrorKind.Timeout, e.Kind);
        Assert.Contains("did not answer GET /v1.41/containers/json within 0.3 s", e.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "the timeout was not kept: " + watch.Elapsed);
    }

    [Fact]
    public void Cancelling_stops_a_request_in_flight()
    {
        using var fake = new FakeEngine("1.41", delay: null);
        using var cancel = new CancellationTokenSource();
        var client = DockerClient.Connect(fake.Host, cancel.Token);
        _ = client.ApiVersion;
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200)); // Ctrl+C while the engine keeps us waiting
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => ContainerService.List(client));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "the request was not stopped: " + watch.Elapsed);
    }

    [DockerFact]
    public void The_API_version_is_the_highest_both_sides_speak()
    {
        var client = DockerClient.Connect();
        string engine = DockerLab.Cli("version", "--format", "{{.Server.APIVersion}}");
        Version expected = Version.Parse(engine) < DockerClient.MaximumApiVersion ? Version.Parse(engine) : DockerClient.MaximumApiVersion;
        Assert.Equal(expected, client.ApiVersion);
        Assert.True(client.ApiVersion >= DockerClient.MinimumApiVersion);
    }

    [DockerFact]
    public void Requests_are_traced_and_a_feature_too_new_for_the_engine_is_refused_with_both_versions()
    {
        var lines = new List<string>();
        var client = DockerClient.Connect(trace: lines.Add);
        Assert.Throws<DockerException>(() => ContainerService.Get(client, "pscnt-no-such-container"));
        Assert.Contains(lines, l => l.Contains($"GET /v{client.ApiVersion.ToString(2)}/containers/pscnt-no-such-container/json"));

        var tooNew = new Version(99, 0);
        var e = Assert.Throws<DockerException>(() => client.RequireApi(tooNew, "time travel"));
        Assert.Equal(EngineErrorKind.NotSupported, e.Kind);
        Assert.Contains("time travel needs Docker API 99.0 or later", e.Message);
        Assert.Contains($"speaks {client.ApiVersion}", e.Message);
    }

}
