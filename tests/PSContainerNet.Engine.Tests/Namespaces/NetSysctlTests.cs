using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Tests.Namespaces;

public sealed class NetSysctlTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private string InNamespace(string path) => Sandbox.Ip($"netns exec {_sandbox.Name("host")} cat {path}").Trim();

    [Fact]
    public void Lab_settings_of_a_fresh_namespace_read_like_its_proc_sys()
    {
        var settings = NetSysctlService.Get(_sandbox.Host);
        Assert.Equal(NetSysctlService.LabSettings, settings.Select(s => s.Name));
        // A new namespace copies the root's IPv4 settings (forwarding is on wherever Docker runs).
        Assert.Equal(InNamespace("/proc/sys/net/ipv4/ip_forward"), settings.Single(s => s.Name == "net.ipv4.ip_forward").Value);
        Assert.All(settings, s => Assert.Equal(_sandbox.Name("host"), s.Namespace));
    }

    [Fact]
    public void Forwarding_is_set_in_that_namespace_only()
    {
        string hostForwarding = File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim();

        NetSysctl set = NetSysctlService.Set(_sandbox.Host, "net.ipv4.ip_forward", "1");
        NetSysctlService.Set(_sandbox.Host, "net.ipv6.conf.all.forwarding", "1");

        Assert.Equal("1", set.Value);
        Assert.Equal("1", InNamespace("/proc/sys/net/ipv4/ip_forward"));
        Assert.Equal("1", InNamespace("/proc/sys/net/ipv6/conf/all/forwarding"));
        Assert.Equal(hostForwarding, File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim());
    }

    [Fact]
    public void Wildcards_expand_per_interface_and_dotted_interface_names_use_a_slash()
    {
        LinkService.NewVeth(_sandbox.Host, "v.10", "v10peer", null, new LinkOptions());

        var rp = NetSysctlService.Get(_sandbox.Host, ["net.ipv4.conf.*.rp_filter"]).Select(s => s.Name).ToList();
        Assert.Contains("net.ipv4.conf.all.rp_filter", rp);
        Assert.Contains("net.ipv4.conf.lo.rp_filter", rp);
        Assert.Contains("net.ipv4.conf.v/10.rp_filter", rp);

        NetSysctlService.Set(_sandbox.Host, "net.ipv4.conf.v/10.proxy_arp", "1");
        Assert.Equal("1", InNamespace("/proc/sys/net/ipv4/conf/v.10/proxy_arp"));
        Assert.Equal("1", NetSysctlService.Get(_sandbox.Host, ["net/ipv4/conf/v.10/proxy_arp"]).Single().Value);
    }

    [Theory]
    [InlineData("kernel.hostname", EngineErrorKind.InvalidArgument, "only net.* settings belong to a network namespace")]
    [InlineData("net.ipv4.no_such_setting", EngineErrorKind.NotFound, "there is no setting 'net.ipv4.no_such_setting'")]
    [InlineData("net.ipv4.../../kernel", EngineErrorKind.InvalidArgument, "not a net.* setting")]
    public void Bad_names_are_refused(string name, EngineErrorKind kind, string message)
    {
        var e = Assert.Throws<EngineException>(() => NetSysctlService.Get(_sandbox.Host, [name]));
        Assert.Equal(kind, e.Kind);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_value_the_kernel_refuses_is_an_invalid_argument()
    {
        var e = Assert.Throws<EngineException>(() => NetSysctlService.Set(_sandbox.Host, "net.ipv4.conf.all.rp_filter", "banana"));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("the kernel refused it", e.Message);
    }
}
