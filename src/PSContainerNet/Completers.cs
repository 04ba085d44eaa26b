using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSContainerNet.Engine;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet;

/// <summary>Completes names under /run/netns.</summary>
public sealed class NamespaceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, () => NetNamespaceStore.List().Select(ns => (ns.Name, $"{ns.Name} (inode {ns.Inode})")));
}

/// <summary>Completes link names in the namespace given by -Namespace on the same command line.</summary>
public sealed class LinkNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, () =>
        {
            string? ns = fakeBoundParameters.Contains("Namespace") ? fakeBoundParameters["Namespace"]?.ToString() : null;
            return LinkService.List(NamespaceHandle.Resolve(ns)).Select(l => (l.Name, $"{l.DisplayName} {l.Kind} {l.OperState}"));
        });
}

/// <summary>Completes the link kinds rtnetlink knows by name.</summary>
public sealed class LinkKindCompleter : IArgumentCompleter
{
    private static readonly string[] Kinds =
        ["device", "veth", "bridge", "macvlan", "ipvlan", "vxlan", "vlan", "dummy", "ifb", "nlmon", "bond", "vrf", "macvtap", "geneve", "wireguard"];

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, () => Kinds.Select(k => (k, k)));
}

/// <summary>Completes the net.* settings labs use most.</summary>
public sealed class SysctlNameCompleter : IArgumentCompleter
{
    private static readonly string[] Common =
    [
        .. NetSysctlService.LabSettings,
        "net.ipv4.conf.all.forwarding", "net.ipv4.conf.all.route_localnet", "net.ipv4.conf.all.arp_ignore",
        "net.ipv4.ping_group_range", "net.ipv4.ip_local_port_range", "net.ipv6.conf.all.disable_ipv6",
        "net.bridge.bridge-nf-call-iptables",
    ];

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, () => Common.Distinct().Select(n => (n, n)));
}

/// <summary>Completes Docker network names of the engine given by -DockerHost (or the default one).</summary>
public sealed class ContainerNetworkNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, () =>
            ContainerNetworkService.Names(Completion.Docker(fakeBoundParameters)));
}

/// <summary>Completes container names of the engine given by -DockerHost (or the default one), stopped ones too.</summary>
public sealed class ContainerNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, () =>
            ContainerService.Names(Completion.Docker(fakeBoundParameters)));
}

/// <summary>Completes -DockerHost with the engines used in this session, DOCKER_HOST and the default socket.</summary>
public sealed class DockerHostCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Matching(wordToComplete, () => DockerClient.KnownHosts.Select(h => (h, h)));
}

internal static class Completion
{
    /// <summary>The candidates that start with what was typed; a failure to list them completes nothing rather than failing the line.</summary>
    internal static IEnumerable<CompletionResult> Matching(string wordToComplete, Func<IEnumerable<(string Value, string Tooltip)>> candidates)
    {
        var pattern = new Wildcard(wordToComplete.Trim('\'', '"') + "*");
        List<(string Value, string Tooltip)> all;
        try
        {
            all = candidates().ToList();
        }
        catch (Exception)
        {
            return [];
        }

        return all.Where(c => pattern.IsMatch(c.Value)).Select(c => Of(c.Value, c.Tooltip)).ToList();
    }

    /// <summary>A client for completion: the line's -DockerHost, and a short timeout so Tab never hangs.</summary>
    internal static DockerClient Docker(IDictionary fakeBoundParameters) =>
        DockerClient.Connect(fakeBoundParameters.Contains("DockerHost") ? fakeBoundParameters["DockerHost"]?.ToString() : null, timeout: TimeSpan.FromSeconds(2));

    private static CompletionResult Of(string value, string tooltip)
    {
        bool needsQuotes = value.Any(c => char.IsWhiteSpace(c) || "'\"$`;(){}@&|#,".Contains(c));
        return new CompletionResult(needsQuotes ? $"'{value.Replace("'", "''")}'" : value, value, CompletionResultType.ParameterValue, tooltip);
    }
}
