using System.Net;
using System.Net.Sockets;
using System.Text;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Tests.Docker;

/// <summary>The seeds' container labs through the engine: box1/box2, network modes, published ports, errors.</summary>
[Collection("docker")]
public sealed class ContainerServiceTests : IDisposable
{
    private readonly DockerLab _lab = new();

    public void Dispose() => _lab.Dispose();

    [DockerFact]
    public void Box1_and_box2_on_the_default_bridge_ping_by_IP_and_their_veths_are_docker0_ports()
    {
        Container box1 = _lab.Run("box1");
        Container box2 = _lab.Run("box2");
        Assert.Equal("running", box1.State);
        Assert.Contains(box1.NetworkMode, new[] { "default", "bridge" }); // engines before 23 say "default"
        Assert.True(box1.Pid > 0);
        Assert.Equal(DockerLab.Cli("inspect", "-f", "{{.State.Pid}}", box1.Name), box1.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DockerLab.Cli("inspect", "-f", "{{.NetworkSettings.IPAddress}}", box2.Name), box2.IPAddress);

        Assert.True(DockerLab.Pings(box1, box2.IPAddress!));
        Assert.True(DockerLab.Pings(box2, box1.IPAddress!));

        // The hidden namespaces, named the iproute2 way, and the veth pairs seen from both ends.
        NetNamespace named = NetNamespaceStore.Register(_lab.Name("box1"), box1.Pid);
        Assert.Equal(NamespaceHandle.Resolve(box1.Namespace).Inode, named.Inode);
        var ports = LinkService.List(NamespaceHandle.Current, new LinkFilter { Master = "docker0" });
        foreach (Container box in new[] { box1, box2 })
        {
            NetLink eth0 = LinkService.Get(NamespaceHandle.Resolve(box.Namespace), "eth0");
            Assert.Equal("veth", eth0.Kind);
            NetLink hostEnd = Assert.Single(ports, p => p.Name == eth0.PeerName);
            Assert.Equal(eth0.Index, hostEnd.PeerIndex);
            Assert.Equal($"eth0@if{hostEnd.Index}", eth0.DisplayName);
            Assert.Null(eth0.PeerNamespace); // the host end is in the current namespace
        }

        Assert.Equal("eth0", LinkService.Get(NamespaceHandle.Resolve(_lab.Name("box1")), "eth0").Name);
    }

    [DockerFact]
    public void Host_none_and_container_modes_share_or_isolate_the_namespace()
    {
        Container onHost = _lab.Run("host", network: "host");
        Container none = _lab.Run("none", network: "none");
        Container owner = _lab.Run("owner");
        Container sharer = _lab.Run("sharer", network: "container:" + owner.Name);

        Assert.Equal("host", onHost.NetworkMode);
        Assert.Equal(NamespaceHandle.Current.Inode, NamespaceHandle.Resolve(onHost.Namespace).Inode);
        Assert.Equal(["lo"], LinkService.List(NamespaceHandle.Resolve(none.Namespace)).Select(l => l.Name));
        Assert.DoesNotContain(none.Endpoints, e => e.IPAddress is not null);
        Assert.StartsWith("container:", sharer.NetworkMode);
        Assert.Equal(NamespaceHandle.Resolve(owner.Namespace).Inode, NamespaceHandle.Resolve(sharer.Namespace).Inode);
        Assert.Equal(LinkService.Get(NamespaceHandle.Resolve(owner.Namespace), "eth0").MacAddress,
            LinkService.Get(NamespaceHandle.Resolve(sharer.Namespace), "eth0").MacAddress);
    }

    [DockerFact]
    public void A_published_port_is_reachable_on_the_hosts_loopback()
    {
        int hostPort = 20000 + Random.Shared.Next(20000);
        Container web = _lab.Run("web", command: ["sh", "-c", "echo hello-from-box > /tmp/index.html && exec httpd -f -p 80 -h /tmp"],
            publish: [$"127.0.0.1:{hostPort}:80"]);
        PortMapping port = Assert.Single(web.Ports);
        Assert.Equal(new PortMapping(80, "tcp", "127.0.0.1", hostPort), port);

        string body = string.Empty;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!body.Contains("hello-from-box") && DateTime.UtcNow < deadline)
        {
            try
            {
                using var tcp = new TcpClient();
                tcp.Connect(IPAddress.Loopback, hostPort);
                using NetworkStream stream = tcp.GetStream();
                stream.Write(Encoding.ASCII.GetBytes("GET /index.html HTTP/1.0\r\n\r\n"));
                body = new StreamReader(stream).ReadToEnd();
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                Thread.Sleep(100); // httpd still starting: docker-proxy accepts, then resets the connection
            }
        }

        Assert.Contains("hello-from-box", body);
    }

    [DockerFact]
    public void Names_resolve_between_containers_on_a_user_network()
    {
        var net = _lab.Network("dns", "10.231.30.0/24");
        Container a = _lab.Run("dnsa", net.Name);
        Container b = _lab.Run("dnsb", net.Name, "10.231.30.20");

        // busybox's nslookup from the host, run in a's namespace against Docker's embedded DNS (127.0.0.11).
        NamespaceCommandResult lookup = NamespaceProcess.Run(NamespaceHandle.Resolve(a.Namespace), "busybox", ["nslookup", b.Name, "127.0.0.11"],
            TimeSpan.FromSeconds(10));
        Assert.True(lookup.Success, string.Join('\n', lookup.ErrorOutput));
        Assert.Contains(lookup.Output, l => l.Contains("10.231.30.20"));
    }

    [DockerFact]
    public void Get_lists_running_containers_and_with_all_the_stopped_ones_too()
    {
        _lab.Run("up");
        ContainerService.Create(_lab.Client, new ContainerSpec { Image = DockerLab.Image, Name = _lab.Name("down"), Command = ["true"], Start = false });

        Assert.Equal([_lab.Name("up")], ContainerService.List(_lab.Client, [_lab.Prefix + "*"]).Select(c => c.Name));
        var all = ContainerService.List(_lab.Client, [_lab.Prefix + "*"], all: true);
        Assert.Equal([_lab.Name("down"), _lab.Name("up")], all.Select(c => c.Name));
        Container down = all[0];
        Assert.Equal("created", down.State);
        Assert.Equal(0, down.Pid);
        Assert.Null(down.Namespace);
    }

    [DockerFact]
    public void A_container_that_cannot_start_is_removed_and_the_error_is_dockers()
    {
        var e = Assert.Throws<DockerException>(() => _lab.Run("broken", command: ["/no/such/program"]));
        Assert.Contains("/no/such/program", e.Message);
        Assert.Empty(ContainerService.List(_lab.Client, [_lab.Name("broken")], all: true));

        var unknown = Assert.Throws<DockerException>(() => ContainerService.Get(_lab.Client, _lab.Name("ghost")));
        Assert.Equal(EngineErrorKind.NotFound, unknown.Kind);
        Assert.Contains("No such container", unknown.Message);

        _lab.Run("twin");
        var twin = Assert.Throws<DockerException>(() => _lab.Run("twin"));
        Assert.Equal(EngineErrorKind.AlreadyExists, twin.Kind);
        Assert.Contains("already in use", twin.Message);

        var staticOnDefault = Assert.Throws<DockerException>(() => _lab.Run("fixed", ip: "172.17.250.250"));
        Assert.Contains("user specified IP address is supported on user defined networks only", staticOnDefault.Message);
    }

    [DockerFact]
    public void Removing_a_running_container_needs_force()
    {
        Container box = _lab.Run("rm");
        var e = Assert.Throws<DockerException>(() => ContainerService.Remove(_lab.Client, box.Name, force: false));
        Assert.Equal(EngineErrorKind.Busy, e.Kind);
        ContainerService.Remove(_lab.Client, box.Name, force: true);
        Assert.Empty(ContainerService.List(_lab.Client, [box.Name], all: true));
    }

    [Theory]
    [InlineData("8080:80", 80, "tcp", null, 8080)]
    [InlineData("8080:80/udp", 80, "udp", null, 8080)]
    [InlineData("127.0.0.1:8080:80", 80, "tcp", "127.0.0.1", 8080)]
    [InlineData("127.0.0.1::80", 80, "tcp", "127.0.0.1", 0)]
    [InlineData("[::1]:8080:80/tcp", 80, "tcp", "::1", 8080)]
    [InlineData("80", 80, "tcp", null, 0)]
    public void Publish_specs_read_like_docker_run_p(string spec, int containerPort, string protocol, string? hostIp, int hostPort) =>
        Assert.Equal(new PortMapping(containerPort, protocol, hostIp, hostPort), ContainerService.ParsePublish(spec));

    [Theory]
    [InlineData("8080:http", "container port 'http' is not a port")]
    [InlineData("70000:80", "host port '70000' is not a port")]
    [InlineData("8080:80/icmp", "'icmp' is not a protocol")]
    [InlineData("1.2.3:8080:80", "'1.2.3' is not an IP address")]
    [InlineData("a:b:c:d", "too many ':'")]
    public void Bad_publish_specs_say_what_is_wrong(string spec, string expected)
    {
        var e = Assert.Throws<EngineException>(() => ContainerService.ParsePublish(spec));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(expected, e.Message);
    }
}
