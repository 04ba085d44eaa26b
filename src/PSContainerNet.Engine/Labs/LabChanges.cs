using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Engine.Labs;

/// <summary>
/// Compares a definition with the lab running under its name, and makes the lab match it: only what differs is
/// made, remade or removed, removals first (the build's order backwards), then additions in the build's order. A part
/// that is remade takes the parts that go with it along (a network's containers, a link's addresses and the node's
/// routes). A failed or stopped change is undone step by step, newest first.
/// </summary>
public static class LabChanges
{
    /// <summary>Where the running lab differs from the definition (drift); changes nothing.</summary>
    public static IReadOnlyList<NetLabChange> Compare(LabDefinition lab, string? dockerHost = null, TimeSpan? dockerTimeout = null)
    {
        using LabJournal journal = LabJournal.Lock(lab.Name, "comparing");
        return Plan(lab, journal, dockerHost, dockerTimeout, CancellationToken.None).Changes;
    }

    /// <summary>
    /// Makes the running lab match the definition. <paramref name="confirm"/> sees the changes first (nothing is done
    /// when it says no: -WhatIf, or a declined -Confirm); <paramref name="progress"/> hears of each step. When a step
    /// fails or <paramref name="cancel"/> stops the change, what it had done is undone and the error says how that went.
    /// </summary>
    /// <returns>The changes, each Applied when it was made.</returns>
    public static IReadOnlyList<NetLabChange> Apply(
        LabDefinition lab, Func<IReadOnlyList<NetLabChange>, bool> confirm, Action<int, int, string>? progress = null, CancellationToken cancel = default,
        string? dockerHost = null, TimeSpan? dockerTimeout = null)
    {
        using LabJournal journal = LabJournal.Lock(lab.Name, "changing");
        var (changes, steps) = Plan(lab, journal, dockerHost, dockerTimeout, cancel);
        if (changes.Count == 0 || !confirm(changes))
        {
            return changes;
        }

        var done = new Stack<LabChangeStep>();
        for (int i = 0; i < steps.Count; i++)
        {
            LabChangeStep step = steps[i];
            try
            {
                cancel.ThrowIfCancellationRequested();
                progress?.Invoke(i + 1, steps.Count, step.Description);
                step.Do();
                done.Push(step);
            }
            catch (Exception e) when (e is EngineException or OperationCanceledException)
            {
                string undone = Undo(done);
                string where = $"changing lab '{lab.Name}' {(e is OperationCanceledException ? "was stopped" : "failed")} at step {i + 1} of {steps.Count} ({step.Description})";
                if (e is EngineException failure)
                {
                    throw new EngineException(failure.Kind, $"{where}: {failure.Message}; {undone}", failure.Target ?? lab.Name, failure);
                }

                throw new OperationCanceledException($"{where}; {undone}", e, cancel);
            }
        }

        foreach (NetLabChange change in changes)
        {
            change.Applied = true;
        }

        return changes;
    }

    private static string Undo(Stack<LabChangeStep> done)
    {
        int count = done.Count;
        var failed = new List<string>();
        while (done.TryPop(out LabChangeStep? step))
        {
            try
            {
                step.Undo();
            }
            catch (EngineException e)
            {
                failed.Add($"{step.Description} ({e.Message})");
            }
        }

        return failed.Count == 0
            ? $"the {count} step(s) it had made were undone"
            : $"undoing it failed for: {string.Join("; ", failed)}: Compare-NetLab shows what differs now";
    }

    private static (List<NetLabChange> Changes, List<LabChangeStep> Steps) Plan(
        LabDefinition lab, LabJournal journal, string? dockerHost, TimeSpan? dockerTimeout, CancellationToken cancel)
    {
        NetLab running;
        try
        {
            running = LabService.Get(lab.Name);
        }
        catch (EngineException e) when (e.Kind == EngineErrorKind.NotFound)
        {
            journal.Delete(); // the lock file taken for a lab that is not there
            throw;
        }

        LabRecord? record = LabJournal.Read(lab.Name);
        if (lab.Swarm is not null != (record?.SwarmHosts.Count > 0))
        {
            throw new EngineException(EngineErrorKind.Other,
                $"lab '{lab.Name}' {(lab.Swarm is null ? "formed a swarm the definition no longer has" : "formed no swarm, and the definition has one")}: " +
                $"a swarm is not formed or left in a running lab; Remove-NetLab {lab.Name} and New-NetLab build it anew", lab.Name);
        }

        // A lab without Hosts keeps the engine it was built on, unless told otherwise.
        dockerHost ??= lab.Hosts.Count == 0 ? record?.DockerHosts.FirstOrDefault() : null;
        LabEngines? engines = LabEngines.For(lab, dockerHost, cancel, dockerTimeout);
        var desired = LabDesired.Items(lab, journal, engines);
        var actual = LabActual.Items(running, lab, Readers(lab, record, engines, dockerTimeout), journal);
        var (changes, steps) = Diff(lab.Name, desired, actual);
        if (changes.Any(c => c.Part is NetLabPart.Container or NetLabPart.Network))
        {
            // As a build does: the lab works when the change returns, once the engines know each other's new containers.
            steps.AddRange((engines?.OverlayWaits(lab) ?? []).Select(w => new LabChangeStep(w.Description, w.Wait, () => { })));
        }

        return (changes, steps);
    }

    /// <summary>The engines to read, each under the lab host name its parts are reported with.</summary>
    private static List<(string Where, DockerClient Docker)> Readers(LabDefinition lab, LabRecord? record, LabEngines? engines, TimeSpan? timeout)
    {
        var readers = new List<(string, DockerClient)>();
        if (engines is not null)
        {
            readers.AddRange(lab.Hosts.Count == 0 ? [(string.Empty, engines.Of(null))] : lab.Hosts.Select(h => (h.Name, engines.Of(h.Name))));
        }

        foreach (string endpoint in record?.DockerHosts ?? [])
        {
            if (!readers.Any(r => r.Item2.Endpoint.ToString() == endpoint))
            {
                readers.Add((lab.Hosts.Count == 0 ? string.Empty : endpoint, DockerClient.Connect(endpoint, timeout: timeout ?? TimeSpan.FromSeconds(30))));
            }
        }

        return readers;
    }

    private static (List<NetLabChange>, List<LabChangeStep>) Diff(string lab, List<LabItem> desired, List<LabItem> actual)
    {
        var running = actual.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.First());
        var wanted = desired.GroupBy(d => d.Key).ToDictionary(g => g.Key, g => g.First());
        var changes = new List<(NetLabChange Change, LabItem? Want, LabItem? Have)>();
        foreach (LabItem want in wanted.Values)
        {
            if (!running.TryGetValue(want.Key, out LabItem? have))
            {
                changes.Add((Change(lab, NetLabChangeAction.Add, want.Key, null, want.Value), want, null));
            }
            else if (!LabItemValues.Matches(want.Value, have.Value))
            {
                changes.Add((Change(lab, NetLabChangeAction.Modify, want.Key, have.Value, want.Value), want, have));
            }
        }

        foreach (LabItem have in running.Values.Where(h => !wanted.ContainsKey(h.Key)))
        {
            changes.Add((Change(lab, NetLabChangeAction.Remove, have.Key, have.Value, null), null, have));
        }

        // Parts remade whole take the unchanged parts that go with them along: unmade before, made again after.
        var changed = changes.Select(c => (c.Want ?? c.Have)!.Key).ToHashSet();
        var remade = changes.Where(c => c.Change.Action == NetLabChangeAction.Modify && !c.Want!.InPlace).Select(c => c.Want!).ToList();
        var along = new Dictionary<LabItemKey, LabItem>();
        var queue = new Queue<LabItem>(remade);
        while (queue.TryDequeue(out LabItem? parent))
        {
            foreach (LabItem child in wanted.Values.Where(d => !changed.Contains(d.Key) && running.ContainsKey(d.Key) && GoesWith(d, parent)))
            {
                if (along.TryAdd(child.Key, child))
                {
                    queue.Enqueue(child);
                }
            }
        }

        var removals = new List<(NetLabPart Part, LabChangeStep Step)>();
        var additions = new List<(NetLabPart Part, LabChangeStep Step)>();
        foreach (var (change, want, have) in changes)
        {
            string what = change.ToString();
            switch (change.Action)
            {
                case NetLabChangeAction.Add:
                    additions.Add((change.Part, new(what, want!.Make, want.Unmake)));
                    break;
                case NetLabChangeAction.Remove:
                    removals.Add((change.Part, new(what, have!.Unmake, have.Make)));
                    break;
                case NetLabChangeAction.Modify when want!.InPlace:
                    additions.Add((change.Part, new(what, want.Make, have!.Make)));
                    break;
                default:
                    removals.Add((change.Part, new($"{what}: remove the old", have!.Unmake, have.Make)));
                    additions.Add((change.Part, new($"{what}: make the new", want!.Make, want.Unmake)));
                    break;
            }
        }

        foreach (LabItem child in along.Values)
        {
            LabItem old = running[child.Key];
            string what = $"remake {child.Key.Part.ToString().ToLowerInvariant()} {child.Key.Name} in {child.Key.Where}";
            removals.Add((child.Key.Part, new($"{what}: unmake", () => UnmakeIfThere(old), old.Make)));
            additions.Add((child.Key.Part, new($"{what}: make", child.Make, child.Unmake)));
        }

        var steps = removals.OrderByDescending(r => r.Part).Select(r => r.Step)
            .Concat(additions.OrderBy(a => a.Part).Select(a => a.Step))
            .ToList();
        var ordered = changes.Select(c => c.Change)
            .OrderBy(c => c.Action == NetLabChangeAction.Remove ? 0 : 1)
            .ThenBy(c => c.Action == NetLabChangeAction.Remove ? -(int)c.Part : (int)c.Part)
            .ThenBy(c => c.Where, StringComparer.Ordinal)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        return (ordered, steps);
    }

    /// <summary>
    /// Whether a part goes when its parent is remade: it is on it, it is a route of a node the parent is a link of, or
    /// the parent is a container and the part is in its namespace (a new container has a new one).
    /// </summary>
    private static bool GoesWith(LabItem part, LabItem parent) =>
        part.Parents.Contains(parent.Key)
        || (part.Key.Part == NetLabPart.Route && parent.LinkOf.Contains(part.Key.Where))
        || (parent.Key.Part == NetLabPart.Container && (part.Key.Where == parent.Key.Name || part.LinkOf.Contains(parent.Key.Name)));

    /// <summary>Unmakes a part that its parent's removal may have taken already (a route through a link that went).</summary>
    private static void UnmakeIfThere(LabItem item)
    {
        try
        {
            item.Unmake();
        }
        catch (EngineException e) when (e.Kind == EngineErrorKind.NotFound)
        {
        }
    }

    private static NetLabChange Change(string lab, NetLabChangeAction action, LabItemKey key, string? from, string? to) => new()
    {
        Lab = lab,
        Action = action,
        Part = key.Part,
        Where = key.Where,
        Name = key.Name,
        From = from,
        To = to,
    };
}

/// <summary>One step of a change to a running lab, and how to take it back.</summary>
internal sealed record LabChangeStep(string Description, Action Do, Action Undo);
