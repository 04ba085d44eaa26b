using System.Management.Automation;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Commands;

/// <summary>Get-NetSysctl: net.* kernel settings of a namespace; without -Name, the ones labs need.</summary>
[Cmdlet(VerbsCommon.Get, "NetSysctl")]
[OutputType(typeof(NetSysctl))]
public sealed class GetNetSysctlCommand : NamespaceQueryCmdlet
{
    /// <summary>Dotted names such as net.ipv4.ip_forward; * and ? match within one part.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SysctlNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord() =>
        RunInNamespace(Namespace, Name?.FirstOrDefault() ?? Namespace, ns => WriteObject(NetSysctlService.Get(ns, Name), enumerateCollection: true));
}

/// <summary>Set-NetSysctl: sysctl -w inside a namespace (forwarding, rp_filter, proxy_arp, ...).</summary>
[Cmdlet(VerbsCommon.Set, "NetSysctl", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetSysctl))]
public sealed class SetNetSysctlCommand : NamespaceScopedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SysctlNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public string Value { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, Name, ns =>
    {
        if (ShouldProcess($"{Name} in {ns.Description}", $"Set to '{Value}'"))
        {
            NetSysctl result = NetSysctlService.Set(ns, Name, Value);
            if (PassThru)
            {
                WriteObject(result);
            }
        }
    });
}
