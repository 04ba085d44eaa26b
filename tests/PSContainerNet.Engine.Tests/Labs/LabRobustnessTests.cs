using System.Collections;
using PSContainerNet.Engine.Labs;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Tests.Docker;

namespace PSContainerNet.Engine.Tests.Labs;

/// <summary>
/// Labs under interruption, crashes, races and faults: a build stopped, killed or raced leaves nothing that Get-NetLab
/// and Remove-NetLab cannot find; an engine that is away or hangs is reported, never ignored, and never waited on twice.
/// </summary>
public sealed class LabRobustnessTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private string Lab(string suffix) => _sandbox.Prefix + suffix;

    private List<string> NamespacesOf(string lab) =>
        NetNamespaceStore.Names().Where(n => n.StartsWith(lab + "-", StringComparison.Ordinal)).ToList();

    /// <summary>A lab of <paramref name="count"/> nodes on one bridge, addressed, as New-NetLab takes it.</summary>
    private static Hashtable Star(string name, int count) => new()
    {
        ["Name"] = name,
        ["Nodes"] = Enumerable.Range(0, count + 1).ToDictionary(i => i == 0 ? "hub" : $"n{i}", _ => (object?)null)
            .Aggregate(new Hashtable(), (h, e) => { h[e.Key] = e.Value; return h; }),
        ["Bridges"] = new Hashtable { ["Node"] = "hub", ["Name"] = "br0", ["Address"] = "10.230.0.1/16" },
        ["Links"] = Enumerable.Range(1, count)
            .Select(i => (object)new Hashtable { ["Node"] = $"n{i}", ["Name"] = "eth0", ["Address"] = $"10.230.{i / 250}.{i % 250 + 2}/16", ["Bridge"] = "br0" })
            .ToArray(),
    };

    [Fact]
    public void A_namespace_a_killed_build_made_but_never_marked_is_found_and_removed_with_its_lab()
    {
        // The moment kill -9 leaves behind: the journal names the namespace, the namespace exists, no mark yet.
        string lab = Lab("killed");
        LabService.Build(LabDefinition.Parse(Star(lab, 1)));
        using (LabJournal journal = LabJournal.Lock(lab, "testing"))
        {
            journal.Namespace($"{lab}-n2", "n2");
        }

        NetNamespaceStore.Create($"{lab}-n2"); // lo down, no alias: only the journal knows it

        Assert.Equal(["hub", "n1", "n2"], LabService.Get(lab).Nodes.Select(n => n.Name));
        Assert.Equal(3, LabService.Remove(lab).Namespaces.Count);
        Assert.Empty(NamespacesOf(lab));
        Assert.Null(LabJournal.Read(lab));
        Assert.False(File.Exists($"{LabJournal.Folder}/{lab}.lock"));
    }

    [Fact]
    public void A_journal_of_namespaces_that_are_all_gone_is_no_lab()
    {
        string lab = Lab("stale");
        LabService.Build(LabDefinition.Parse(Star(lab, 1)));
        foreach (string name in NamespacesOf(lab))
        {
            Sandbox.Ip("netns delete " + name);
        }

        Assert.Empty(LabService.Find(lab));
        Assert.Equal(EngineErrorKind.NotFound, Assert.Throws<EngineException>(() => LabService.Get(lab)).Kind);
        LabService.Build(LabDefinition.Parse(Star(lab, 1))); // the name is free again
        Assert.Equal(2, LabService.Remove(lab).Namespaces.Count);
    }

    [Fact]
    public void Of_two_builds_of_one_lab_at_the_same_time_exactly_one_wins_and_the_other_says_why()
    {
        for (int round = 0; round < 3; round++)
        {
            string lab = Lab($"race{round}");
            using var start = new Barrier(2);
            var outcomes = new Exception?[2];
            var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
            {
                var definition = LabDefinition.Parse(Star(lab, 20));
                start.SignalAndWait();
                try
                {
                    LabService.Build(definition);
                }
                catch (Exception e)
                {
                    outcomes[i] = e;
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.Single(outcomes, o => o is null);
            var loser = Assert.IsType<EngineException>(Assert.Single(outcomes, o => o is not null));
            Assert.True(loser.Kind is EngineErrorKind.Busy or EngineErrorKind.AlreadyExists, loser.Message);
            Assert.Matches("being built or removed by another command|exists already", loser.Message);
            Assert.Equal(21, LabService.Get(lab).Nodes.Count);
            LabService.Remove(lab);
        }
    }

    [Fact]
    public void A_build_stopped_halfway_removes_everything_it_made_and_says_where_it_stopped()
    {
        string lab = Lab("stop");
        using var stop = new CancellationTokenSource();
        var e = Assert.Throws<OperationCanceledException>(() => LabService.Build(LabDefinition.Parse(Star(lab, 40)), (step, _, _) =>
        {
            if (step == 20)
            {
                stop.Cancel(); // Ctrl+C, as StopProcessing does it
            }
        }, stop.Token));

        Assert.Contains($"building lab '{lab}' was stopped at step", e.Message);
        Assert.Contains("everything it had made was removed", e.Message);
        Assert.Empty(NamespacesOf(lab));
        Assert.Empty(LabService.Find(lab));
        Assert.Null(LabJournal.Read(lab));
    }

    [Fact]
    public void Progress_that_throws_as_a_stopping_pipeline_does_undoes_the_build_and_passes_the_exception_on()
    {
        string lab = Lab("pipe");
        Assert.Throws<TimeoutException>(() => LabService.Build(LabDefinition.Parse(Star(lab, 30)), (step, _, _) =>
        {
            if (step == 15)
            {
                throw new TimeoutException("stand-in for PipelineStoppedException from WriteProgress");
            }
        }));

        Assert.Empty(NamespacesOf(lab));
        Assert.Empty(LabService.Find(lab));
    }

    [Fact]
    public void A_build_against_an_engine_that_is_not_there_fails_and_leaves_nothing()
    {
        string lab = Lab("nodock");
        Hashtable definition = Star(lab, 1);
        definition["Networks"] = new Hashtable { ["Name"] = "n", ["Subnet"] = "10.233.9.0/24" };

        var e = Assert.Throws<EngineException>(() =>
            LabService.Build(LabDefinition.Parse(definition), dockerHost: $"unix:///run/{_sandbox.Prefix}none.sock"));

        Assert.Equal(EngineErrorKind.ConnectionFailed, e.Kind);
        Assert.Contains("everything it had made was removed", e.Message);
        Assert.Empty(NamespacesOf(lab));
        Assert.Null(LabJournal.Read(lab)); // the engine never answered, so it made nothing to look for later
    }

    [Fact]
    public void An_engine_that_hangs_fails_the_build_within_the_bound_it_names_and_Remove_says_what_it_could_not_remove()
    {
        using var engine = new FakeEngine("1.41", delay: null); // answers /_ping, then never again
        string lab = Lab("hang");
        Hashtable definition = Star(lab, 1);
        definition["Networks"] = new Hashtable { ["Name"] = "n", ["Subnet"] = "10.233.10.0/24" };

        var e = Assert.Throws<EngineException>(() =>
            LabService.Build(LabDefinition.Parse(definition), dockerHost: engine.Host, dockerTimeout: TimeSpan.FromSeconds(1)));

        Assert.Equal(EngineErrorKind.Timeout, e.Kind);
        Assert.Contains("within 1 s", e.Message);
        // The rollback does not wait on the engine again: one request after /_ping, the one that hung.
        Assert.Single(engine.Requests, r => !r.Contains("/_ping", StringComparison.Ordinal));
        Assert.Contains("was not asked again for its containers and networks", e.Message);
        Assert.Empty(NamespacesOf(lab));

        // Its Docker objects may be there: the lab is still listed, and removing it says what it could not do.
        Assert.Equal(lab, Assert.Single(LabService.Find(lab)).Name);
        var removal = Assert.Throws<EngineException>(() => LabService.Remove(lab, TimeSpan.FromSeconds(1)));
        Assert.Equal(EngineErrorKind.Timeout, removal.Kind);
        Assert.Contains("but not its Docker containers and networks", removal.Message);
        Assert.Contains($"Remove-NetLab {lab} again", removal.Message);
        Assert.NotNull(LabJournal.Read(lab));
    }
}
