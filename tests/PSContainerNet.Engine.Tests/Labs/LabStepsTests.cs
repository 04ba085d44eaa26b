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
        LabStep Step(string name, string[] needs, string[] gives) =>
            new(name, needs, gives, () => { log.Enqueue("start " + name); Thread.Sleep(5); log.Enqueue("end " + name); });

        var result = LabSteps.Run(
        [
            Step("a", [], ["node:a"]),
            Step("b", [], ["node:b"]),
            Step("veth", ["node:a", "node:b"], ["links:a", "links:b"]),
            Step("route", ["node:a", "links:a"], []),
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

        var result = LabSteps.Run([new LabStep("a", [], ["node:a"], Meet), new LabStep("b", [], ["node:b"], Meet)], null);

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
            new LabStep("fails", [], ["node:a"], () =>
            {
                bothStarted.SignalAndWait(Patience);
                throw new EngineException(EngineErrorKind.Other, "no");
            }),
            new LabStep("slow", [], ["node:b"], () =>
            {
                bothStarted.SignalAndWait(Patience);
                Thread.Sleep(200);
                ended.Add("slow");
            }),
            new LabStep("later", [], ["node:c"], () => ended.Add("later")),
            new LabStep("dependent", ["node:a"], [], () => ended.Add("dependent")),
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
            Enumerable.Range(0, 6).Select(i => new LabStep($"s{i}", [], [$"node:{i}"], () => Thread.Sleep(2))).ToList(),
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
                Enumerable.Range(0, 4).Select(i => new LabStep($"s{i}", [], [$"node:{i}"], () => ran.Add(($"s{i}", Environment.CurrentManagedThreadId)))).ToList(),
                null);
        }

        Assert.Equal(["s0", "s1", "s2", "s3"], ran.Select(r => r.Name));
        Assert.All(ran, r => Assert.Equal(caller, r.Thread));
    }
}
