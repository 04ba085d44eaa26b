namespace PSContainerNet.Engine.Namespaces;

/// <summary>A named network namespace under /run/netns (iproute2's store), as Get-NetNamespace shows it.</summary>
public sealed class NetNamespace
{
    public required string Name { get; init; }

    public required string Path { get; init; }

    /// <summary>The nsfs inode: two paths with the same inode are the same namespace.</summary>
    public ulong? Inode { get; init; }

    /// <summary>The id the current namespace knows this one by (null when none is assigned).</summary>
    public int? NetNsId { get; init; }

    /// <summary>True when this is the namespace the process itself runs in.</summary>
    public bool IsCurrent { get; init; }

    public override string ToString() => Name;
}
