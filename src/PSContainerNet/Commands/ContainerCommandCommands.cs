using System.Management.Automation;
using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Commands;

/// <summary>Invoke-ContainerCommand: docker exec over the Engine API, returning output and exit code as an object.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "ContainerCommand", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ContainerCommandResult))]
public sealed class InvokeContainerCommandCommand : DockerCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "ContainerName")]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    [ContainerTransformation]
    [ValidateNotNullOrEmpty]
    public string Container { get; set; } = string.Empty;

    /// <summary>The program, found on the container's PATH or a path inside it.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Command { get; set; } = string.Empty;

    [Parameter(Position = 2)]
    [AllowEmptyCollection]
    public string[] ArgumentList { get; set; } = [];

    protected override void ProcessRecord() => TryDocker(() =>
    {
        string[] command = [Command, .. ArgumentList];
        if (ShouldProcess($"{Container} on {Docker.Endpoint}", "Run " + string.Join(' ', command)))
        {
            WriteObject(ContainerExec.Run(Docker, Container, command));
        }
    }, Container);
}
