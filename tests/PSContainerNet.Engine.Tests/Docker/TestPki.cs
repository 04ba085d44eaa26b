using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PSContainerNet.Engine.Tests.Docker;

/// <summary>A throw-away CA with a server certificate for 127.0.0.1 and a client certificate, as dockerd's TLS setup has.</summary>
internal sealed class TestPki : IDisposable
{
    private readonly List<string> _folders = [];

    public TestPki()
    {
        Ca = NewCa("pscnt test CA");
        Server = Issue(Ca, "pscnt engine", server: true);
        Client = Issue(Ca, "pscnt client", server: false);
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public static X509Certificate2 NewCa(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A DOCKER_CERT_PATH folder: ca.pem (the CA to trust), cert.pem and key.pem (this client).</summary>
    public string WriteClientFolder(X509Certificate2 trustedCa)
    {
        string folder = Directory.CreateTempSubdirectory("pscnt-certs").FullName;
        _folders.Add(folder);
        File.WriteAllText(Path.Combine(folder, "ca.pem"), trustedCa.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "cert.pem"), Client.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "key.pem"), Client.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return folder;
    }

    public void Dispose()
    {
        foreach (string folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string name, bool server)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        byte[] serial = RandomNumberGenerator.GetBytes(8);
        using X509Certificate2 issued = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        // Through PKCS#12 so SslStream gets a certificate whose key it can use.
        return new X509Certificate2(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12));
    }
}

/// <summary>A TLS listener on loopback that answers /_ping the way dockerd does (API 1.43), one connection at a time.</summary>
internal sealed class TlsPingServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public TlsPingServer(X509Certificate2 certificate)
    {
        _listener.Start();
        _serving = Task.Run(() => Serve(certificate));
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public bool SawClientCertificate { get; private set; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // stopped while accepting
        }
    }

    private async Task Serve(X509Certificate2 certificate)
    {
        while (!_stop.IsCancellationRequested)
        {
            using TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
            try
            {
                await using var tls = new SslStream(client.GetStream(), false, (_, cert, _, _) =>
                {
                    SawClientCertificate |= cert is not null;
                    return true;
                });
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateRequired = true,
                }, _stop.Token);
                var request = new StringBuilder();
                var buffer = new byte[1024];
                while (!request.ToString().Contains("\r\n\r\n"))
                {
                    int n = await tls.ReadAsync(buffer, _stop.Token);
                    if (n == 0)
                    {
                        break;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }

                await tls.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nApi-Version: 1.43\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK"), _stop.Token);
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
            {
                // A client that refused our certificate: the test looks at the client's side.
            }
        }
    }
}
