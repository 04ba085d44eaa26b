using System.Management.Automation;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Commands;

/// <summary>The parameters every link-creating cmdlet shares: where, MTU, MAC, queues, master, and whether to bring it up.</summary>
public abstract class LinkCreationCmdlet : NamespaceScopedCmdlet
{
    [Parameter]
    [ValidateRange(68, 65535)]
    public int Mtu { get; set; }

    [Parameter]
    public string? MacAddress { get; set; }

    /// <summary>Brings the link up as it is created.</summary>
    [Parameter]
    public SwitchParameter Up { get; set; }

    /// <summary>The bridge the new link joins in the creating request (`ip link add ... master BR`).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? Master { get; set; }

    /// <summary>The transmit queue length in packets (`txqueuelen`).</summary>
    [Parameter]
    [Alias("TxQueueLen")]
    [ValidateRange(0, int.MaxValue)]
    public int TxQueueLength { get; set; }

    /// <summary>Transmit and receive queues to allocate (`numtxqueues`/`numrxqueues`).</summary>
    [Parameter]
    [ValidateRange(1, 4096)]
    public int Queues { get; set; }

    protected LinkOptions Options => new()
    {
        Mtu = IsBound(nameof(Mtu)) ? Mtu : null,
        MacAddress = MacAddress,
        Up = Up,
        Master = Master,
        TxQueueLength = IsBound(nameof(TxQueueLength)) ? TxQueueLength : null,
        Queues = IsBound(nameof(Queues)) ? Queues : null,
    };

    /// <summary>Confirms, creates and writes the new link(s); failures become non-terminating errors.</summary>
    protected void CreateLinks(string name, string description, Func<NamespaceHandle, IEnumerable<NetLink>> create) =>
        RunInNamespace(Namespace, name, ns =>
        {
            if (ShouldProcess($"{name} in {ns.Description}", "Create " + description))
            {
                WriteObject(create(ns), enumerateCollection: true);
            }
        });
}

/// <summary>A New-*Link cmdlet whose first parameter is the new link's name.</summary>
public abstract class NewLinkCommandBase : LinkCreationCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>The kind for confirmation messages ("bridge", "vxlan (VNI 42)").</summary>
    protected abstract string KindDescription { get; }

    /// <summary>Creates the link(s); a veth pair yields both ends.</summary>
    protected abstract IEnumerable<NetLink> Create(NamespaceHandle ns);

    protected override void ProcessRecord() => CreateLinks(Name, KindDescription + " link", Create);
}
