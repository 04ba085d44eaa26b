using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSContainerNet.Engine;
using PSContainerNet.Engine.Labs;

namespace PSContainerNet.Commands;

/// <summary>New-NetLab: a whole lab from a definition (.psd1 or hashtable), built in order, undone on failure or Ctrl+C.</summary>
[Cmdlet(VerbsCommon.New, "NetLab", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = "Path")]
[OutputType(typeof(NetLab))]
public sealed class NewNetLabCommand : NetLabDefinitionCmdlet
{
    protected override void ProcessRecord()
    {
        if (ReadDefinition() is not IDictionary raw)
        {
            return;
        }

        TryDocker(() =>
        {
            LabDefinition lab = LabDefinition.Parse(raw);
            string what = $"{lab.Name}: {lab.Nodes.Count} node(s), {lab.Bridges.Count} bridge(s), {lab.Links.Count} link(s), {lab.Routes.Count} route(s), {lab.Nat.Count} NAT rule(s)";
            if (!ShouldProcess(what, "Build network lab"))
            {
                return;
            }

            WriteObject(WithStepProgress(3, $"Building lab {lab.Name}", progress => LabService.Build(lab, progress, StopToken, DockerHost)));
        }, DefinitionTarget);
    }
}

/// <summary>Compare-NetLab: where a running lab differs from its definition (drift), as change objects; changes nothing.</summary>
[Cmdlet(VerbsData.Compare, "NetLab", DefaultParameterSetName = "Path")]
[OutputType(typeof(NetLabChange))]
public sealed class CompareNetLabCommand : NetLabDefinitionCmdlet
{
    protected override void ProcessRecord()
    {
        if (ReadDefinition() is not IDictionary raw)
        {
            return;
        }

        TryDocker(() =>
        {
            LabDefinition lab = LabDefinition.Parse(raw);
            var changes = LabChanges.Compare(lab, DockerHost);
            if (changes.Count == 0)
            {
                WriteVerbose($"lab '{lab.Name}' matches its definition");
            }

            WriteObject(changes, enumerateCollection: true);
        }, DefinitionTarget);
    }
}

/// <summary>
/// Set-NetLab: makes a running lab match a changed definition, only the differences, in dependency order, the change
/// undone when a step fails or Ctrl+C stops it; -PassThru writes the changes made, -WhatIf the plan (nothing made).
/// </summary>
[Cmdlet(VerbsCommon.Set, "NetLab", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Path")]
[OutputType(typeof(NetLabChange))]
public sealed class SetNetLabCommand : NetLabDefinitionCmdlet
{
    /// <summary>Writes the changes made.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ReadDefinition() is not IDictionary raw)
        {
            return;
        }

        TryDocker(() =>
        {
            LabDefinition lab = LabDefinition.Parse(raw);
            bool whatIf = false;
            var changes = WithStepProgress(3, $"Changing lab {lab.Name}", progress => LabChanges.Apply(lab, plan =>
                {
                    string counts = string.Join(", ", plan.GroupBy(c => c.Action).Select(g => $"{g.Count()} to {g.Key.ToString().ToLowerInvariant()}"));
                    string what = $"Apply the changed definition to lab {lab.Name}: {counts}";
                    bool go = ShouldProcess(what, what + "?", "Set-NetLab", out ShouldProcessReason reason);
                    whatIf = reason == ShouldProcessReason.WhatIf;
                    return go;
                },
                progress, StopToken, DockerHost));
            if (changes.Count == 0)
            {
                WriteInformation(new HostInformationMessage { Message = $"Lab '{lab.Name}' matches its definition: nothing to change." }, ["PSHOST"]);
            }

            foreach (NetLabChange change in changes.Where(c => c.Applied))
            {
                WriteVerbose($"Lab {lab.Name}: {change}");
            }

            // The plan, as objects a script can inspect, is what -WhatIf is for here.
            if (PassThru || whatIf)
            {
                WriteObject(changes, enumerateCollection: true);
            }
        }, DefinitionTarget);
    }
}

/// <summary>Get-NetLab: the labs on the live system, found by the marks their namespaces carry.</summary>
[Cmdlet(VerbsCommon.Get, "NetLab")]
[OutputType(typeof(NetLab))]
public sealed class GetNetLabCommand : PSContainerNetCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string pattern in Name ?? ["*"])
        {
            TryRun(() =>
            {
                var labs = LabService.Find(pattern);
                if (labs.Count == 0 && !Wildcard.HasWildcards(pattern))
                {
                    throw new EngineException(EngineErrorKind.NotFound, $"no lab named '{pattern}'; Get-NetLab without -Name lists them", pattern);
                }

                WriteObject(labs, enumerateCollection: true);
            }, pattern);
        }
    }
}

/// <summary>
/// Test-NetLab: pings (or TCP connections) between a lab's nodes, all pairs or a declared matrix, and says why each
/// failure fails; -Wait tries failing paths again until they pass or the time is up.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "NetLab")]
[OutputType(typeof(NetLabPath), typeof(bool))]
public sealed class TestNetLabCommand : PSContainerNetCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>
    /// The pairs to test: @{ From = 'box1'; To = 'box2' }, with Reachable = $false for pairs that must not reach and
    /// Port = 80 for a TCP connection instead of a ping.
    /// </summary>
    [Parameter]
    public Hashtable[]? Expect { get; set; }

    /// <summary>The target addresses tried: IPv4 (the default), IPv6 (global ones) or All.</summary>
    [Parameter]
    public LabAddressFamily AddressFamily { get; set; } = LabAddressFamily.IPv4;

    /// <summary>Tries failing paths again until every one is as expected or -TimeoutSeconds pass (a lab converging).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long -Wait waits (30 s).</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Returns only $true (every path as expected) or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord() => TryRun(() =>
    {
        var matrix = Expect?.Select(Expectation).ToList();
        var paths = WithStepProgress(4, $"Testing lab {Name}",
            progress => LabTester.Test(Name, matrix, progress, AddressFamily, Wait ? TimeSpan.FromSeconds(TimeoutSeconds) : null, StopToken));
        if (Quiet)
        {
            WriteObject(paths.All(p => p.Passed));
        }
        else
        {
            WriteObject(paths, enumerateCollection: true);
        }
    }, Name);

    private static LabExpectation Expectation(Hashtable entry)
    {
        string? Text(string key) => entry.ContainsKey(key) ? entry[key]?.ToString() : null;
        string from = Text("From") ?? throw new EngineException(EngineErrorKind.InvalidArgument, "each -Expect entry needs From and To, as @{ From = 'box1'; To = 'box2' }", entry);
        string to = Text("To") ?? throw new EngineException(EngineErrorKind.InvalidArgument, "each -Expect entry needs From and To, as @{ From = 'box1'; To = 'box2' }", entry);
        int? port = entry.ContainsKey("Port") ? LanguagePrimitives.ConvertTo<int>(entry["Port"]) : null;
        return new LabExpectation(from, to, entry.ContainsKey("Reachable") ? LanguagePrimitives.IsTrue(entry["Reachable"]) : null, port);
    }
}

/// <summary>Export-NetLabGraph: the live lab as Mermaid or Graphviz DOT text, or SVG through Graphviz's dot.</summary>
[Cmdlet(VerbsData.Export, "NetLabGraph", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(string))]
public sealed class ExportNetLabGraphCommand : PSContainerNetCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter]
    public LabGraphFormat Format { get; set; } = LabGraphFormat.Mermaid;

    /// <summary>Writes the graph to this file instead of the pipeline.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    protected override void ProcessRecord() => TryRun(() =>
    {
        string graph = LabGraph.Export(Name, Format);
        if (Path is null)
        {
            WriteObject(graph);
            return;
        }

        string file = GetUnresolvedProviderPathFromPSPath(Path);
        if (ShouldProcess(file, $"Write the {Format} graph of lab {Name}"))
        {
            File.WriteAllText(file, graph);
        }
    }, Name);
}

/// <summary>Remove-NetLab: every namespace of a lab (their links go with them); idempotent; reports what went.</summary>
[Cmdlet(VerbsCommon.Remove, "NetLab", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(NetLabRemoval))]
public sealed class RemoveNetLabCommand : PSContainerNetCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord() => ForEachWithProgress(Name, "Remove network labs", name =>
    {
        if (ShouldProcess(name, "Remove network lab (all its namespaces and links)"))
        {
            TryRun(() => WriteObject(LabService.Remove(name)), name);
        }
    });
}
