using System.Diagnostics;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Tests.Namespaces;

public sealed class NetNamespaceStoreTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Created_namespace_is_seen_by_iproute2_and_is_empty_but_for_lo()
    {
        string name = _sandbox.Name("a");
        NetNamespace ns = NetNamespaceStore.Create(name);

        Assert.Equal(name, ns.Name);
        Assert.Equal("/run/netns/" + name, ns.Path);
        Assert.NotNull(ns.Inode);
        Assert.False(ns.IsCurrent);
        Assert.Contains(name, Sandbox.Ip("netns list"));
        Assert.Equal(["lo"], LinkService.List(NamespaceHandle.Resolve(name)).Select(l => l.Name));
        Assert.NotEqual(NamespaceHandle.Current.Inode, ns.Inode);
    }

    [Fact]
    public void Namespace_made_by_iproute2_is_listed_and_usable()
    {
        string name = _sandbox.Name("ipmade");
        Sandbox.Ip("netns add " + name);

        NetNamespace ns = Assert.Single(NetNamespaceStore.List(), n => n.Name == name);
        Assert.NotNull(ns.Inode);
        LinkService.NewBridge(NamespaceHandle.Resolve(name), "br0", new BridgeOptions(), new LinkOptions());
        Assert.Contains("br0", Sandbox.Ip("-br link", name));
    }

    [Fact]
    public void Removed_namespace_is_gone_for_iproute2_and_frees_its_links()
    {
        string name = _sandbox.Name("gone");
        NetNamespaceStore.Create(name);
        var ns = NamespaceHandle.Resolve(name);
        // A veth with one end in the sandbox host: deleting the namespace must delete the pair.
        LinkService.NewVeth(_sandbox.Host, "toGone", "eth0", ns, new LinkOptions());

        NetNamespaceStore.Remove(name);

        Assert.DoesNotContain(name, Sandbox.Ip("netns list"));
        Assert.False(File.Exists("/run/netns/" + name));
        Assert.True(SpinWait.SpinUntil(() => LinkService.List(_sandbox.Host).All(l => l.Name != "toGone"), TimeSpan.FromSeconds(10)),
            "the veth end in the host should vanish with the namespace");
    }

    [Fact]
    public void Duplicate_name_is_refused_and_leaves_the_first_untouched()
    {
        string name = _sandbox.Name("dup");
        NetNamespace first = NetNamespaceStore.Create(name);

        var e = Assert.Throws<EngineException>(() => NetNamespaceStore.Create(name));

        Assert.Equal(EngineErrorKind.AlreadyExists, e.Kind);
        Assert.Contains($"'{name}' already exists", e.Message);
        Assert.Equal(first.Inode, NetNamespaceStore.Get(name).Inode);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\0b")]
    public void Invalid_names_are_refused_before_anything_is_made(string name)
    {
        var e = Assert.Throws<EngineException>(() => NetNamespaceStore.Create(name));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void Unknown_namespace_gives_not_found_naming_it()
    {
        string name = _sandbox.Name("missing");
        var e = Assert.Throws<EngineException>(() => NamespaceHandle.Resolve(name));
        Assert.Equal(EngineErrorKind.NotFound, e.Kind);
        Assert.Contains($"'{name}' does not exist", e.Message);
        Assert.Equal(EngineErrorKind.NotFound, Assert.Throws<EngineException>(() => NetNamespaceStore.Remove(name)).Kind);
    }

    [Fact]
    public void Process_namespace_is_registered_under_a_name_like_ip_netns_attach()
    {
        // A process in its own namespace, as a container's would be.
        string hidden = _sandbox.Name("hidden");
        Sandbox.Ip("netns add " + hidden);
        using var sleeper = Process.Start("ip", ["netns", "exec", hidden, "sleep", "60"])!;
        try
        {
            string expectedInode = Sandbox.Ip("netns exec " + hidden + " readlink /proc/self/ns/net").Trim();
            SpinWait.SpinUntil(() => File.ReadAllText($"/proc/{sleeper.Id}/comm").Trim() == "sleep", TimeSpan.FromSeconds(5));
            Sandbox.Ip("netns delete " + hidden); // now only the process holds it

            string name = _sandbox.Name("box1");
            NetNamespace ns = NetNamespaceStore.Register(name, sleeper.Id);

            Assert.Equal($"net:[{ns.Inode}]", expectedInode);
            Assert.Contains(name, Sandbox.Ip("netns list"));
            Assert.Equal(ns.Inode, NamespaceHandle.Resolve($"/proc/{sleeper.Id}/ns/net").Inode);
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [Fact]
    public void Registering_a_process_that_does_not_exist_is_not_found_and_leaves_no_file()
    {
        string name = _sandbox.Name("nopid");
        var e = Assert.Throws<EngineException>(() => NetNamespaceStore.Register(name, int.MaxValue));
        Assert.Equal(EngineErrorKind.NotFound, e.Kind);
        Assert.False(File.Exists("/run/netns/" + name));
    }

    [Fact]
    public void Netns_id_matches_iproute2()
    {
        string name = _sandbox.Name("ids");
        NetNamespaceStore.Create(name);
        Assert.Null(NetNamespaceStore.Get(name).NetNsId);

        Sandbox.Ip($"netns set {name} auto");
        int? id = NetNamespaceStore.Get(name).NetNsId;

        Assert.NotNull(id);
        Assert.Contains($"{name} (id: {id})", Sandbox.Ip("netns list"));
    }

    [Fact]
    public void Removing_a_namespace_closes_the_socket_held_in_it()
    {
        string name = _sandbox.Name("sock");
        NetNamespaceStore.Create(name);
        var ns = NamespaceHandle.Resolve(name);
        LinkService.List(ns);
        Assert.True(NetlinkSockets.Holds(ns.Inode));

        NetNamespaceStore.Remove(name);

        Assert.False(NetlinkSockets.Holds(ns.Inode));
    }

    [Fact]
    public void Creating_a_namespace_without_privilege_says_what_is_needed_and_leaves_no_file()
    {
        string name = _sandbox.Name("noperm");
        var e = Privilege.WithoutCapabilities(() => Assert.Throws<EngineException>(() => NetNamespaceStore.Create(name)));

        Assert.Equal(EngineErrorKind.PermissionDenied, e.Kind);
        Assert.Contains("CAP_SYS_ADMIN", e.Message);
        Assert.False(File.Exists("/run/netns/" + name));
    }

    [Fact]
    public void Namespace_deleted_by_iproute2_is_released_by_the_next_listing() =>
        AssertLetGoAfterIproute2Deletes("ipdel", "toIpDel", _ => NetNamespaceStore.List());

    [Fact]
    public void Namespace_deleted_by_iproute2_is_let_go_when_its_name_is_next_not_found() =>
        // A cmdlet naming the namespace answers NotFound; from then on the module must not keep it alive.
        AssertLetGoAfterIproute2Deletes("gone", "toGone", name =>
            Assert.Equal(EngineErrorKind.NotFound, Assert.Throws<EngineException>(() => NamespaceHandle.Resolve(name)).Kind));

    /// <summary>
    /// Our socket would keep a namespace, and so the veth end in the host, alive: after `ip netns delete` and
    /// <paramref name="notice"/>, the module must hold nothing in it and the host end must go.
    /// </summary>
    private void AssertLetGoAfterIproute2Deletes(string suffix, string hostEnd, Action<string> notice)
    {
        string name = _sandbox.Name(suffix);
        NetNamespaceStore.Create(name);
        var ns = NamespaceHandle.Resolve(name);
        LinkService.NewVeth(_sandbox.Host, hostEnd, "eth0", ns, new LinkOptions());
        Assert.True(NetlinkSockets.Holds(ns.Inode));

        Sandbox.Ip("netns delete " + name);
        notice(name);

        Assert.False(NetlinkSockets.Holds(ns.Inode));
        Assert.True(SpinWait.SpinUntil(() => LinkService.List(_sandbox.Host).All(l => l.Name != hostEnd), TimeSpan.FromSeconds(10)),
            "the host end should vanish once nothing holds the namespace");
    }

    [Fact]
    public void A_name_is_all_that_holds_a_namespace_until_a_process_or_another_name_does()
    {
        string name = _sandbox.Name("held");
        NetNamespaceStore.Create(name);
        Assert.True(NetNamespaceStore.HeldOnlyByName(name));

        // A second name for the same namespace, made the way iproute2 makes names (a bind mount).
        string alias = NetNamespaceStore.PathOf(_sandbox.Name("alias"));
        File.WriteAllText(alias, string.Empty);
        Sandbox.Oracle(["mount", "--bind", NetNamespaceStore.PathOf(name), alias]);
        Assert.False(NetNamespaceStore.HeldOnlyByName(name));
        NetNamespaceStore.Remove(_sandbox.Name("alias"));
        Assert.True(NetNamespaceStore.HeldOnlyByName(name));

        using var sleeper = System.Diagnostics.Process.Start("ip", ["netns", "exec", name, "sleep", "30"]);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (NetNamespaceStore.HeldOnlyByName(name) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20); // until sleep runs in the namespace
            }

            Assert.False(NetNamespaceStore.HeldOnlyByName(name));
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }

        Assert.True(NetNamespaceStore.HeldOnlyByName(name));
    }
}
