using System.Collections.Concurrent;
using PSContainerNet.Engine.Labs;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Tests.Labs;

/// <summary>The lab build's scheduler, without a kernel: dependencies, overlap, failures, and the calling thread.</summary>
public sealed class LabStepsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void A_step_starts_only_after_every_earlier_step_that_gives_what_it_needs_has_ended()
    {
        var log = new ConcurrentQueue<string>();
        LabStep Step(string name, LabKey[] needs, LabKey[] gives) =>
            new(name, needs, gives, () => { log.Enqueue("start " + name); Thread.Sleep(5); log.Enqueue("end " + name); });

        var result = LabSteps.Run(
        [
            Step("a", [], [LabKey.NodeOf("a")]),
            Step("b", [], [LabKey.NodeOf("b")]),
            Step("veth", [LabKey.NodeOf("a"), LabKey.NodeOf("b")], [LabKey.LinksOf("a"), LabKey.LinksOf("b")]),
            Step("route", [LabKey.NodeOf("a"), LabKey.LinksOf("a")], []),
        ], null);

        Assert.Null(result);
        var order = log.ToList();
        Assert.True(order.IndexOf("start veth") > Math.Max(order.IndexOf("end a"), order.IndexOf("end b")));
        Assert.True(order.IndexOf("start route") > order.IndexOf("end veth"));
    }

    [Fact]
    public void Independent_steps_run_at_the_same_time_when_there_is_more_than_one_processor()
    {
        if (Environment.ProcessorCount < 2)
        {
            return; // one processor: steps run one by one, by design
        }

        // Each step waits for the other at a barrier: only steps that really run together both get past it.
        using var barrier = new Barrier(2);
        var passed = new ConcurrentBag<bool>();
        var onPool = new ConcurrentBag<bool>();
        void Meet()
        {
            onPool.Add(Thread.CurrentThread.IsThreadPoolThread);
            passed.Add(barrier.SignalAndWait(Patience));
        }

        var result = LabSteps.Run([new LabStep("a", [], [LabKey.NodeOf("a")], Meet), new LabStep("b", [], [LabKey.NodeOf("b")], Meet)], null);

        Assert.Null(result);
        Assert.Equal([true, true], passed);
        Assert.Equal([false, false], onPool); // blocking steps never hold the thread pool's threads
    }

    [Fact]
    public void A_failure_starts_nothing_that_waits_on_it_and_returns_once_the_running_steps_have_ended()
    {
        var ended = new ConcurrentBag<string>();
        using var bothStarted = new Barrier(Math.Min(2, Environment.ProcessorCount));
        var result = LabSteps.Run(
        [
            new LabStep("fails", [], [LabKey.NodeOf("a")], () =>
            {
                bothStarted.SignalAndWait(Patience);
                throw new EngineException(EngineErrorKind.Other, "no");
            }),
            new LabStep("slow", [], [LabKey.NodeOf("b")], () =>
            {
                bothStarted.SignalAndWait(Patience);
                Thread.Sleep(200);
                ended.Add("slow");
            }),
            new LabStep("later", [], [LabKey.NodeOf("c")], () => ended.Add("later")),
            new LabStep("dependent", [LabKey.NodeOf("a")], [], () => ended.Add("dependent")),
        ], null);

        Assert.NotNull(result);
        Assert.Equal(0, result.Value.Step);
        Assert.Equal("no", result.Value.Error.SourceException.Message);
        Assert.DoesNotContain("dependent", ended);
        if (Environment.ProcessorCount >= 2)
        {
            Assert.Contains("slow", ended); // it had started, so it finished before Run returned
        }

        if (Environment.ProcessorCount == 2)
        {
            Assert.DoesNotContain("later", ended); // both places were taken when the failure came: nothing new began
        }
    }

    [Fact]
    public void Progress_is_heard_on_the_calling_thread_once_per_step()
    {
        int caller = Environment.CurrentManagedThreadId;
        var heard = new List<(int Current, int Total, string What, int Thread)>();
        LabSteps.Run(
            Enumerable.Range(0, 6).Select(i => new LabStep($"s{i}", [], [LabKey.NodeOf($"{i}")], () => Thread.Sleep(2))).ToList(),
            (current, total, what) => heard.Add((current, total, what, Environment.CurrentManagedThreadId)));

        Assert.Equal(6, heard.Count);
        Assert.All(heard, h => Assert.Equal(caller, h.Thread));
        Assert.Equal(Enumerable.Range(1, 6), heard.Select(h => h.Current));
        Assert.All(heard, h => Assert.Equal(6, h.Total));
    }

    [Fact]
    public void A_traced_build_runs_every_step_in_plan_order_on_the_calling_thread()
    {
        int caller = Environment.CurrentManagedThreadId;
        var ran = new List<(string Name, int Thread)>();
        using (NetlinkTrace.To(_ => { }))
        {
            LabSteps.Run(
                Enumerable.Range(0, 4).Select(i => new LabStep($"s{i}", [], [LabKey.NodeOf($"{i}")], () => ran.Add(($"s{i}", Environment.CurrentManagedThreadId)))).ToList(),
                null);
        }

        Assert.Equal(["s0", "s1", "s2", "s3"], ran.Select(r => r.Name));
        Assert.All(ran, r => Assert.Equal(caller, r.Thread));
    }

    [Fact]
    public void A_need_for_a_node_or_bridge_that_no_earlier_step_gives_is_refused_before_anything_runs()
    {
        bool ran = false;
        var e = Assert.Throws<InvalidOperationException>(() => LabSteps.Run(
        [
            new LabStep("a", [], [LabKey.NodeOf("a")], () => ran = true),
            new LabStep("port of br0", [LabKey.NodeOf("a"), LabKey.BridgeOf("a", "bro")], [LabKey.LinksOf("a")], () => ran = true),
        ], null));

        Assert.Contains("needs bridge a/bro", e.Message);
        Assert.False(ran);
    }

    [Fact]
    public void A_need_for_a_nodes_links_may_have_no_giver()
    {
        bool ran = false;
        Assert.Null(LabSteps.Run([new LabStep("a", [], [LabKey.NodeOf("a")], () => { }), new LabStep("route", [LabKey.NodeOf("a"), LabKey.LinksOf("a")], [], () => ran = true)], null));
        Assert.True(ran);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_cancelled_run_starts_no_new_step_and_names_the_next_one_as_stopped(bool traced)
    {
        using var cancel = new CancellationTokenSource();
        var ran = new ConcurrentBag<int>();
        var steps = Enumerable.Range(0, 8).Select(i => new LabStep($"s{i}", i == 0 ? [] : [LabKey.NodeOf($"{i - 1}")], [LabKey.NodeOf($"{i}")], () =>
        {
            ran.Add(i);
            if (i == 2)
            {
                cancel.Cancel();
            }
        })).ToList();

        using (traced ? NetlinkTrace.To(_ => { }) : null)
        {
            var result = LabSteps.Run(steps, null, cancel.Token);
            Assert.NotNull(result);
            Assert.Equal(3, result.Value.Step);
            Assert.IsType<OperationCanceledException>(result.Value.Error.SourceException);
        }

        Assert.Equal([0, 1, 2], ran.Order());
    }

    [Fact]
    public void Progress_that_throws_ends_the_run_after_the_running_steps_end()
    {
        var ended = new ConcurrentBag<int>();
        var steps = Enumerable.Range(0, 6).Select(i => new LabStep($"s{i}", [], [LabKey.NodeOf($"{i}")], () => { Thread.Sleep(50); ended.Add(i); })).ToList();
        int heard = 0;
        Assert.Throws<TimeoutException>(() => LabSteps.Run(steps, (_, _, _) =>
        {
            if (++heard == 3)
            {
                throw new TimeoutException("the pipeline is stopping");
            }
        }));

        // Whatever started has ended by the time the exception reaches the caller, so a rollback sees all of it.
        int count = ended.Count;
        Thread.Sleep(150);
        Assert.Equal(count, ended.Count);
    }
}
