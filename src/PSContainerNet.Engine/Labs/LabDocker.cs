using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Engine.Labs;

/// <summary>A lab's Docker objects: its containers and networks, found by the lab's label (names alone could be another lab's).</summary>
internal static class LabDocker
{
    /// <summary>The Docker label on a lab's containers and networks.</summary>
    public const string LabLabel = "io.pscontainernet.lab";

    /// <summary>The lab's containers and networks on the engine.</summary>
    public static (IReadOnlyList<string> Containers, IReadOnlyList<string> Networks) Objects(DockerClient docker, string lab) =>
        (ContainerService.List(docker, [$"{lab}-*"], all: true)
            .Where(c => c.Labels.TryGetValue(LabLabel, out string? owner) && owner == lab).Select(c => c.Name).ToList(),
         ContainerNetworkService.List(docker, [$"{lab}-*"])
            .Where(n => n.Labels.TryGetValue(LabLabel, out string? owner) && owner == lab).Select(n => n.Name).ToList());

    /// <summary>Removes the lab's containers, then its networks; returns their names.</summary>
    public static (IReadOnlyList<string> Containers, IReadOnlyList<string> Networks) Remove(DockerClient docker, string lab)
    {
        var (containers, networks) = Objects(docker, lab);
        foreach (string container in containers)
        {
            ContainerService.Remove(docker, container, force: true);
        }

        foreach (string network in networks)
        {
            ContainerNetworkService.Remove(docker, network);
        }

        return (containers, networks);
    }
}
