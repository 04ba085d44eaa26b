using System.Management.Automation;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Commands;

/// <summary>A cmdlet about one existing link, named first or piped from Get-NetLink.</summary>
public abstract class NamedLinkCmdlet : NamespaceScopedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;
}

/// <summary>A Set- cmdlet that changes one kind of link setting in one request: the named link, -PassThru, -WhatIf.</summary>
public abstract class SetLinkCommandBase : NamedLinkCmdlet
{
    /// <summary>Writes the changed link.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The change as ip would spell it ("priority 4096 stp_state 1"), for -WhatIf and -Confirm.</summary>
    protected abstract string Describe();

    protected abstract LinkSettings Settings();

    protected override void ProcessRecord()
    {
        LinkSettings settings = Settings();
        string change = Describe();
        RunInNamespace(Namespace, Name, ns =>
        {
            if (ShouldProcess($"{Name} in {ns.Description}", $"Set {change}"))
            {
                LinkService.Set(ns, Name, settings);
                if (PassThru)
                {
                    WriteObject(LinkService.Get(ns, Name));
                }
            }
        });
    }

    /// <summary>"name on" / "name off" for a switch the user bound, else nothing.</summary>
    protected IEnumerable<string> OnOff(string parameter, string ipWord) =>
        IsBound(parameter) ? [$"{ipWord} {(((SwitchParameter)MyInvocation.BoundParameters[parameter]).IsPresent ? "on" : "off")}"] : [];

    /// <summary>"name value[unit]" for a value the user bound, else nothing.</summary>
    protected IEnumerable<string> Value(string parameter, string ipWord, string unit = "") =>
        IsBound(parameter) ? [$"{ipWord} {MyInvocation.BoundParameters[parameter]}{unit}"] : [];

    /// <summary>The switch's value when bound (-X or -X:$false), else null: unset settings are left alone.</summary>
    protected bool? Switch(string parameter) =>
        IsBound(parameter) ? ((SwitchParameter)MyInvocation.BoundParameters[parameter]).IsPresent : null;
}
