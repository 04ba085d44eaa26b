using System.Collections;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Labs;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Nftables;

namespace PSContainerNet.Engine.Tests.Labs;

/// <summary>Compare-NetLab and Set-NetLab's engine: a running lab against a definition, and the differences made or undone.</summary>
public sealed class LabChangesTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private static string Line(NetLabChange c) => $"{c.Action} {c.Part} {c.Where} {c.Name}";

    private static NamespaceHandle Ns(string lab, string node) => NamespaceHandle.Resolve(LabDefinition.NamespaceOf(lab, node));

    [Fact]
    public void A_lab_just_built_matches_its_definition_NAT_bridge_sysctls_and_routes_included()
    {
        foreach (var (suffix, make) in new (string, Func<string, Hashtable>)[] { ("nat", LabServiceTests.NatLab), ("br", LabServiceTests.BridgeLab) })
        {
            string lab = LabServiceTests.BuildIn(_sandbox, suffix, make(_sandbox.Prefix + suffix));
            Assert.Empty(LabChanges.Compare(LabDefinition.Parse(make(lab))));
        }
    }

    [Fact]
    public void Drift_made_by_hand_is_reported_part_by_part()
    {
        string lab = LabServiceTests.BuildIn(_sandbox, "drift", LabServiceTests.NatLab(_sandbox.Prefix + "drift"));
        AddressService.Remove(Ns(lab, "wan"), "eth0", IPPrefix.Parse("10.200.0.2/24"));
        NetSysctlService.Set(Ns(lab, "router"), "net.ipv4.ip_forward", "0");
        NatService.Remove(Ns(lab, "router"), NatService.List(Ns(lab, "router")).Where(r => r.Action == NatAction.Masquerade));
        LinkService.NewBridge(Ns(lab, "wan"), "extra", new BridgeOptions(), new LinkOptions());

        var drift = LabChanges.Compare(LabDefinition.Parse(LabServiceTests.NatLab(lab)));

        Assert.Equal(
            ["Remove Bridge wan extra", "Modify Sysctl router net.ipv4.ip_forward", "Add Address wan 10.200.0.2/24 on eth0", "Modify Nat router rules"],
            drift.Select(Line));
        NetLabChange forwarding = drift.Single(c => c.Part == NetLabPart.Sysctl);
        Assert.Equal(("0", "1", "0 -> 1"), (forwarding.From, forwarding.To, forwarding.Detail));
        Assert.All(drift, c => Assert.False(c.Applied));
    }

    [Fact]
    public void Applying_makes_only_the_differences_in_build_order_and_then_nothing_differs()
    {
        string lab = LabServiceTests.BuildIn(_sandbox, "grow", LabServiceTests.BridgeLab(_sandbox.Prefix + "grow"));
        int box1Index = LinkService.Get(Ns(lab, "box1"), "eth0").Index;
        Hashtable grown = LabServiceTests.BridgeLab(lab);
        ((Hashtable)grown["Nodes"]!)["box3"] = null;
        grown["Links"] = ((object[])grown["Links"]!).Append(new Hashtable { ["Node"] = "box3", ["Name"] = "eth0", ["Address"] = "172.31.0.4/24", ["Bridge"] = "br0" }).ToArray();
        ((Hashtable)((object[])grown["Bridges"]!)[0])["Stp"] = true;
        var steps = new List<string>();

        var changes = LabChanges.Apply(LabDefinition.Parse(grown), _ => true, (i, total, what) => steps.Add(what));

        Assert.Equal(
            ["Add Node box3 box3", "Modify Bridge host br0", "Add Link box3 box3:eth0 <-> host:box3-eth0", "Add Address box3 172.31.0.4/24 on eth0"],
            changes.Select(Line));
        Assert.All(changes, c => Assert.True(c.Applied));
        Assert.Equal(changes.Count, steps.Count);
        Assert.Equal(true, LinkService.Get(Ns(lab, "host"), "br0").KindProperties["Stp"]);
        Assert.Equal(box1Index, LinkService.Get(Ns(lab, "box1"), "eth0").Index); // untouched, not remade
        Assert.Equal("br0", LinkService.Get(Ns(lab, "host"), "box3-eth0").Master);
        Assert.Empty(LabChanges.Compare(LabDefinition.Parse(grown)));
    }

    [Fact]
    public void Nothing_is_made_when_the_plan_is_declined()
    {
        string lab = LabServiceTests.BuildIn(_sandbox, "ask", LabServiceTests.BridgeLab(_sandbox.Prefix + "ask"));
        Hashtable fewer = LabServiceTests.BridgeLab(lab);
        fewer["Routes"] = Array.Empty<object>();
        IReadOnlyList<NetLabChange>? seen = null;

        var changes = LabChanges.Apply(LabDefinition.Parse(fewer), plan => { seen = plan; return false; });

        Assert.Same(seen, changes);
        Assert.Equal(["Remove Route box1 0.0.0.0/0", "Remove Route box2 0.0.0.0/0"], changes.Select(Line));
        Assert.Equal(2, LabChanges.Compare(LabDefinition.Parse(fewer)).Count);
    }

    [Fact]
    public void A_step_that_fails_undoes_the_steps_before_it_newest_first()
    {
        string lab = LabServiceTests.BuildIn(_sandbox, "undo", LabServiceTests.NatLab(_sandbox.Prefix + "undo"));
        Hashtable broken = LabServiceTests.NatLab(lab);
        ((Hashtable)broken["Nodes"]!)["extra"] = null;
        broken["Routes"] = new object[]
        {
            new Hashtable { ["Node"] = "extra", ["Destination"] = "10.99.0.0/16", ["Gateway"] = "10.250.0.1" }, // on no link of extra
        };

        var e = Assert.Throws<EngineException>(() => LabChanges.Apply(LabDefinition.Parse(broken), _ => true));

        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Matches(@"^changing lab '.*' failed at step 3 of 3 \(add route 10\.99\.0\.0/16 in extra .*the 2 step\(s\) it had made were undone$", e.Message);
        Assert.Empty(LabChanges.Compare(LabDefinition.Parse(LabServiceTests.NatLab(lab))));
        Assert.False(File.Exists(NetNamespaceStore.PathOf(LabDefinition.NamespaceOf(lab, "extra"))));
    }

    [Fact]
    public void A_change_stopped_midway_like_Ctrl_C_is_undone()
    {
        string lab = LabServiceTests.BuildIn(_sandbox, "stop", LabServiceTests.BridgeLab(_sandbox.Prefix + "stop"));
        Hashtable grown = LabServiceTests.BridgeLab(lab);
        ((Hashtable)grown["Nodes"]!)["box3"] = null;
        grown["Links"] = ((object[])grown["Links"]!).Append(new Hashtable { ["Node"] = "box3", ["Name"] = "eth0", ["Address"] = "172.31.0.4/24", ["Bridge"] = "br0" }).ToArray();
        using var stop = new CancellationTokenSource();

        var e = Assert.Throws<OperationCanceledException>(() =>
            LabChanges.Apply(LabDefinition.Parse(grown), _ => true, (step, _, _) => { if (step == 2) stop.Cancel(); }, stop.Token));

        Assert.Matches(@"^changing lab '.*' was stopped at step 3 of 3 \(add address .*\); the 2 step\(s\) it had made were undone$", e.Message);
        Assert.Empty(LabChanges.Compare(LabDefinition.Parse(LabServiceTests.BridgeLab(lab))));
    }

    [Fact]
    public void A_lab_that_is_not_there_is_not_compared()
    {
        var e = Assert.Throws<EngineException>(() => LabChanges.Compare(LabDefinition.Parse(LabServiceTests.BridgeLab(_sandbox.Prefix + "none"))));
        Assert.Equal(EngineErrorKind.NotFound, e.Kind);
        Assert.False(File.Exists($"/run/pscontainernet/labs/{_sandbox.Prefix}none.lock"), "the lock taken to compare stays behind");
    }
}
