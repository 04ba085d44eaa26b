using System.Collections;
using System.Globalization;
using System.Management.Automation;
using PSContainerNet.Engine.Docker;

namespace PSContainerNet;

/// <summary>
/// A cmdlet that talks to a Docker engine: -DockerHost (bound from piped objects, so they go back to their own
/// engine), requests traced to Write-Verbose, the engine's warnings to Write-Warning, Ctrl+C cancels.
/// </summary>
public abstract class DockerCmdlet : PSContainerNetCmdlet
{
    /// <summary>unix:///path or tcp://HOST:PORT; DOCKER_HOST or /var/run/docker.sock when not given.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(DockerHostCompleter))]
    public string? DockerHost { get; set; }

    /// <summary>A client for the engine of the current -DockerHost (it may change with each piped object).</summary>
    protected DockerClient Docker => DockerClient.Connect(DockerHost, StopToken, WriteVerbose, WriteWarning);

    /// <summary>Runs one per-item step against the engine; failures become non-terminating errors, Ctrl+C ends quietly.</summary>
    protected bool TryDocker(Action action, object? target)
    {
        try
        {
            return TryRun(action, target);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>name=value pairs from a hashtable (-Label, -Option, -AuxAddress), values as invariant text.</summary>
    protected static Dictionary<string, string> ToDictionary(Hashtable? table) =>
        table?.Cast<DictionaryEntry>().ToDictionary(
            e => Convert.ToString(e.Key, CultureInfo.InvariantCulture)!,
            e => Convert.ToString(e.Value, CultureInfo.InvariantCulture) ?? string.Empty) ?? [];
}

/// <summary>Lets -Container take a container object (its name), or a name or id.</summary>
public sealed class ContainerTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        TransformEach(inputData, value => value is Container c ? c.Name : value);

    internal static object? TransformEach(object? inputData, Func<object?, object?> one)
    {
        object? value = inputData is PSObject ps ? ps.BaseObject : inputData;
        return value is IList list
            ? list.Cast<object?>().Select(item => one(item is PSObject p ? p.BaseObject : item)).ToArray()
            : one(value);
    }
}

/// <summary>Lets -Network take a network object (its name), or a name or id.</summary>
public sealed class ContainerNetworkTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        ContainerTransformationAttribute.TransformEach(inputData, value => value is ContainerNetwork n ? n.Name : value);
}
