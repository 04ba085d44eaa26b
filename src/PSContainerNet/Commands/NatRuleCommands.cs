using System.Management.Automation;
using System.Net;
using PSContainerNet.Engine;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Nftables;

namespace PSContainerNet.Commands;

/// <summary>
/// Add-NatRule: masquerade, SNAT and DNAT (port forwarding) in the module's own nf_tables table. Rules from
/// one pipeline are committed together at its end, in one transaction per namespace: all or none.
/// </summary>
[Cmdlet(VerbsCommon.Add, "NatRule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = "Masquerade")]
[OutputType(typeof(NatRule))]
public sealed class AddNatRuleCommand : NamespaceScopedCmdlet
{
    private readonly Dictionary<string, (NamespaceHandle Namespace, List<NatRuleSpec> Specs)> _pending = new();
    private int _invalid;

    /// <summary>Rewrite the source to the outgoing interface's address (iptables -j MASQUERADE).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Masquerade")]
    public SwitchParameter Masquerade { get; set; }

    /// <summary>Rewrite the source to -ToAddress.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Snat")]
    public SwitchParameter Snat { get; set; }

    /// <summary>Rewrite the destination to -ToAddress[:-ToPort]: port forwarding.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Dnat")]
    public SwitchParameter Dnat { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "Snat", ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = "Dnat", ValueFromPipelineByPropertyName = true)]
    public string ToAddress { get; set; } = string.Empty;

    /// <summary>A port or range (80, 8000-8009) to translate to.</summary>
    [Parameter(ParameterSetName = "Snat", ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = "Dnat", ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = "Masquerade", ValueFromPipelineByPropertyName = true)]
    public string? ToPort { get; set; }

    /// <summary>Only packets from this prefix (172.17.0.0/16).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? SourcePrefix { get; set; }

    /// <summary>Only packets to this address or prefix; for DNAT without it, any address of this host.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("DestinationPrefix")]
    public string? DestinationAddress { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? InInterface { get; set; }

    /// <summary>Packets that did not come in on this interface (iptables ! -i docker0).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? NotInInterface { get; set; }

    [Parameter(ParameterSetName = "Masquerade", ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = "Snat", ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? OutInterface { get; set; }

    /// <summary>Packets not leaving through this interface (iptables ! -o docker0).</summary>
    [Parameter(ParameterSetName = "Masquerade")]
    [Parameter(ParameterSetName = "Snat")]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? NotOutInterface { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("tcp", "udp")]
    public string? Protocol { get; set; }

    /// <summary>A port or range (8080, 8080-8090); needs -Protocol.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? DestinationPort { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Comment { get; set; }

    /// <summary>DNAT: also forward this host's own connections to the port (the seeds' OUTPUT -> DOCKER jump).</summary>
    [Parameter(ParameterSetName = "Dnat")]
    public SwitchParameter IncludeLocal { get; set; }

    /// <summary>DNAT: let the target reach its own forwarded port through this host (masquerades target-to-target traffic).</summary>
    [Parameter(ParameterSetName = "Dnat")]
    public SwitchParameter Hairpin { get; set; }

    /// <summary>Turns on forwarding in the namespace (NAT of forwarded traffic needs it).</summary>
    [Parameter]
    public SwitchParameter EnableForwarding { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var text = new NatRuleText
        {
            Action = Dnat ? NatAction.Dnat : Snat ? NatAction.Snat : NatAction.Masquerade,
            SourcePrefix = SourcePrefix,
            DestinationAddress = DestinationAddress,
            InInterface = InInterface,
            NotInInterface = NotInInterface,
            OutInterface = OutInterface,
            NotOutInterface = NotOutInterface,
            Protocol = Protocol,
            DestinationPort = DestinationPort,
            ToAddress = ToAddress,
            ToPort = ToPort,
            Comment = Comment,
            IncludeLocal = IncludeLocal,
            Hairpin = Hairpin,
        };
        bool valid = RunInNamespace(Namespace, text.ToString(), ns =>
        {
            NatRuleSpec spec = text.ToSpec(); // here, so a bad rule is reported against its own pipeline item
            if (!ShouldProcess(ns.Description, $"Add {spec.Action} rule{(Comment is null ? string.Empty : $" '{Comment}'")}"))
            {
                return;
            }

            string key = ns.Inode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!_pending.TryGetValue(key, out var batch))
            {
                _pending[key] = batch = (ns, new List<NatRuleSpec>());
            }

            batch.Specs.Add(spec);
        });
        if (!valid)
        {
            _invalid++;
        }
    }

    /// <summary>One transaction per namespace for everything the pipeline sent.</summary>
    protected override void EndProcessing()
    {
        if (_invalid > 0)
        {
            // All or none: the valid rules of a pipeline with a bad one are not committed either.
            int held = _pending.Values.Sum(p => p.Specs.Count);
            WriteEngineError(new EngineException(EngineErrorKind.InvalidArgument,
                $"no NAT rule was added: {_invalid} rule(s) of this pipeline were not valid (see the errors above), so the {held} valid one(s) were not committed either"), null);
            return;
        }

        foreach (var (ns, specs) in _pending.Values)
        {
            TryRun(() =>
            {
                foreach (string name in NatService.UnknownInterfaces(ns, specs))
                {
                    WriteWarning($"{ns.Description} has no interface '{name}'; the rule is added and matches once such an interface exists.");
                }

                foreach (IPFamily family in specs.Select(s => s.Family).Distinct())
                {
                    if (EnableForwarding)
                    {
                        NatService.EnableForwarding(ns, family);
                    }
                    else if (!NatService.ForwardingKnownOn(ns, family))
                    {
                        WriteWarning($"{family} forwarding is off in {ns.Description}, so forwarded traffic is not NATed; use -EnableForwarding or Set-NetSysctl.");
                    }
                }

                if (specs.Any(s => s.Hairpin) && NatService.BridgeNetfilterActive(ns))
                {
                    WriteWarning("br_netfilter is active: for -Hairpin to work when the target sits on a bridge here, turn on hairpin mode on its bridge port (Set-NetLink PORT -HairpinMode).");
                }

                WriteVerbose($"Committing {specs.Count} NAT rule(s) in {ns.Description} as one nf_tables transaction.");
                IReadOnlyList<NatRule> added = NatService.Add(ns, specs, returnRules: PassThru);
                WriteObject(added, enumerateCollection: true);
            }, ns.Reference);
        }
    }
}

/// <summary>Get-NatRule: the module's NAT rules with packet and byte counters.</summary>
[Cmdlet(VerbsCommon.Get, "NatRule")]
[OutputType(typeof(NatRule))]
public sealed class GetNatRuleCommand : NamespaceQueryCmdlet
{
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string[]? Comment { get; set; }

    [Parameter]
    public NatAction[]? Action { get; set; }

    [Parameter]
    [ValidateSet("prerouting", "output", "postrouting")]
    public string? Chain { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, Namespace, ns =>
        WriteObject(NatService.List(ns)
            .Where(r => Comment is null || (r.Comment is string c && Comment.Any(p => new Wildcard(p).IsMatch(c))))
            .Where(r => Action is null || Action.Contains(r.Action))
            .Where(r => Chain is null || r.Chain == Chain), enumerateCollection: true));
}

/// <summary>Remove-NatRule: by piped rule, by handle or by comment; all removals of a pipeline in one transaction. Idempotent.</summary>
[Cmdlet(VerbsCommon.Remove, "NatRule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "InputObject")]
[OutputType(typeof(void))]
public sealed class RemoveNatRuleCommand : PSContainerNetCmdlet
{
    private readonly Dictionary<string, (NamespaceHandle Namespace, List<NatRule> Rules)> _pending = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "InputObject")]
    public NatRule[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = "Comment")]
    [SupportsWildcards]
    public string[] Comment { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = "Handle")]
    public long[] Handle { get; set; } = [];

    /// <summary>Every rule of the module's tables in the namespace.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "All")]
    public SwitchParameter All { get; set; }

    /// <summary>Where to look for -Comment, -Handle or -All; piped rules carry their own namespace.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [NamespaceTransformation]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string? Namespace { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == "InputObject")
        {
            foreach (var group in InputObject.GroupBy(r => r.Namespace))
            {
                RunInNamespace(group.Key, group.Key, ns => Queue(ns, group));
            }

            return;
        }

        RunInNamespace(Namespace, Namespace, ns => Queue(ns, NatService.List(ns).Where(r => ParameterSetName switch
        {
            "Comment" => r.Comment is string c && Comment.Any(p => new Wildcard(p).IsMatch(c)),
            "Handle" => Handle.Contains(r.Handle),
            _ => true,
        })));
    }

    protected override void EndProcessing()
    {
        foreach (var (ns, rules) in _pending.Values)
        {
            TryRun(() => WriteVerbose($"Removed {NatService.Remove(ns, rules)} NAT rule(s) in {ns.Description} in one transaction."), ns.Reference);
        }
    }

    private void Queue(NamespaceHandle ns, IEnumerable<NatRule> rules)
    {
        string key = ns.Inode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (NatRule rule in rules)
        {
            if (ShouldProcess($"{rule.Chain} handle {rule.Handle} in {ns.Description}", $"Remove NAT rule {rule.Rule}"))
            {
                if (!_pending.TryGetValue(key, out var batch))
                {
                    _pending[key] = batch = (ns, new List<NatRule>());
                }

                batch.Rules.Add(rule);
            }
        }
    }
}
