using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Labs;

/// <summary>What a lab build step makes or waits for.</summary>
internal enum LabKeyKind
{
    /// <summary>A node's namespace: one step makes it, and a step that needs it cannot run without it.</summary>
    Node,

    /// <summary>A bridge in a node: one step makes it, and a port cannot be made without it.</summary>
    Bridge,

    /// <summary>All the links of a node, made by any number of steps (maybe none): routes and NAT wait for them.</summary>
    Links,

    /// <summary>The Docker steps, which run one after another.</summary>
    DockerChain,
}

/// <summary>A thing a lab step gives or needs: a node, a bridge in a node, a node's links, or the Docker chain.</summary>
internal readonly record struct LabKey(LabKeyKind Kind, string Node = "", string Name = "")
{
    public static LabKey DockerChain => new(LabKeyKind.DockerChain);

    public static LabKey NodeOf(string node) => new(LabKeyKind.Node, node);

    public static LabKey BridgeOf(string node, string bridge) => new(LabKeyKind.Bridge, node, bridge);

    public static LabKey LinksOf(string node) => new(LabKeyKind.Links, node);

    /// <summary>Whether some earlier step must give it: a node or a bridge (links and the Docker chain may have no steps).</summary>
    public bool Required => Kind is LabKeyKind.Node or LabKeyKind.Bridge;

    public override string ToString() => Kind switch
    {
        LabKeyKind.Bridge => $"bridge {Node}/{Name}",
        LabKeyKind.DockerChain => "Docker",
        _ => $"{Kind.ToString().ToLowerInvariant()} {Node}",
    };
}

/// <summary>
/// One step of a lab build. <see cref="Needs"/> and <see cref="Gives"/> name what it depends on and what it makes:
/// a step waits for every earlier step that gives what it needs.
/// </summary>
internal sealed record LabStep(string Description, LabKey[] Needs, LabKey[] Gives, Action Run);

/// <summary>
/// Runs a lab's steps in dependency order, independent ones at the same time (up to one per processor): the kernel
/// creates one namespace while it wires another's veth. The plan's order is itself a valid order, and it is the one
/// used when a netlink trace is on (-Verbose), so every message is seen, in order, on the calling thread.
/// </summary>
internal static class LabSteps
{
    /// <summary>
    /// Runs every step, or stops starting new ones at the first failure or when <paramref name="cancel"/> is set (the
    /// step that would have run next then fails with OperationCanceledException) and waits for the running ones to
    /// end, so whatever they made is known to the caller's rollback. <paramref name="progress"/> hears of each step
    /// as it starts, always on the calling thread; if it throws, running steps end before its exception goes on.
    /// A step that needs a node or bridge no earlier step gives is a defect of the plan, refused before any step runs.
    /// </summary>
    /// <returns>The failed step's index and what it threw, or null when all ran.</returns>
    public static (int Step, ExceptionDispatchInfo Error)? Run(IReadOnlyList<LabStep> steps, Action<int, int, string>? progress, CancellationToken cancel = default)
    {
        var (waitingOn, dependents) = Dependencies(steps);
        int width = NetlinkTrace.Enabled ? 1 : Environment.ProcessorCount;
        return width == 1 ? RunInOrder(steps, progress, cancel) : RunConcurrently(steps, width, waitingOn, dependents, progress, cancel);
    }

    private static (int, ExceptionDispatchInfo)? Stopped(int step, CancellationToken cancel) =>
        (step, ExceptionDispatchInfo.Capture(new OperationCanceledException("the build was stopped", cancel)));

    private static (int, ExceptionDispatchInfo)? RunInOrder(IReadOnlyList<LabStep> steps, Action<int, int, string>? progress, CancellationToken cancel)
    {
        for (int i = 0; i < steps.Count; i++)
        {
            if (cancel.IsCancellationRequested)
            {
                return Stopped(i, cancel);
            }

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

    private static (int, ExceptionDispatchInfo)? RunConcurrently(
        IReadOnlyList<LabStep> steps, int width, int[] waitingOn, List<int>[] dependents, Action<int, int, string>? progress, CancellationToken cancel)
    {
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
                    if (cancel.IsCancellationRequested)
                    {
                        failure = Stopped(next, cancel);
                        break;
                    }

                    progress?.Invoke(++started, steps.Count, steps[next].Description);
                    running++;
                    toRun.Add(next);
                }

                if (running == 0)
                {
                    return failure;
                }

                (int Step, ExceptionDispatchInfo? Error) result;
                try
                {
                    // Woken by a finished step, or by Ctrl+C so that the loop above starts nothing new meanwhile.
                    result = finished.Take(cancel.IsCancellationRequested ? CancellationToken.None : cancel);
                }
                catch (OperationCanceledException)
                {
                    continue;
                }

                var (done, failed) = result;
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
        var givers = new Dictionary<LabKey, List<int>>();
        for (int i = 0; i < steps.Count; i++)
        {
            dependents[i] = [];
            foreach (LabKey need in steps[i].Needs)
            {
                if (need.Required && !givers.ContainsKey(need))
                {
                    throw new InvalidOperationException($"lab plan: step '{steps[i].Description}' needs {need}, which no earlier step gives");
                }
            }

            foreach (int prerequisite in steps[i].Needs.SelectMany(need => givers.GetValueOrDefault(need) ?? []).Distinct())
            {
                waitingOn[i]++;
                dependents[prerequisite].Add(i);
            }

            foreach (LabKey gift in steps[i].Gives)
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
