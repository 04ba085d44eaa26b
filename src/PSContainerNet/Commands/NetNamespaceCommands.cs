using System.Management.Automation;
using PSContainerNet.Engine;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Commands;

/// <summary>New-NetNamespace: ip netns add, or ip netns attach with -ProcessId.</summary>
[Cmdlet(VerbsCommon.New, "NetNamespace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetNamespace))]
public sealed class NewNetNamespaceCommand : PSContainerNetCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    /// <summary>Names the network namespace of this running process (a container's, say) instead of making a new one.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Pid")]
    [ValidateRange(1, int.MaxValue)]
    public int ProcessId { get; set; }

    protected override void ProcessRecord()
    {
        bool attach = IsBound(nameof(ProcessId));
        foreach (string name in Name)
        {
            string action = attach ? $"Name the network namespace of process {ProcessId}" : "Create network namespace";
            if (!ShouldProcess(name, action))
            {
                continue;
            }

            TryRun(() => WriteObject(attach ? NetNamespaceStore.Register(name, ProcessId) : NetNamespaceStore.Create(name)), name);
        }
    }
}

/// <summary>Get-NetNamespace: the names under /run/netns, iproute2's included.</summary>
[Cmdlet(VerbsCommon.Get, "NetNamespace")]
[OutputType(typeof(NetNamespace))]
public sealed class GetNetNamespaceCommand : PSContainerNetCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        IReadOnlyList<NetNamespace> all;
        try
        {
            all = NetNamespaceStore.List();
        }
        catch (EngineException e)
        {
            WriteEngineError(e, null);
            return;
        }

        if (Name is null)
        {
            WriteObject(all, enumerateCollection: true);
            return;
        }

        foreach (string pattern in Name)
        {
            var wildcard = new Wildcard(pattern);
            var matches = all.Where(n => wildcard.IsMatch(n.Name)).ToList();
            if (matches.Count == 0 && !Wildcard.HasWildcards(pattern))
            {
                WriteEngineError(new EngineException(EngineErrorKind.NotFound,
                    $"network namespace '{pattern}' does not exist; Get-NetNamespace without -Name lists them", pattern), pattern);
            }

            WriteObject(matches, enumerateCollection: true);
        }
    }
}

/// <summary>
/// Remove-NetNamespace: ip netns delete. Its links go with it once nothing else holds it; removing a namespace
/// whose links would be destroyed asks first, unless -Force.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "NetNamespace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetNamespaceCommand : PSContainerNetCmdlet
{
    private bool _yesToAll;
    private bool _noToAll;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    /// <summary>Removes a namespace whose links would be destroyed without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => ForEachWithProgress(Name, "Remove network namespaces", name =>
    {
        IReadOnlyList<string> lost = Force ? [] : LinksDestroyedWith(name); // -Force asks nothing, so need not look
        string what = lost.Count == 0 ? name : $"{name} (destroys {string.Join(", ", lost)})";
        if (!ShouldProcess(what, "Remove network namespace"))
        {
            return;
        }

        if (lost.Count > 0 && !ShouldContinue(
                $"Nothing else holds namespace '{name}', so removing it destroys {string.Join(", ", lost)} (a veth's other end goes too). Remove it? -Force skips this question.",
                "Remove a namespace that holds links", ref _yesToAll, ref _noToAll))
        {
            return;
        }

        TryRun(() => NetNamespaceStore.Remove(name), name);
    });

    /// <summary>The links (lo aside) removing the name destroys: none when a process or another name keeps the namespace.</summary>
    private static IReadOnlyList<string> LinksDestroyedWith(string name)
    {
        try
        {
            return NetNamespaceStore.HeldOnlyByName(name)
                ? LinkService.List(NamespaceHandle.Resolve(name)).Where(l => l.Name != "lo").Select(l => l.Name).ToList()
                : [];
        }
        catch (EngineException)
        {
            return []; // the removal itself reports what is wrong
        }
    }
}

/// <summary>Invoke-NetNamespace: ip netns exec, returning output and exit code as an object, or streaming.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "NetNamespace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NamespaceCommandResult), typeof(string))]
public sealed class InvokeNetNamespaceCommand : PSContainerNetCmdlet
{
    /// <summary>The namespace to run in.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Namespace")]
    [NamespaceTransformation]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>The program: a name found on PATH or a path.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Command { get; set; } = string.Empty;

    [Parameter(Position = 2)]
    [AllowEmptyCollection]
    public string[] ArgumentList { get; set; } = [];

    /// <summary>Stops the program after this many seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSeconds { get; set; }

    /// <summary>Writes the program's output lines as they come (standard error to the host) and sets $LASTEXITCODE.</summary>
    [Parameter]
    public SwitchParameter Stream { get; set; }

    protected override void ProcessRecord()
    {
        if (ResolveNamespace(Name) is not NamespaceHandle ns ||
            !ShouldProcess(ns.Description, $"Run {Command} {string.Join(' ', ArgumentList)}"))
        {
            return;
        }

        TimeSpan? timeout = IsBound(nameof(TimeoutSeconds)) ? TimeSpan.FromSeconds(TimeoutSeconds) : null;
        if (!Stream)
        {
            TryRun(() => WriteObject(NamespaceProcess.Run(ns, Command, ArgumentList, timeout, cancellation: StopToken)), Command);
            return;
        }

        // Lines arrive on reader threads; only this pipeline thread may write them.
        using var lines = new System.Collections.Concurrent.BlockingCollection<(bool IsError, string Text)>();
        var run = Task.Run(() =>
        {
            try
            {
                return NamespaceProcess.Run(ns, Command, ArgumentList, timeout, l => lines.Add((false, l)), l => lines.Add((true, l)), StopToken);
            }
            finally
            {
                lines.CompleteAdding();
            }
        });
        foreach (var (isError, text) in lines.GetConsumingEnumerable())
        {
            if (isError)
            {
                Host.UI.WriteErrorLine(text);
            }
            else
            {
                WriteObject(text);
            }
        }

        TryRun(() =>
        {
            NamespaceCommandResult result = run.GetAwaiter().GetResult();
            SessionState.PSVariable.Set("global:LASTEXITCODE", result.ExitCode);
            if (result.TimedOut)
            {
                WriteWarning($"{Command} in {ns.Description} was stopped after {TimeoutSeconds} s.");
            }
        }, Command);
    }
}
