using System.Diagnostics;
using System.Text;
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
/// addresses, joined by veth pairs, bridge ports, and macvlan/VXLAN parents.
/// </summary>
public static class LabGraph
{
    private sealed record Vertex(string Id, string Node, string Link, string Label);

    private sealed record Edge(string From, string To, string Label);

    public static string Export(string lab, LabGraphFormat format)
    {
        NetLab found = LabService.Get(lab);
        var (vertices, edges) = Read(found);
        return format switch
        {
            LabGraphFormat.Mermaid => Mermaid(found, vertices, edges),
            LabGraphFormat.Dot => Dot(found, vertices, edges),
            _ => Svg(Dot(found, vertices, edges)),
        };
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

    private static string Mermaid(NetLab lab, List<Vertex> vertices, List<Edge> edges)
    {
        var text = new StringBuilder("flowchart LR\n");
        foreach (var node in vertices.GroupBy(v => v.Node))
        {
            text.Append($"  subgraph {Id("node", node.Key)}[\"{node.Key} ({LabDefinition.NamespaceOf(lab.Name, node.Key)})\"]\n");
            foreach (Vertex v in node)
            {
                text.Append($"    {v.Id}[\"{v.Label.Replace("\n", "<br/>")}\"]\n");
            }

            text.Append("  end\n");
        }

        foreach (Edge e in edges)
        {
            text.Append(e.Label == "port" ? $"  {e.From} -->|port| {e.To}\n" : $"  {e.From} ---|{e.Label}| {e.To}\n");
        }

        return text.ToString();
    }

    private static string Dot(NetLab lab, List<Vertex> vertices, List<Edge> edges)
    {
        static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
        var text = new StringBuilder($"graph {Quote(lab.Name)} {{\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n");
        foreach (var node in vertices.GroupBy(v => v.Node))
        {
            text.Append($"  subgraph {Quote("cluster_" + node.Key)} {{\n    label={Quote($"{node.Key} ({LabDefinition.NamespaceOf(lab.Name, node.Key)})")};\n");
            foreach (Vertex v in node)
            {
                text.Append($"    {Quote(v.Id)} [label={Quote(v.Label)}];\n");
            }

            text.Append("  }\n");
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
