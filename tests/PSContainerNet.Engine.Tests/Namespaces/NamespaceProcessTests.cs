using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Tests.Namespaces;

public sealed class NamespaceProcessTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public NamespaceProcessTests()
    {
        LinkService.NewVeth(_sandbox.Host, "x0", "x0peer", null, new LinkOptions());
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Without_privilege_it_is_PermissionDenied_not_an_exit_code()
    {
        var e = Privilege.WithoutCapabilities(() =>
            Assert.Throws<EngineException>(() => NamespaceProcess.Run(_sandbox.Host, "ip", ["link"])));

        Assert.Equal(EngineErrorKind.PermissionDenied, e.Kind);
        Assert.Contains("needs CAP_SYS_ADMIN", e.Message);
    }

    [Fact]
    public void Runs_inside_the_namespace_and_returns_output_and_exit_code()
    {
        var result = NamespaceProcess.Run(_sandbox.Host, "ip", ["-br", "link"]);

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Success);
        Assert.Equal(_sandbox.Name("host"), result.Namespace);
        var names = result.Output.Select(l => l.Split(' ')[0].Split('@')[0]).Order().ToList();
        Assert.Equal(["lo", "x0", "x0peer"], names);
    }

    [Fact]
    public void Sys_shows_the_namespace_interfaces_like_ip_netns_exec()
    {
        var result = NamespaceProcess.Run(_sandbox.Host, "ls", ["/sys/class/net"]);
        Assert.Equal(["lo", "x0", "x0peer"], result.Output.Order());
    }

    [Fact]
    public void Exit_code_and_standard_error_are_kept_and_the_host_mounts_are_untouched()
    {
        var result = NamespaceProcess.Run(_sandbox.Host, "sh", ["-c", "echo oops >&2; exit 3"]);
        Assert.Equal(3, result.ExitCode);
        Assert.False(result.Success);
        Assert.Equal(["oops"], result.ErrorOutput);
        Assert.Contains("eth0", Directory.GetDirectories("/sys/class/net").Select(Path.GetFileName));
    }

    [Fact]
    public void Lines_stream_to_the_callback_as_they_come()
    {
        var seen = new List<string>();
        NamespaceProcess.Run(_sandbox.Host, "sh", ["-c", "echo one; echo two"], onOutput: line => { lock (seen) { seen.Add(line); } });
        Assert.Equal(["one", "two"], seen);
    }

    [Fact]
    public void Timeout_stops_the_program()
    {
        var result = NamespaceProcess.Run(_sandbox.Host, "sleep", ["30"], timeout: TimeSpan.FromMilliseconds(300));
        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        Assert.True(result.Duration < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Etc_netns_files_are_bound_over_etc()
    {
        bool hadEtcNetns = Directory.Exists("/etc/netns");
        string dir = "/etc/netns/" + _sandbox.Name("host");
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(dir + "/hosts", "10.0.0.9 only-in-this-namespace\n");
            var result = NamespaceProcess.Run(_sandbox.Host, "cat", ["/etc/hosts"]);
            Assert.Equal(["10.0.0.9 only-in-this-namespace"], result.Output);
        }
        finally
        {
            Directory.Delete(hadEtcNetns ? dir : "/etc/netns", recursive: true);
        }
    }

    [Fact]
    public void Unknown_program_is_not_found_before_anything_runs()
    {
        var e = Assert.Throws<EngineException>(() => NamespaceProcess.Run(_sandbox.Host, "no-such-program-xyz", []));
        Assert.Equal(EngineErrorKind.NotFound, e.Kind);
        Assert.Contains("'no-such-program-xyz' is not on PATH", e.Message);
    }
}
