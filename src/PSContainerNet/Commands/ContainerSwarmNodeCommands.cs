using System.Management.Automation;
using PSContainerNet.Engine;
using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Commands;

/// <summary>Get-ContainerSwarmNode: docker node ls, asked of a manager.</summary>
[Cmdlet(VerbsCommon.Get, "ContainerSwarmNode")]
[OutputType(typeof(ContainerSwarmNode))]
public sealed class GetContainerSwarmNodeCommand : DockerCmdlet
{
    /// <summary>Hostnames (wildcards allowed) or node ids.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    /// <summary>Only managers or only workers.</summary>
    [Parameter]
    [ValidateSet("manager", "worker")]
    public string? Role { get; set; }

    protected override void ProcessRecord() => TryDocker(() =>
    {
        var nodes = SwarmService.Nodes(Docker).Where(n => Role is null || string.Equals(n.Role, Role, StringComparison.OrdinalIgnoreCase));
        if (Name is null)
        {
            WriteObject(nodes, enumerateCollection: true);
            return;
        }

        var all = nodes.ToList();
        foreach (string name in Name)
        {
            var wildcard = new Wildcard(name);
            var matches = all.Where(n => wildcard.IsMatch(n.Hostname ?? string.Empty) || n.Id.StartsWith(name, StringComparison.Ordinal)).ToList();
            if (matches.Count == 0 && !Wildcard.HasWildcards(name))
            {
                WriteEngineError(new EngineException(EngineErrorKind.NotFound, $"no swarm node '{name}' in the swarm of {Docker.Endpoint}", name), name);
                continue;
            }

            WriteObject(matches, enumerateCollection: true);
        }
    }, DockerHost);
}
