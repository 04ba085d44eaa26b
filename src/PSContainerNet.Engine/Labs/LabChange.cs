namespace PSContainerNet.Engine.Labs;

/// <summary>What a change does to a part of a running lab.</summary>
public enum NetLabChangeAction
{
    Add,
    Remove,
    Modify,
}

/// <summary>The parts of a lab a change can touch, in the order a lab is built (removals go the other way).</summary>
public enum NetLabPart
{
    Network,
    Container,
    Node,
    Sysctl,
    Bridge,
    Link,
    Macvlan,
    Vxlan,
    Address,
    Impairment,
    Route,
    Nat,
}

/// <summary>
/// One difference between a lab's definition and the lab as it runs: what Compare-NetLab reports and Set-NetLab makes
/// (or, with -WhatIf, would make). From is what runs, To what the definition wants (null for what is not there).
/// </summary>
public sealed class NetLabChange
{
    public required string Lab { get; init; }

    public required NetLabChangeAction Action { get; init; }

    public required NetLabPart Part { get; init; }

    /// <summary>The node the part is in, or for Docker parts the lab host (engine) it is on ("" for the lab's only engine).</summary>
    public required string Where { get; init; }

    public required string Name { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    /// <summary>What changes, for people: From -> To, or for containers and networks the settings that differ.</summary>
    public string Detail => LabChangeDetail.Of(Action, From, To);

    /// <summary>Whether Set-NetLab made the change (false for Compare-NetLab, -WhatIf, and changes undone after a failure).</summary>
    public bool Applied { get; internal set; }

    public override string ToString()
    {
        string where = Where.Length == 0 ? string.Empty : $" in {Where}";
        string detail = Detail;
        return $"{Action.ToString().ToLowerInvariant()} {Part.ToString().ToLowerInvariant()} {Name}{where}{(detail.Length == 0 ? string.Empty : $" ({detail})")}";
    }
}
