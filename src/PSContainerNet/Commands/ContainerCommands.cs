using System.Collections;
using System.Management.Automation;
using PSContainerNet.Engine;
using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Commands;

/// <summary>Get-Container: docker ps / inspect, as far as networking cares; objects pipe into the netlink cmdlets.</summary>
[Cmdlet(VerbsCommon.Get, "Container")]
[OutputType(typeof(Container))]
public sealed class GetContainerCommand : DockerCmdlet
{
    /// <summary>Names (wildcards allowed) or ids; a name without wildcards finds a stopped container too.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ContainerName")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    [ContainerTransformation]
    public string[]? Name { get; set; }

    /// <summary>Stopped containers too (docker ps -a).</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        if (Name is null)
        {
            TryDocker(() => WriteObject(ContainerService.List(Docker, all: All), enumerateCollection: true), null);
            return;
        }

        foreach (string name in Name)
        {
            TryDocker(() => WriteObject(Wildcard.HasWildcards(name)
                ? ContainerService.List(Docker, [name], All)
                : [ContainerService.Get(Docker, name)], enumerateCollection: true), name);
        }
    }
}

/// <summary>New-Container: docker run -d, kept to what network labs need.</summary>
[Cmdlet(VerbsCommon.New, "Container", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(Container))]
public sealed class NewContainerCommand : DockerCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Image { get; set; } = string.Empty;

    /// <summary>The program and its arguments; the image's default command when not given.</summary>
    [Parameter(Position = 1, ValueFromRemainingArguments = true)]
    public string[] Command { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>bridge (default), host, none, container:NAME, or a network's name.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ContainerNetworkNameCompleter))]
    [ContainerNetworkTransformation]
    public string? Network { get; set; }

    /// <summary>A static IPv4 address on a user-defined -Network (docker run --ip).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? IPAddress { get; set; }

    /// <summary>DNS names for the container on -Network.</summary>
    [Parameter]
    public string[] Alias { get; set; } = [];

    /// <summary>Published ports: 8080:80, 127.0.0.1:8080:80, 5353:53/udp, 80 (a host port is chosen).</summary>
    [Parameter]
    [Alias("p")]
    public string[] Publish { get; set; } = [];

    [Parameter]
    public string? Hostname { get; set; }

    [Parameter]
    public Hashtable? Label { get; set; }

    /// <summary>Creates the container without starting it (docker create).</summary>
    [Parameter]
    public SwitchParameter NoStart { get; set; }

    protected override void ProcessRecord() => TryDocker(() =>
    {
        var spec = new ContainerSpec
        {
            Image = Image,
            Name = Name,
            Command = Command,
            Network = Network,
            IPAddress = IPAddress,
            Aliases = Alias,
            Publish = Publish,
            Hostname = Hostname,
            Labels = ToDictionary(Label),
            Start = !NoStart,
        };
        string what = $"{Name ?? "(unnamed)"} on {Docker.Endpoint}";
        if (ShouldProcess(what, $"{(NoStart ? "Create" : "Create and start")} a container of {Image}{(Network is null ? string.Empty : " on " + Network)}"))
        {
            WriteObject(ContainerService.Create(Docker, spec));
        }
    }, Name ?? Image);
}

/// <summary>Remove-Container: docker rm [-f].</summary>
[Cmdlet(VerbsCommon.Remove, "Container", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveContainerCommand : DockerCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "ContainerName")]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    [ContainerTransformation]
    [ValidateNotNullOrEmpty]
    public string[] Container { get; set; } = [];

    /// <summary>Stops a running container first (docker rm -f).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        ForEachWithProgress(Container, "Remove containers", container => TryDocker(() =>
        {
            if (ShouldProcess($"{container} on {Docker.Endpoint}", Force ? "Stop and remove container" : "Remove container"))
            {
                ContainerService.Remove(Docker, container, Force);
            }
        }, container));
    }
}
