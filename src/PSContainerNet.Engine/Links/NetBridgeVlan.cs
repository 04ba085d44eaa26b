namespace PSContainerNet.Engine.Links;

/// <summary>One VLAN of a bridge port, or of the bridge itself, as `bridge vlan show` lists it.</summary>
public sealed class NetBridgeVlan
{
    /// <summary>The port (or the bridge, for its own VLANs).</summary>
    public required string Name { get; init; }

    public required int VlanId { get; init; }

    /// <summary>Untagged frames arriving on the port belong to this VLAN.</summary>
    public bool Pvid { get; init; }

    /// <summary>Frames of this VLAN leave the port untagged.</summary>
    public bool Untagged { get; init; }

    /// <summary>The namespace: a name, a path, or null for the current one.</summary>
    public string? Namespace { get; init; }

    public override string ToString() => $"{Name} {VlanId}";
}
