using System.Net;
using PSContainerNet.Engine.Diagnostics;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Tests.Namespaces;

/// <summary>Runs alone, so that any thread found outside the original namespace is one these tests left.</summary>
[CollectionDefinition(nameof(ThreadHygiene), DisableParallelization = true)]
public sealed class ThreadHygiene;

/// <summary>
/// The proof that namespace switching never leaks: heavy parallel work across many namespaces on the
/// thread pool, then every thread of the process (the engine's own dedicated ones included) must be back
/// in the namespace the process started in.
/// </summary>
[Collection(nameof(ThreadHygiene))]
public sealed class ThreadHygieneTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Threads_never_stay_in_another_namespace_after_500_operations_over_50_namespaces()
    {
        var names = Enumerable.Range(0, 50).Select(i => _sandbox.Name("t" + i)).ToList();
        foreach (string n in names)
        {
            NetNamespaceStore.Create(n);
        }

        Parallel.For(0, 500, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            var ns = NamespaceHandle.Resolve(names[i % 50]);
            switch (i % 3)
            {
                case 0:
                    LinkService.NewVeth(ns, "v" + i, "p" + i, null, new LinkOptions { Up = true });
                    break;
                case 1:
                    Assert.Contains(LinkService.List(ns), l => l.Name == "lo");
                    break;
                default:
                    LinkService.Set(ns, "lo", new LinkSettings { Up = true });
                    break;
            }
        });

        AssertEveryThreadIsHome();
        Assert.Equal(167, names.Sum(n => LinkService.List(NamespaceHandle.Resolve(n), new LinkFilter { Kind = "veth" }).Count) / 2);
    }

    [Fact]
    public void Pings_tcp_checks_and_sysctl_reads_in_parallel_leave_every_thread_home()
    {
        NamespaceHandle a = _sandbox.Host;
        NamespaceHandle b = _sandbox.NewNamespace("b");
        Sandbox.Wire(a, "ab", "10.98.1.1/24", b, "ba", "10.98.1.2/24");

        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            Assert.True(NetPing.Send(i % 2 == 0 ? a : b, IPAddress.Parse(i % 2 == 0 ? "10.98.1.2" : "10.98.1.1"), count: 1).Success);
            TcpProbe.Connect(a, IPAddress.Parse("10.98.1.2"), 9, TimeSpan.FromMilliseconds(500));
            NetSysctlService.Get(b);
        });

        AssertEveryThreadIsHome();
    }

    /// <summary>Dedicated threads have ended their work by now; give their OS threads a moment to exit.</summary>
    private static void AssertEveryThreadIsHome()
    {
        string home = $"net:[{NamespaceHandle.Current.Inode}]";
        List<string> Outside() => Directory.GetDirectories("/proc/self/task")
            .Select(t => (Task: t, Ns: Native.Libc.TryReadLink(t + "/ns/net")))
            .Where(t => t.Ns is not null && t.Ns != home)
            .Select(t => $"{Path.GetFileName(t.Task)} ({File.ReadAllText(t.Task + "/comm").Trim()}) in {t.Ns}")
            .ToList();

        Assert.True(SpinWait.SpinUntil(() => Outside().Count == 0, TimeSpan.FromSeconds(2)),
            "threads outside the original namespace: " + string.Join(", ", Outside()));
    }
}
