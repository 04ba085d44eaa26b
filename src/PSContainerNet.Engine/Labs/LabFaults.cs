using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Labs;

/// <summary>Faults without rebuilding: a lab's link taken down or brought back up by its lab name (NODE:LINK).</summary>
public static class LabFaults
{
    /// <summary>Sets the link down or up; returns it as the kernel now reports it.</summary>
    public static NetLink SetLink(string lab, string nodeAndLink, bool up)
    {
        var (node, link) = Split(nodeAndLink);
        NetLab found = LabService.Get(lab);
        NetLabNode labNode = found.Nodes.FirstOrDefault(n => n.Name == node)
            ?? throw new EngineException(EngineErrorKind.NotFound,
                $"lab '{lab}' has no node '{node}' here (nodes: {string.Join(", ", found.Nodes.Select(n => n.Name))})", nodeAndLink);
        NamespaceHandle ns = NamespaceHandle.Resolve(labNode.Namespace);
        if (!LinkService.Exists(ns, link))
        {
            throw new EngineException(EngineErrorKind.NotFound,
                $"node '{node}' of lab '{lab}' has no link '{link}' (links: {string.Join(", ", labNode.Links.Where(l => l.Name != "lo").Select(l => l.Name).Order(StringComparer.Ordinal))})", nodeAndLink);
        }

        LinkService.Set(ns, link, new LinkSettings { Up = up });
        return LinkService.Get(ns, link);
    }

    private static (string Node, string Link) Split(string nodeAndLink)
    {
        string[] parts = nodeAndLink.Split(':');
        return parts.Length == 2 && parts.All(p => p.Length > 0) ? (parts[0], parts[1])
            : throw new EngineException(EngineErrorKind.InvalidArgument, $"'{nodeAndLink}' is not a lab link: name it NODE:LINK, as box1:eth0", nodeAndLink);
    }
}
