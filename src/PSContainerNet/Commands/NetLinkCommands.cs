using System.Management.Automation;
using PSContainerNet.Engine;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Commands;

/// <summary>Get-NetLink: ip link show, with -Master as the brctl show view.</summary>
[Cmdlet(VerbsCommon.Get, "NetLink")]
[OutputType(typeof(NetLink))]
public sealed class GetNetLinkCommand : NamespaceQueryCmdlet
{
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(LinkKindCompleter))]
    public string? Kind { get; set; }

    /// <summary>Only the ports of this bridge.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? Master { get; set; }

    protected override void ProcessRecord()
    {
        if (ResolveNamespace(Namespace) is not NamespaceHandle ns)
        {
            return;
        }

        if (Name is null)
        {
            TryRun(() => WriteObject(LinkService.List(ns, new LinkFilter { Kind = Kind, Master = Master }), enumerateCollection: true), Namespace);
            return;
        }

        foreach (string name in Name)
        {
            if (!Wildcard.HasWildcards(name) && Kind is null && Master is null)
            {
                TryRun(() => WriteObject(LinkService.Get(ns, name)), name);
                continue;
            }

            TryRun(() =>
            {
                var links = LinkService.List(ns, new LinkFilter { Name = new Wildcard(name), Kind = Kind, Master = Master });
                if (links.Count == 0 && !Wildcard.HasWildcards(name))
                {
                    throw new EngineException(EngineErrorKind.NotFound, $"no link '{name}' matching the filters in {ns.Description}", name);
                }

                WriteObject(links, enumerateCollection: true);
            }, name);
        }
    }
}

/// <summary>Set-NetLink: ip link set (state, MTU, MAC, master, promiscuity, ARP, allmulticast, txqueuelen, group, name, alias, namespace) in one request.</summary>
[Cmdlet(VerbsCommon.Set, "NetLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLink))]
public sealed class SetNetLinkCommand : NamespaceScopedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter Up { get; set; }

    [Parameter]
    public SwitchParameter Down { get; set; }

    [Parameter]
    [ValidateRange(68, 65535)]
    public int Mtu { get; set; }

    [Parameter]
    public string? MacAddress { get; set; }

    /// <summary>Makes the link a port of this bridge.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? Master { get; set; }

    [Parameter]
    public SwitchParameter NoMaster { get; set; }

    /// <summary>-Promiscuous turns promiscuous mode on, -Promiscuous:$false off.</summary>
    [Parameter]
    public SwitchParameter Promiscuous { get; set; }

    /// <summary>Bridge ports: -HairpinMode lets frames leave through the port they came in on; -HairpinMode:$false stops it.</summary>
    [Parameter]
    public SwitchParameter HairpinMode { get; set; }

    /// <summary>-Arp:$false sets NOARP (ip link set arp off); -Arp turns ARP back on.</summary>
    [Parameter]
    public SwitchParameter Arp { get; set; }

    /// <summary>-AllMulticast receives all multicast; -AllMulticast:$false stops it.</summary>
    [Parameter]
    public SwitchParameter AllMulticast { get; set; }

    [Parameter]
    [Alias("TxQueueLen")]
    [ValidateRange(0, int.MaxValue)]
    public int TxQueueLength { get; set; }

    /// <summary>The link group number (0 is the default group).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Group { get; set; }

    [Parameter]
    public string? NewName { get; set; }

    /// <summary>The interface alias (ifalias); an empty string clears it.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? Alias { get; set; }

    /// <summary>Moves the link into this namespace (ip link set dev X netns NS).</summary>
    [Parameter]
    [Alias("ToNamespace")]
    [NamespaceTransformation]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string? DestinationNamespace { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Up && Down)
        {
            ThrowUsageError("-Up and -Down cannot be used together.", "UpAndDown", null);
        }

        if (NoMaster && Master is not null)
        {
            ThrowUsageError("-Master and -NoMaster cannot be used together.", "MasterAndNoMaster", Master);
        }
    }

    protected override void ProcessRecord()
    {
        if (ResolveNamespace(Namespace) is not NamespaceHandle ns)
        {
            return;
        }

        NamespaceHandle? destination = null;
        if (IsBound(nameof(DestinationNamespace)) && (destination = ResolveNamespace(DestinationNamespace)) is null)
        {
            return;
        }

        var settings = new LinkSettings
        {
            Up = Up ? true : Down ? false : null,
            Mtu = IsBound(nameof(Mtu)) ? Mtu : null,
            MacAddress = MacAddress,
            Master = Master,
            NoMaster = NoMaster,
            Promiscuous = IsBound(nameof(Promiscuous)) ? Promiscuous.IsPresent : null,
            BridgePort = IsBound(nameof(HairpinMode)) ? new BridgePortOptions { HairpinMode = HairpinMode.IsPresent } : null,
            Arp = IsBound(nameof(Arp)) ? Arp.IsPresent : null,
            AllMulticast = IsBound(nameof(AllMulticast)) ? AllMulticast.IsPresent : null,
            TxQueueLength = IsBound(nameof(TxQueueLength)) ? TxQueueLength : null,
            Group = IsBound(nameof(Group)) ? Group : null,
            NewName = NewName,
            Alias = Alias,
            MoveTo = destination,
        };
        if (!ShouldProcess($"{Name} in {ns.Description}", "Set link " + Describe(settings)))
        {
            return;
        }

        TryRun(() =>
        {
            LinkService.Set(ns, Name, settings);
            if (PassThru)
            {
                WriteObject(LinkService.Get(destination ?? ns, NewName ?? Name));
            }
        }, Name);
    }

    private static string Describe(LinkSettings s)
    {
        var parts = new List<string>();
        if (s.Up is bool up) parts.Add(up ? "up" : "down");
        if (s.Mtu is int mtu) parts.Add($"mtu {mtu}");
        if (s.MacAddress is not null) parts.Add($"address {s.MacAddress}");
        if (s.Master is not null) parts.Add($"master {s.Master}");
        if (s.NoMaster) parts.Add("nomaster");
        if (s.Promiscuous is bool p) parts.Add(p ? "promisc on" : "promisc off");
        if (s.BridgePort?.HairpinMode is bool h) parts.Add(h ? "hairpin on" : "hairpin off");
        if (s.Arp is bool a) parts.Add(a ? "arp on" : "arp off");
        if (s.AllMulticast is bool m) parts.Add(m ? "allmulticast on" : "allmulticast off");
        if (s.TxQueueLength is int q) parts.Add($"txqueuelen {q}");
        if (s.Group is int g) parts.Add($"group {g}");
        if (s.NewName is not null) parts.Add($"name {s.NewName}");
        if (s.Alias is not null) parts.Add($"alias '{s.Alias}'");
        if (s.MoveTo is not null) parts.Add($"netns {s.MoveTo}");
        return string.Join(' ', parts);
    }
}

/// <summary>Remove-NetLink: ip link delete. Removing either end of a veth removes the pair.</summary>
[Cmdlet(VerbsCommon.Remove, "NetLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetLinkCommand : NamespaceScopedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    /// <summary>Bound from a piped veth: its peer goes with it, so the pipeline does not remove it again.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public string? PeerName { get; set; }

    /// <summary>Bound from a piped veth: the namespace of its peer.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    [NamespaceTransformation]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string? PeerNamespace { get; set; }

    // Peers removed along with a veth earlier in this pipeline (namespace inode, name): already gone, not an error.
    private readonly HashSet<(ulong Inode, string Name)> _goneWithPeer = [];

    protected override void ProcessRecord()
    {
        if (ResolveNamespace(Namespace) is not NamespaceHandle ns)
        {
            return;
        }

        foreach (string name in Name)
        {
            if (_goneWithPeer.Contains((ns.Inode, name)) && !LinkService.Exists(ns, name))
            {
                WriteVerbose($"'{name}' in {ns.Description} went with its veth peer, removed earlier in this pipeline.");
                continue;
            }

            if (ShouldProcess($"{name} in {ns.Description}", "Remove link") && TryRun(() => LinkService.Remove(ns, name), name) && PeerName is not null)
            {
                NamespaceHandle? peerNs = PeerNamespace is null ? ns : ResolvePeerNamespace(PeerNamespace);
                if (peerNs is not null)
                {
                    _goneWithPeer.Add((peerNs.Inode, PeerName));
                }
            }
        }
    }

    private static NamespaceHandle? ResolvePeerNamespace(string nameOrPath)
    {
        try
        {
            return NamespaceHandle.Resolve(nameOrPath);
        }
        catch (EngineException)
        {
            return null; // the peer's namespace went with the link; nothing of it can come later in the pipeline
        }
    }
}

/// <summary>New-NetLink: a link of a kind that needs no settings of its own (dummy, ifb, nlmon, ...).</summary>
[Cmdlet(VerbsCommon.New, "NetLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetLink))]
public sealed class NewNetLinkCommand : NewLinkCommandBase
{
    [Parameter(Mandatory = true, Position = 1)]
    [ArgumentCompleter(typeof(LinkKindCompleter))]
    [ValidateNotNullOrEmpty]
    public string Kind { get; set; } = string.Empty;

    protected override string KindDescription => Kind;

    protected override IEnumerable<NetLink> Create(NamespaceHandle ns) => [LinkService.NewLink(ns, Name, Kind, Options)];
}
