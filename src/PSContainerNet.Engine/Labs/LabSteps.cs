using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Labs;

/// <summary>
/// One step of a lab build. <see cref="Needs"/> and <see cref="Gives"/> name what it depends on and what it makes
/// ("node:box1", "bridge:host/br0", "links:box1"): a step waits for every earlier step that gives something it needs.
/// </summary>
internal sealed record LabStep(string Description, string[] Needs, string[] Gives, Action Run);

/// <summary>
/// Runs a lab's steps in dependency order, independent ones at the same time (up to one per processor): the kernel
/// creates one namespace while it wires another's veth. The plan's order is itself a valid order, and it is the one
/// used when a netlink trace is on (-Verbose), so every message is seen, in order, on the calling thread.
/// </summary>
internal static class LabSteps
{
    /// <summary>
    /// Runs every step, or stops starting new ones at the first failure and waits for the running ones to end, so
    /// whatever they made is known to the caller's rollback. <paramref name="progress"/> hears of each step as it
    /// starts, always on the calling thread.
    /// </summary>
    /// <returns>The failed step's index and what it threw, or null when all ran.</returns>
    public static (int Step, ExceptionDispatchInfo Error)? Run(IReadOnlyList<LabStep> steps, Action<int, int, string>? progress)
    {
        int width = NetlinkTrace.Enabled ? 1 : Environment.ProcessorCount;
        return width == 1 ? RunInOrder(steps, progress) : RunConcurrently(steps, width, progress);
    }

    private static (int, ExceptionDispatchInfo)? RunInOrder(IReadOnlyList<LabStep> steps, Action<int, int, string>? progress)
    {
        for (int i = 0; i < steps.Count; i++)
        {
            progress?.Invoke(i + 1, steps.Count, steps[i].Description);
            try
            {
                steps[i].Run();
            }
            catch (Exception e)
            {
                return (i, ExceptionDispatchInfo.Capture(e));
            }
        }

        return null;
    }

    private static (int, ExceptionDispatchInfo)? RunConcurrently(IReadOnlyList<LabStep> steps, int width, Action<int, int, string>? progress)
    {
        var (waitingOn, dependents) = Dependencies(steps);
        var ready = new PriorityQueue<int, int>(); // lowest plan index first: the build reads like the plan
        for (int i = 0; i < steps.Count; i++)
        {
            if (waitingOn[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        using var toRun = new BlockingCollection<int>();
        using var finished = new BlockingCollection<(int Step, ExceptionDispatchInfo? Error)>();
        List<Thread> workers = StartWorkers(steps, width, toRun, finished);
        try
        {
            (int, ExceptionDispatchInfo)? failure = null;
            int running = 0, started = 0;
            while (true)
            {
                while (failure is null && running < width && ready.TryDequeue(out int next, out _))
                {
                    progress?.Invoke(++started, steps.Count, steps[next].Description);
                    running++;
                    toRun.Add(next);
                }

                if (running == 0)
                {
                    return failure;
                }

                var (done, failed) = finished.Take();
                running--;
                if (failed is not null)
                {
                    failure ??= (done, failed);
                    continue;
                }

                foreach (int dependent in dependents[done])
                {
                    if (--waitingOn[dependent] == 0)
                    {
                        ready.Enqueue(dependent, dependent);
                    }
                }
            }
        }
        finally
        {
            toRun.CompleteAdding();
            workers.ForEach(w => w.Join());
        }
    }

    /// <summary>
    /// Threads of the run's own, not the thread pool: a step blocks (on the kernel, on a namespace thread, on Docker's
    /// sync-over-async client), and blocked pool threads would starve every other user of the pool meanwhile.
    /// </summary>
    private static List<Thread> StartWorkers(
        IReadOnlyList<LabStep> steps, int width, BlockingCollection<int> toRun, BlockingCollection<(int Step, ExceptionDispatchInfo? Error)> finished)
    {
        var workers = Enumerable.Range(0, width).Select(_ => new Thread(() =>
        {
            foreach (int step in toRun.GetConsumingEnumerable())
            {
                ExceptionDispatchInfo? error = null;
                try
                {
                    steps[step].Run();
                }
                catch (Exception e)
                {
                    error = ExceptionDispatchInfo.Capture(e);
                }

                finished.Add((step, error));
            }
        })
        {
            IsBackground = true,
            Name = "pscn-lab",
        }).ToList();
        workers.ForEach(w => w.Start());
        return workers;
    }

    /// <summary>For each step, how many earlier steps it waits for, and which later steps wait for it.</summary>
    private static (int[] WaitingOn, List<int>[] Dependents) Dependencies(IReadOnlyList<LabStep> steps)
    {
        var waitingOn = new int[steps.Count];
        var dependents = new List<int>[steps.Count];
        var givers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < steps.Count; i++)
        {
            dependents[i] = [];
            foreach (int prerequisite in steps[i].Needs.SelectMany(need => givers.GetValueOrDefault(need) ?? []).Distinct())
            {
                waitingOn[i]++;
                dependents[prerequisite].Add(i);
            }

            foreach (string gift in steps[i].Gives)
            {
                if (!givers.TryGetValue(gift, out List<int>? list))
                {
                    givers[gift] = list = [];
                }

                list.Add(i);
            }
        }

        return (waitingOn, dependents);
    }
}
