using PSContainerNet.Engine.Addresses;

namespace PSContainerNet.Engine.Nftables;

/// <summary>
/// A NAT rule as a person writes it, with Add-NatRule's parameter names (a lab definition's Nat entries use the same
/// names): text, parsed into a <see cref="NatRuleSpec"/> in one place for both.
/// </summary>
public sealed record NatRuleText
{
    public required NatAction Action { get; init; }

    public string? SourcePrefix { get; init; }

    public string? DestinationAddress { get; init; }

    public string? InInterface { get; init; }

    public string? NotInInterface { get; init; }

    public string? OutInterface { get; init; }

    public string? NotOutInterface { get; init; }

    public string? Protocol { get; init; }

    public string? DestinationPort { get; init; }

    public string? ToAddress { get; init; }

    public string? ToPort { get; init; }

    public string? Comment { get; init; }

    public bool IncludeLocal { get; init; }

    public bool Hairpin { get; init; }

    /// <summary>The rule, parsed and checked; InvalidArgument naming what is wrong otherwise.</summary>
    public NatRuleSpec ToSpec()
    {
        if (InInterface is not null && NotInInterface is not null || OutInterface is not null && NotOutInterface is not null)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                "give an interface either to match (InInterface/OutInterface) or to exclude (NotInInterface/NotOutInterface), not both", ToString());
        }

        (int Start, int? End)? port = DestinationPort is null ? null : NatRuleSpec.ParsePorts(DestinationPort);
        (int Start, int? End)? toPort = ToPort is null ? null : NatRuleSpec.ParsePorts(ToPort);
        var spec = new NatRuleSpec
        {
            Action = Action,
            Source = SourcePrefix is null ? null : IPPrefix.Parse(SourcePrefix),
            Destination = DestinationAddress is null ? null : IPPrefix.Parse(DestinationAddress),
            InInterface = InInterface ?? NotInInterface,
            InInterfaceNegated = NotInInterface is not null,
            OutInterface = OutInterface ?? NotOutInterface,
            OutInterfaceNegated = NotOutInterface is not null,
            Protocol = Protocol,
            Port = port?.Start,
            PortEnd = port?.End,
            ToAddress = string.IsNullOrEmpty(ToAddress) ? null : IPPrefix.Parse(ToAddress).Address,
            ToPort = toPort?.Start,
            ToPortEnd = toPort?.End,
            Comment = Comment,
            IncludeLocal = IncludeLocal,
            Hairpin = Hairpin,
        };
        try
        {
            spec.Validate();
        }
        catch (EngineException e) when (e.Target is null || Equals(e.Target, Action.ToString()) || Equals(e.Target, Comment))
        {
            throw new EngineException(e.Kind, e.Message, ToString(), e); // the rule in a line names it better than its action
        }

        return spec;
    }

    /// <summary>The rule in a line, as errors name it: "Dnat tcp dport 8080 to 172.17.0.2:80 'web'".</summary>
    public override string ToString()
    {
        var words = new List<string> { Action.ToString() };
        void Add(string? value, string label)
        {
            if (!string.IsNullOrEmpty(value))
            {
                words.Add(label.Length == 0 ? value : $"{label} {value}");
            }
        }

        Add(SourcePrefix, "from");
        Add(DestinationAddress, "to");
        Add(InInterface, "in");
        Add(NotInInterface, "in not");
        Add(OutInterface, "out");
        Add(NotOutInterface, "out not");
        Add(Protocol, string.Empty);
        Add(DestinationPort, "dport");
        Add(ToAddress is null ? null : ToPort is null ? ToAddress : $"{ToAddress}:{ToPort}", "->");
        Add(ToAddress is null ? ToPort : null, "-> port");
        Add(Comment is null ? null : $"'{Comment}'", string.Empty);
        return string.Join(' ', words);
    }
}
