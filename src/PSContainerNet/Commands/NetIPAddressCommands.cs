using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using PSContainerNet.Engine;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Commands;

/// <summary>New-NetIPAddress: ip addr add. Takes CIDR text or -PrefixLength; links pipe in.</summary>
[Cmdlet(VerbsCommon.New, "NetIPAddress", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetIPAddress))]
public sealed class NewNetIPAddressCommand : NetIPAddressCmdlet
{
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, int.MaxValue)]
    public int InterfaceIndex { get; set; }

    /// <summary>When given, the address must be of this family.</summary>
    [Parameter]
    public IPFamily AddressFamily { get; set; }

    /// <summary>IPv4 broadcast; derived from the prefix when not given.</summary>
    [Parameter]
    public IPAddress? Broadcast { get; set; }

    [Parameter]
    public NetScope Scope { get; set; } = NetScope.Global;

    /// <summary>IPv4 label, starting with the link name (eth0:web).</summary>
    [Parameter]
    public string? Label { get; set; }

    /// <summary>IPv6: usable at once, without duplicate address detection.</summary>
    [Parameter]
    [Alias("NoDad")]
    public SwitchParameter SkipDuplicateAddressDetection { get; set; }

    /// <summary>The other end of a point-to-point link (ip's peer).</summary>
    [Parameter]
    public IPAddress? Peer { get; set; }

    /// <summary>Adds no route for the address's prefix (ip's noprefixroute).</summary>
    [Parameter]
    public SwitchParameter NoPrefixRoute { get; set; }

    /// <summary>IPv6: usable during duplicate address detection, where optimistic DAD is on (ip's optimistic).</summary>
    [Parameter]
    public SwitchParameter Optimistic { get; set; }

    /// <summary>IPv6: a Mobile IPv6 home address (ip's home).</summary>
    [Parameter]
    public SwitchParameter HomeAddress { get; set; }

    /// <summary>How long the address stays (ip's valid_lft); forever when not given.</summary>
    [Parameter]
    public TimeSpan ValidLifetime { get; set; }

    /// <summary>How long the address is preferred (ip's preferred_lft); then it is deprecated.</summary>
    [Parameter]
    public TimeSpan PreferredLifetime { get; set; }

    /// <summary>Creates the address or changes the one there (ip addr replace).</summary>
    [Parameter]
    public SwitchParameter Replace { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, IPAddress, ns =>
    {
        IPPrefix prefix = IPPrefix.Parse(IPAddress, IsBound(nameof(PrefixLength)) ? PrefixLength : null,
            IsBound(nameof(AddressFamily)) ? (System.Net.Sockets.AddressFamily)AddressFamily : null);
        string link = LinkNameOf(ns, InterfaceAlias, IsBound(nameof(InterfaceIndex)) ? InterfaceIndex : null)
            ?? throw new EngineException(EngineErrorKind.InvalidArgument, $"say which link gets {prefix}: -InterfaceAlias or -InterfaceIndex", IPAddress);
        if (ShouldProcess($"{link} in {ns.Description}", $"Add address {prefix}"))
        {
            var options = new AddressOptions
            {
                Broadcast = Broadcast,
                Scope = Scope,
                Label = Label,
                SkipDuplicateAddressDetection = SkipDuplicateAddressDetection,
                Peer = Peer,
                NoPrefixRoute = NoPrefixRoute,
                Optimistic = Optimistic,
                HomeAddress = HomeAddress,
                ValidLifetime = IsBound(nameof(ValidLifetime)) ? ValidLifetime : null,
                PreferredLifetime = IsBound(nameof(PreferredLifetime)) ? PreferredLifetime : null,
                Replace = Replace,
            };
            WriteObject(AddressService.Add(ns, link, prefix, options));
        }
    });
}

/// <summary>Get-NetIPAddress: ip addr show, filtered by address, link and family.</summary>
[Cmdlet(VerbsCommon.Get, "NetIPAddress")]
[OutputType(typeof(NetIPAddress))]
public sealed class GetNetIPAddressCommand : NamespaceQueryCmdlet
{
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string[]? IPAddress { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string[]? InterfaceAlias { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int[]? InterfaceIndex { get; set; }

    [Parameter]
    public IPFamily AddressFamily { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, Namespace, ns =>
    {
        var addresses = AddressService.List(ns, family: IsBound(nameof(AddressFamily)) ? AddressFamily : null)
            .Where(a => Matches(IPAddress, a.IPAddress) || Matches(IPAddress, a.Cidr))
            .Where(a => Matches(InterfaceAlias, a.InterfaceAlias))
            .Where(a => InterfaceIndex is null || InterfaceIndex.Contains(a.InterfaceIndex))
            .ToList();
        if (addresses.Count == 0 && IPAddress?.Any(p => !Wildcard.HasWildcards(p)) == true)
        {
            throw new EngineException(EngineErrorKind.NotFound, $"no address {string.Join(", ", IPAddress)} in {ns.Description}", IPAddress[0]);
        }

        WriteObject(addresses, enumerateCollection: true);
    });

    private static bool Matches(string[]? patterns, string value) =>
        patterns is null || patterns.Any(p => new Wildcard(p).IsMatch(value));
}

/// <summary>Remove-NetIPAddress: ip addr del. Addresses from Get-NetIPAddress pipe in.</summary>
[Cmdlet(VerbsCommon.Remove, "NetIPAddress", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetIPAddressCommand : NetIPAddressCmdlet
{
    protected override void ProcessRecord() => RunInNamespace(Namespace, IPAddress, ns =>
    {
        NetIPAddress existing = AddressService.Find(ns, IPPrefix.Parse(IPAddress).Address, InterfaceAlias);
        IPPrefix prefix = IPPrefix.Parse(IPAddress, IsBound(nameof(PrefixLength)) ? PrefixLength : existing.PrefixLength);
        if (ShouldProcess($"{existing.InterfaceAlias} in {ns.Description}", $"Remove address {prefix}"))
        {
            AddressService.Remove(ns, existing.InterfaceAlias, prefix);
        }
    });
}

/// <summary>What identifies an address, shared by New-NetIPAddress and Remove-NetIPAddress; Get-NetIPAddress output binds to it.</summary>
public abstract class NetIPAddressCmdlet : NamespaceScopedCmdlet
{
    /// <summary>The address, alone or as CIDR text (172.17.0.2/16).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string IPAddress { get; set; } = string.Empty;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 128)]
    public int PrefixLength { get; set; }

    /// <summary>The link of the address (found from the address when removing and not given).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? InterfaceAlias { get; set; }
}
