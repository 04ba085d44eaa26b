using System.Management.Automation;
using System.Net;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Commands;

/// <summary>New-VxlanLink: a VXLAN tunnel endpoint (what a Docker overlay network is made of).</summary>
[Cmdlet(VerbsCommon.New, "VxlanLink", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = "Vni")]
[OutputType(typeof(NetLink))]
public sealed class NewVxlanLinkCommand : NewLinkCommandBase
{
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = "Vni")]
    [Parameter(Position = 1, ParameterSetName = "External")]
    [Alias("Id", "VxlanId")]
    [ValidateRange(0, 16777215)]
    public int Vni { get; set; }

    /// <summary>External (collect-metadata) mode: the VNI and remote come with each packet, as Docker's and Cilium's devices run.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "External")]
    public SwitchParameter External { get; set; }

    /// <summary>With -External: carry only the VNIs added to the device (vnifilter).</summary>
    [Parameter(ParameterSetName = "External")]
    public SwitchParameter VniFilter { get; set; }

    /// <summary>The remote endpoint (unicast) or multicast group.</summary>
    [Parameter]
    [Alias("Group")]
    public IPAddress? Remote { get; set; }

    [Parameter]
    public IPAddress? Local { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int DestinationPort { get; set; } = 4789;

    /// <summary>The underlay link (required with a multicast group).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? Device { get; set; }

    /// <summary>Turns off source-address learning (on by default, as with ip).</summary>
    [Parameter]
    public SwitchParameter NoLearning { get; set; }

    [Parameter]
    [ValidateRange(0, 255)]
    public int Ttl { get; set; }

    /// <summary>The outer TOS; 1 inherits it from the inner packet (ip's tos inherit).</summary>
    [Parameter]
    [ValidateRange(0, 255)]
    public int Tos { get; set; }

    /// <summary>Answer ARP/NDP for remote hosts from the neighbor table.</summary>
    [Parameter]
    public SwitchParameter Proxy { get; set; }

    /// <summary>Report FDB misses to user space (Docker's overlay driver listens for them).</summary>
    [Parameter]
    public SwitchParameter L2Miss { get; set; }

    /// <summary>Report IP neighbor misses to user space.</summary>
    [Parameter]
    public SwitchParameter L3Miss { get; set; }

    /// <summary>The UDP source port range: low, high.</summary>
    [Parameter]
    [ValidateCount(2, 2)]
    [ValidateRange(1, 65535)]
    public int[]? SourcePortRange { get; set; }

    /// <summary>-UdpChecksum computes the IPv4 outer UDP checksum; -UdpChecksum:$false leaves it zero.</summary>
    [Parameter]
    public SwitchParameter UdpChecksum { get; set; }

    /// <summary>Send IPv6 outer UDP with a zero checksum.</summary>
    [Parameter]
    public SwitchParameter ZeroChecksum6Transmit { get; set; }

    /// <summary>Accept IPv6 outer UDP with a zero checksum.</summary>
    [Parameter]
    public SwitchParameter ZeroChecksum6Receive { get; set; }

    /// <summary>The Group Based Policy extension.</summary>
    [Parameter]
    public SwitchParameter Gbp { get; set; }

    /// <summary>Seconds a learned FDB entry lives (the kernel's default is 300).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Ageing { get; set; }

    protected override string KindDescription => External ? "vxlan (external)" : $"vxlan (VNI {Vni})";

    protected override IEnumerable<NetLink> Create(NamespaceHandle ns) =>
    [
        LinkService.NewVxlan(ns, Name, new VxlanOptions
        {
            Vni = IsBound(nameof(Vni)) ? Vni : null,
            External = External,
            VniFilter = VniFilter,
            Remote = Remote,
            Local = Local,
            DestinationPort = DestinationPort,
            Device = Device,
            Learning = !NoLearning,
            Ttl = IsBound(nameof(Ttl)) ? Ttl : null,
            Tos = IsBound(nameof(Tos)) ? Tos : null,
            Proxy = Proxy,
            L2Miss = L2Miss,
            L3Miss = L3Miss,
            SourcePortRange = SourcePortRange is [int low, int high] ? (low, high) : null,
            UdpChecksum = IsBound(nameof(UdpChecksum)) ? UdpChecksum.IsPresent : null,
            ZeroChecksum6Transmit = IsBound(nameof(ZeroChecksum6Transmit)) ? ZeroChecksum6Transmit.IsPresent : null,
            ZeroChecksum6Receive = IsBound(nameof(ZeroChecksum6Receive)) ? ZeroChecksum6Receive.IsPresent : null,
            Gbp = Gbp,
            AgeingSeconds = IsBound(nameof(Ageing)) ? Ageing : null,
        }, Options),
    ];
}
