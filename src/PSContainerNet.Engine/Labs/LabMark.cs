namespace PSContainerNet.Engine.Labs;

/// <summary>
/// The mark a lab node's loopback carries in its alias ("pscontainernet-lab=LAB node=NODE"), so labs are found from
/// the kernel alone.
/// </summary>
internal static class LabMark
{
    private const string Prefix = "pscontainernet-lab=";
    private const string NodeSeparator = " node=";

    public static string Format(string lab, string node) => $"{Prefix}{lab}{NodeSeparator}{node}";

    /// <summary>Reads a loopback alias; false when it is not a lab mark.</summary>
    public static bool TryParse(string? alias, out string lab, out string? node)
    {
        lab = string.Empty;
        node = null;
        if (alias is null || !alias.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        string rest = alias[Prefix.Length..];
        int separator = rest.IndexOf(NodeSeparator, StringComparison.Ordinal);
        lab = separator < 0 ? rest : rest[..separator];
        node = separator < 0 ? null : rest[(separator + NodeSeparator.Length)..];
        return lab.Length > 0;
    }
}
