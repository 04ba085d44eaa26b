using System.Management.Automation;

namespace PSContainerNet.Commands;

/// <summary>A cmdlet acting on parts of a running lab: the lab by name (bound from piped labs), its parts by their lab names.</summary>
public abstract class NetLabPartCmdlet : PSContainerNetCmdlet
{
    /// <summary>The lab.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Lab")]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>Runs <paramref name="step"/> for each part, each failure its own error, each change confirmed first.</summary>
    protected void ForEachPart(IEnumerable<string> parts, string action, Action<string> step)
    {
        foreach (string part in parts)
        {
            TryRun(() =>
            {
                if (ShouldProcess($"{part} of lab {Name}", action))
                {
                    step(part);
                }
            }, part);
        }
    }
}
