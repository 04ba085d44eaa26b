using System.Diagnostics;
using System.Text;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;

namespace PSContainerNet.Engine.Labs;

/// <summary>The formats a lab graph is written in.</summary>
public enum LabGraphFormat
{
    Mermaid,
    Dot,
    Svg,
}

/// <summary>
/// A lab drawn from the live system (not from its definition): each node a box holding its links with their
/// addresses, joined by veth pairs, bridge ports, and macvlan/VXLAN parents. A lab across Docker engines draws each
/// engine as a box around its containers, with a VXLAN tunnel end (its swarm address) joined to the others' for each
/// overlay network.
/// </summary>
public static class LabGraph
{
    private sealed record Vertex(string Id, string Node, string Link, string Label);

    private sealed record Edge(string From, string To, string Label);

    /// <summary>An engine of a lab across engines: its box, the nodes in it, and its tunnel end (null outside a swarm).</summary>
    private sealed record Engine(string Id, string Label, IReadOnlyList<string> Nodes, string? Address, Vertex? TunnelEnd, IReadOnlyList<Vertex> RemoteContainers);

    public static string Export(string lab, LabGraphFormat format)
    {
        NetLab found = LabService.Get(lab);
        var (vertices, edges) = Read(found);
        var engines = found.Engines.Count > 1 ? Engines(found, edges) : [];
        return format switch
        {
            LabGraphFormat.Mermaid => Mermaid(found, vertices, edges, engines),
            LabGraphFormat.Dot => Dot(found, vertices, edges, engines),
            _ => Svg(Dot(found, vertices, edges, engines)),
        };
    }

    /// <summary>The engines of a lab across engines; adds a tunnel edge between their ends for each overlay network.</summary>
    private static List<Engine> Engines(NetLab lab, List<Edge> edges)
    {
        var engines = new List<Engine>();
        var overlays = new Dictionary<string, ContainerNetwork>();
        foreach (var (engine, i) in lab.Engines.Select((e, i) => (e, i)))
        {
            DockerClient docker = DockerClient.Connect(engine.DockerHost, timeout: TimeSpan.FromSeconds(10));
            string? address = SwarmService.TryGet(docker)?.NodeAddress;
            string id = $"engine{i}";
            Vertex? tunnelEnd = address is null ? null : new Vertex(id + "_vtep", string.Empty, string.Empty, $"VXLAN tunnel end\n{address}");
            var nodes = lab.Nodes.Where(n => engine.Containers.Contains(n.Namespace)).Select(n => n.Name).ToList();
            // A remote engine's containers have no namespace here: drawn from what the engine says of them.
            var remote = engine.Containers.Where(c => lab.Nodes.All(n => n.Namespace != c)).Select(c => ContainerService.Get(docker, c))
                .Select(c => new Vertex(Id(id, c.Name), c.Name, string.Empty,
                    string.Join("\n", [$"{c.Name} (container)", .. c.Endpoints.Select(e => $"{e.Network}: {e.IPv4Address}")]))).ToList();
            engines.Add(new Engine(id, address is null ? $"engine {engine.DockerHost}" : $"engine {engine.DockerHost} ({address})", nodes, address, tunnelEnd, remote));
            foreach (ContainerNetwork network in engine.Networks.Select(n => ContainerNetworkService.Get(docker, n)).Where(n => n.Driver == "overlay"))
            {
                overlays.TryAdd(network.Id, network);
            }
        }

        foreach (ContainerNetwork overlay in overlays.Values)
        {
            var ends = engines.Where(e => e.TunnelEnd is not null && overlay.Peers.Any(p => p.Address == e.Address)).ToList();
            for (int a = 0; a < ends.Count; a++)
            {
                for (int b = a + 1; b < ends.Count; b++)
                {
                    edges.Add(new Edge(ends[a].TunnelEnd!.Id, ends[b].TunnelEnd!.Id, $"VXLAN {string.Join(",", overlay.Vnis)} ({overlay.Name})"));
                }
            }
        }

        return engines;
    }

    private static (List<Vertex>, List<Edge>) Read(NetLab lab)
    {
        var vertices = new List<Vertex>();
        var byIndex = new Dictionary<(string Namespace, int Index), Vertex>();
        foreach (NetLabNode node in lab.Nodes)
        {
            foreach (NetLink link in node.Links.Where(l => l.Name != "lo"))
            {
                var addresses = node.Addresses.Where(a => a.InterfaceAlias == link.Name && !a.IPAddress.StartsWith("fe80:", StringComparison.Ordinal))
                    .Select(a => $"{a.IPAddress}/{a.PrefixLength}");
                var vertex = new Vertex(Id(node.Name, link.Name), node.Name, link.Name, string.Join("\n", [$"{link.Name} ({link.Kind ?? "device"})", .. addresses]));
                vertices.Add(vertex);
                byIndex[(node.Namespace, link.Index)] = vertex;
            }
        }

        var edges = new List<Edge>();
        foreach (NetLabNode node in lab.Nodes)
        {
            foreach (NetLink link in node.Links.Where(l => l.Name != "lo"))
            {
                string from = Id(node.Name, link.Name);
                // A veth pair is drawn once, from the end whose id sorts first.
                if (link.Kind == "veth" && link.PeerNamespace is string peerNs && link.PeerIndex is int peerIndex &&
                    byIndex.TryGetValue((peerNs, peerIndex), out Vertex? peer) && string.CompareOrdinal(from, peer.Id) < 0)
                {
                    edges.Add(new Edge(from, peer.Id, "veth"));
                }

                if (link.Master is string master)
                {
                    edges.Add(new Edge(from, Id(node.Name, master), "port"));
                }

                // A VXLAN's underlay device is in its own data, not IFLA_LINK.
                int? parentIndex = link.Kind == "vxlan"
                    ? link.KindProperties.GetValueOrDefault("DeviceIndex") as int?
                    : link.Kind is "macvlan" or "ipvlan" or "vlan" ? link.ParentIndex : null;
                if (parentIndex is not null)
                {
                    if (byIndex.TryGetValue((link.ParentNamespace ?? node.Namespace, parentIndex.Value), out Vertex? parent))
                    {
                        edges.Add(new Edge(from, parent.Id, link.Kind == "vxlan" ? $"VNI {link.KindProperties.GetValueOrDefault("Vni")}" : link.Kind!));
                    }
                }
            }
        }

        return (vertices, edges);
    }

    private static string Id(string node, string link) => $"{node}_{link}".Replace('-', '_').Replace('.', '_');

    private static string Mermaid(NetLab lab, List<Vertex> vertices, List<Edge> edges, List<Engine> engines)
    {
        var text = new StringBuilder("flowchart LR\n");
        void Node(IGrouping<string, Vertex> node, string indent)
        {
            text.Append($"{indent}subgraph {Id("node", node.Key)}[\"{node.Key} ({LabDefinition.NamespaceOf(lab.Name, node.Key)})\"]\n");
            foreach (Vertex v in node)
            {
                text.Append($"{indent}  {v.Id}[\"{v.Label.Replace("\n", "<br/>")}\"]\n");
            }

            text.Append($"{indent}end\n");
        }

        var nodes = vertices.GroupBy(v => v.Node).ToList();
        foreach (Engine engine in engines)
        {
            text.Append($"  subgraph {engine.Id}[\"{engine.Label}\"]\n");
            if (engine.TunnelEnd is Vertex end)
            {
                text.Append($"    {end.Id}((\"{end.Label.Replace("\n", "<br/>")}\"))\n");
            }

            foreach (Vertex container in engine.RemoteContainers)
            {
                text.Append($"    {container.Id}[\"{container.Label.Replace("\n", "<br/>")}\"]\n");
            }

            foreach (var node in nodes.Where(n => engine.Nodes.Contains(n.Key)))
            {
                Node(node, "    ");
            }

            text.Append("  end\n");
        }

        foreach (var node in nodes.Where(n => !engines.Any(e => e.Nodes.Contains(n.Key))))
        {
            Node(node, "  ");
        }

        foreach (Edge e in edges)
        {
            text.Append(e.Label == "port" ? $"  {e.From} -->|port| {e.To}\n" : $"  {e.From} ---|{e.Label}| {e.To}\n");
        }

        return text.ToString();
    }

    private static string Dot(NetLab lab, List<Vertex> vertices, List<Edge> edges, List<Engine> engines)
    {
        static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
        var text = new StringBuilder($"graph {Quote(lab.Name)} {{\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n");
        void Node(IGrouping<string, Vertex> node, string indent)
        {
            text.Append($"{indent}subgraph {Quote("cluster_" + node.Key)} {{\n{indent}  label={Quote($"{node.Key} ({LabDefinition.NamespaceOf(lab.Name, node.Key)})")};\n");
            foreach (Vertex v in node)
            {
                text.Append($"{indent}  {Quote(v.Id)} [label={Quote(v.Label)}];\n");
            }

            text.Append($"{indent}}}\n");
        }

        var nodes = vertices.GroupBy(v => v.Node).ToList();
        foreach (Engine engine in engines)
        {
            text.Append($"  subgraph {Quote("cluster_" + engine.Id)} {{\n    label={Quote(engine.Label)};\n    style=bold;\n");
            if (engine.TunnelEnd is Vertex end)
            {
                text.Append($"    {Quote(end.Id)} [label={Quote(end.Label)}, shape=ellipse];\n");
            }

            foreach (Vertex container in engine.RemoteContainers)
            {
                text.Append($"    {Quote(container.Id)} [label={Quote(container.Label)}];\n");
            }

            foreach (var node in nodes.Where(n => engine.Nodes.Contains(n.Key)))
            {
                Node(node, "    ");
            }

            text.Append("  }\n");
        }

        foreach (var node in nodes.Where(n => !engines.Any(e => e.Nodes.Contains(n.Key))))
        {
            Node(node, "  ");
        }

        foreach (Edge e in edges)
        {
            text.Append($"  {Quote(e.From)} -- {Quote(e.To)} [label={Quote(e.Label)}{(e.Label == "port" ? ", style=dashed" : string.Empty)}];\n");
        }

        return text.Append("}\n").ToString();
    }

    private static string Svg(string dot)
    {
        var psi = new ProcessStartInfo("dot", "-Tsvg") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new EngineException(EngineErrorKind.NotSupported,
                "SVG needs Graphviz's dot, which is not installed (apt-get install graphviz); Mermaid and Dot need nothing", "dot", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(dot);
            process.StandardInput.Close();
            process.WaitForExit();
            return process.ExitCode == 0
                ? output.Result
                : throw new EngineException(EngineErrorKind.Other, $"dot -Tsvg failed: {error.Result.Trim()}", "dot");
        }
    }

}
