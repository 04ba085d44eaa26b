using System.Management.Automation;
using PSContainerNet.Engine;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet;

/// <summary>What every PSContainerNet cmdlet shares: namespace resolution and engine errors as ErrorRecords.</summary>
public abstract class PSContainerNetCmdlet : PSCmdlet
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>
    /// Refuses a namespace parameter given as empty or null: only an absent -Namespace means the current namespace,
    /// so an empty variable can never turn a command onto the host. Piped objects of the current namespace carry a
    /// null Namespace and still bind (they are not bound yet when this runs).
    /// </summary>
    protected override void BeginProcessing()
    {
        foreach ((string parameter, object? value) in MyInvocation.BoundParameters)
        {
            bool empty = value switch
            {
                null => true,
                string name => string.IsNullOrWhiteSpace(name),
                string[] names => names.Length == 0 || names.Any(string.IsNullOrWhiteSpace),
                _ => false,
            };
            if (empty && parameter.EndsWith("Namespace", StringComparison.Ordinal))
            {
                ThrowUsageError(
                    $"-{parameter} was given an empty value (an unset variable?). Leave the parameter out to act in the current namespace, or name a namespace.",
                    "EmptyNamespace", parameter);
            }
        }
    }

    /// <summary>Resolves -Namespace; writes a non-terminating error and returns null when it cannot.</summary>
    protected NamespaceHandle? ResolveNamespace(string? nameOrPath)
    {
        try
        {
            return NamespaceHandle.Resolve(nameOrPath);
        }
        catch (EngineException e)
        {
            WriteEngineError(e, nameOrPath);
            return null;
        }
    }

    /// <summary>Resolves -Namespace and runs one step in it; failures become non-terminating errors.</summary>
    /// <returns>False when the step failed (the error is written).</returns>
    protected bool RunInNamespace(string? nameOrPath, object? target, Action<NamespaceHandle> step) =>
        ResolveNamespace(nameOrPath) is NamespaceHandle ns && TryRun(() => step(ns), target);

    /// <summary>
    /// Runs one per-item step; an engine failure becomes a non-terminating error for that item. With -Verbose,
    /// the netlink requests the step makes on this thread are written as verbose messages.
    /// </summary>
    protected bool TryRun(Action action, object? target)
    {
        try
        {
            using (VerboseWanted ? NetlinkTrace.To(WriteVerbose) : null)
            {
                action();
            }

            return true;
        }
        catch (EngineException e)
        {
            WriteEngineError(e, target);
            return false;
        }
    }

    private bool? _verboseWanted;

    /// <summary>Whether verbose messages are shown (-Verbose, or $VerbosePreference), so tracing costs nothing otherwise.</summary>
    private bool VerboseWanted => _verboseWanted ??= MyInvocation.BoundParameters.TryGetValue("Verbose", out object? verbose)
        ? ((SwitchParameter)verbose).IsPresent
        : GetVariableValue("VerbosePreference") is ActionPreference preference && preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore;

    protected void WriteEngineError(EngineException e, object? target) =>
        WriteError(new ErrorRecord(e, e.Kind.ToString(), CategoryOf(e.Kind), e.Target ?? target));

    /// <summary>For parameter combinations that can never work: stop the whole command.</summary>
    protected void ThrowUsageError(string message, string errorId, object? target) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target));

    /// <summary>Set by Ctrl+C (StopProcessing).</summary>
    protected CancellationToken StopToken => _stop.Token;

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>
    /// Runs an engine operation that reports its steps as (step, total, description), with a progress bar under
    /// <paramref name="activity"/> that is completed when the operation ends, however it ends.
    /// </summary>
    protected T WithStepProgress<T>(int id, string activity, Func<Action<int, int, string>, T> operation)
    {
        var progress = new ProgressRecord(id, activity, "Starting");
        try
        {
            return operation((step, total, description) =>
            {
                progress.StatusDescription = $"{step} of {total}: {description}";
                progress.PercentComplete = 100 * (step - 1) / total;
                WriteProgress(progress);
            });
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    /// <summary>Runs a step for each item, with a progress bar when there are several (each can take a while).</summary>
    protected void ForEachWithProgress(IReadOnlyList<string> items, string activity, Action<string> step)
    {
        ProgressRecord? progress = items.Count > 1 ? new ProgressRecord(2, activity, "Starting") : null;
        for (int i = 0; i < items.Count; i++)
        {
            if (progress is not null)
            {
                progress.StatusDescription = $"{i + 1} of {items.Count}: {items[i]}";
                progress.PercentComplete = 100 * i / items.Count;
                WriteProgress(progress);
            }

            step(items[i]);
        }

        if (progress is not null)
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    protected bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

    /// <summary>The link named by -InterfaceAlias, or else by -InterfaceIndex; null when neither was given.</summary>
    protected static string? LinkNameOf(NamespaceHandle ns, string? interfaceAlias, int? interfaceIndex) =>
        interfaceAlias ?? (interfaceIndex is int index ? PSContainerNet.Engine.Links.LinkService.Get(ns, index).Name : null);

    internal static ErrorCategory CategoryOf(EngineErrorKind kind) => kind switch
    {
        EngineErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        EngineErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        EngineErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
        EngineErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        EngineErrorKind.NotSupported => ErrorCategory.NotImplemented,
        EngineErrorKind.Busy => ErrorCategory.ResourceBusy,
        EngineErrorKind.ConnectionFailed => ErrorCategory.ConnectionError,
        EngineErrorKind.Timeout => ErrorCategory.OperationTimeout,
        _ => ErrorCategory.InvalidOperation,
    };
}

/// <summary>A cmdlet acting inside one namespace, taken from -Namespace or from piped objects' Namespace property.</summary>
public abstract class NamespaceScopedCmdlet : PSContainerNetCmdlet
{
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [NamespaceTransformation]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string? Namespace { get; set; }
}

/// <summary>A Get- cmdlet: -Namespace also takes piped namespace objects (Get-NetNamespace | Get-...).</summary>
public abstract class NamespaceQueryCmdlet : PSContainerNetCmdlet
{
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [NamespaceTransformation]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string? Namespace { get; set; }
}
