using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Labs;

/// <summary>
/// Faults without rebuilding: a lab node stopped and started with its wiring kept. A namespace node's links go down
/// (those that were up, written in the lab's journal) and come back; a container node's container is stopped and
/// started, and the lab's name for its namespace is given to the new one.
/// </summary>
public static class LabNodeControl
{
    /// <summary>Stops the node; a container gets <paramref name="graceSeconds"/> to end before it is killed (docker stop -t).</summary>
    public static void Stop(string lab, string node, int graceSeconds = 10)
    {
        using LabJournal journal = LabJournal.Lock(lab, "stopping a node of");
        var (found, container) = Find(lab, node);
        if (LabJournal.Read(lab)?.StoppedNodes.ContainsKey(node) == true)
        {
            throw new EngineException(EngineErrorKind.Other, $"node '{node}' of lab '{lab}' is stopped already; Start-NetLabNode starts it", node);
        }

        if (container is var (docker, name))
        {
            journal.Stopped(node, []);
            ContainerService.Stop(docker, name, graceSeconds);
            return;
        }

        NetLabNode labNode = found.Nodes.First(n => n.Name == node);
        var up = labNode.Links.Where(l => l.Name != "lo" && l.AdminState == LinkAdminState.Up).Select(l => l.Name).ToList();
        journal.Stopped(node, up); // first: a stop that fails half-way is still started again whole
        foreach (string link in up)
        {
            LinkService.Set(labNode.Handle, link, new LinkSettings { Up = false });
        }
    }

    /// <summary>Starts a node Stop stopped; returns it as it is now.</summary>
    public static NetLabNode Start(string lab, string node)
    {
        using LabJournal journal = LabJournal.Lock(lab, "starting a node of");
        var (found, container) = Find(lab, node);
        if (LabJournal.Read(lab)?.StoppedNodes.TryGetValue(node, out IReadOnlyList<string>? links) != true)
        {
            throw new EngineException(EngineErrorKind.Other, $"node '{node}' of lab '{lab}' is not stopped (Stop-NetLabNode stops it)", node);
        }

        if (container is var (docker, name))
        {
            Container started = ContainerService.Start(docker, name);
            if (docker.Endpoint.SocketPath is not null && started.Pid > 0)
            {
                // A started container has a new network namespace: the lab's name and mark go to it.
                if (File.Exists(NetNamespaceStore.PathOf(name)))
                {
                    NetNamespaceStore.Remove(name);
                }

                NetNamespaceStore.Register(name, started.Pid);
                LinkService.Set(NamespaceHandle.Resolve(name), "lo", new LinkSettings { Alias = LabMark.Format(lab, node) });
            }
        }
        else
        {
            NamespaceHandle ns = found.Nodes.First(n => n.Name == node).Handle;
            foreach (string link in links!.Where(l => LinkService.Exists(ns, l)))
            {
                LinkService.Set(ns, link, new LinkSettings { Up = true });
            }
        }

        journal.Started(node);
        return LabService.Get(lab).Nodes.FirstOrDefault(n => n.Name == node)
            ?? throw new EngineException(EngineErrorKind.Other, $"node '{node}' of lab '{lab}' was started but is not found", node);
    }

    /// <summary>The lab, and the node's container with its engine when the node is a container.</summary>
    private static (NetLab Lab, (DockerClient Docker, string Name)? Container) Find(string lab, string node)
    {
        NetLab found = LabService.Get(lab);
        string name = LabDefinition.NamespaceOf(lab, node);
        if (found.Engines.FirstOrDefault(e => e.Containers.Contains(name)) is NetLabEngine engine)
        {
            return (found, (DockerClient.Connect(engine.DockerHost), name));
        }

        return found.Nodes.Any(n => n.Name == node) ? (found, null)
            : throw new EngineException(EngineErrorKind.NotFound, $"lab '{lab}' has no node '{node}' (nodes: {string.Join(", ", found.Nodes.Select(n => n.Name))})", node);
    }
}
