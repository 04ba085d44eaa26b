using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSContainerNet.Engine;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet;

/// <summary>Completes names under /run/netns.</summary>
public sealed class NamespaceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = new Wildcard(wordToComplete.Trim('\'', '"') + "*");
        IReadOnlyList<NetNamespace> all;
        try
        {
            all = NetNamespaceStore.List();
        }
        catch (Exception)
        {
            yield break; // completion never fails the command line
        }

        foreach (NetNamespace ns in all.Where(n => pattern.IsMatch(n.Name)))
        {
            yield return Completion.Of(ns.Name, $"{ns.Name} (inode {ns.Inode})");
        }
    }
}

/// <summary>Completes link names in the namespace given by -Namespace on the same command line.</summary>
public sealed class LinkNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = new Wildcard(wordToComplete.Trim('\'', '"') + "*");
        IReadOnlyList<NetLink> links;
        try
        {
            string? ns = fakeBoundParameters.Contains("Namespace") ? fakeBoundParameters["Namespace"]?.ToString() : null;
            links = LinkService.List(NamespaceHandle.Resolve(ns));
        }
        catch (Exception)
        {
            yield break;
        }

        foreach (NetLink link in links.Where(l => pattern.IsMatch(l.Name)))
        {
            yield return Completion.Of(link.Name, $"{link.DisplayName} {link.Kind} {link.OperState}");
        }
    }
}

/// <summary>Completes the link kinds rtnetlink knows by name.</summary>
public sealed class LinkKindCompleter : IArgumentCompleter
{
    private static readonly string[] Kinds =
        ["device", "veth", "bridge", "macvlan", "ipvlan", "vxlan", "vlan", "dummy", "ifb", "nlmon", "bond", "vrf", "macvtap", "geneve", "wireguard"];

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Kinds.Where(k => k.StartsWith(wordToComplete, StringComparison.OrdinalIgnoreCase))
            .Select(k => new CompletionResult(k, k, CompletionResultType.ParameterValue, k));
}

internal static class Completion
{
    internal static CompletionResult Of(string value, string tooltip)
    {
        bool needsQuotes = value.Any(c => char.IsWhiteSpace(c) || "'\"$`;(){}@&|#,".Contains(c));
        return new CompletionResult(needsQuotes ? $"'{value.Replace("'", "''")}'" : value, value, CompletionResultType.ParameterValue, tooltip);
    }
}
