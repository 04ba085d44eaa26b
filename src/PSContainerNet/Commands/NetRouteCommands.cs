using System.Collections;
using System.Management.Automation;
using System.Net;
using PSContainerNet.Engine;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Routes;

namespace PSContainerNet.Commands;

/// <summary>Get-NetRoute: ip route show (main table unless -Table or -AllTables).</summary>
[Cmdlet(VerbsCommon.Get, "NetRoute")]
[OutputType(typeof(NetRoute))]
public sealed class GetNetRouteCommand : NamespaceQueryCmdlet
{
    /// <summary>Only routes to this prefix ("default" for the default route).</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    public string? DestinationPrefix { get; set; }

    [Parameter]
    public IPAddress? NextHop { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? InterfaceAlias { get; set; }

    [Parameter]
    public IPFamily AddressFamily { get; set; }

    /// <summary>The routing table to read (254 is main).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Table { get; set; } = RouteService.MainTable;

    [Parameter]
    public SwitchParameter AllTables { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, DestinationPrefix ?? Namespace, ns =>
    {
        IPFamily? family = IsBound(nameof(AddressFamily)) ? AddressFamily : null;
        IPPrefix? destination = DestinationPrefix is null ? null
            : IPPrefix.Parse(DestinationPrefix, family: family is IPFamily f ? (System.Net.Sockets.AddressFamily)f : null);
        WriteObject(RouteService.List(ns, family, AllTables ? 0 : Table, InterfaceAlias, destination, NextHop), enumerateCollection: true);
    });
}

/// <summary>New-NetRoute: ip route add (or replace, or append), with route types, metrics and multipath.</summary>
[Cmdlet(VerbsCommon.New, "NetRoute", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(NetRoute))]
public sealed class NewNetRouteCommand : NetRouteCmdlet
{
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, int.MaxValue)]
    public int InterfaceIndex { get; set; }

    /// <summary>Link for on-link routes and Global for routes via a gateway unless given.</summary>
    [Parameter]
    public NetScope Scope { get; set; }

    [Parameter]
    public IPAddress? PreferredSource { get; set; }

    /// <summary>Unicast (forward), or Blackhole, Unreachable, Prohibit, Throw, Local.</summary>
    [Parameter]
    public RouteType Type { get; set; } = RouteType.Unicast;

    [Parameter]
    public SwitchParameter OnLink { get; set; }

    /// <summary>static unless given; a name (boot, dhcp, bird, ...) or a number.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Protocol { get; set; }

    [Parameter]
    [ValidateRange(68, 65535)]
    public int Mtu { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int AdvertisedMss { get; set; }

    [Parameter]
    [ValidateRange(1, 255)]
    public int HopLimit { get; set; }

    /// <summary>A multipath route's next hops: @{ NextHop = '10.0.0.1'; InterfaceAlias = 'eth0'; Weight = 2; OnLink = $false }.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public Hashtable[]? NextHops { get; set; }

    /// <summary>Creates the route, or changes the one to the same destination (ip route replace): for idempotent scripts.</summary>
    [Parameter]
    public SwitchParameter Replace { get; set; }

    /// <summary>Adds the route beside one to the same destination (ip route append).</summary>
    [Parameter]
    public SwitchParameter Append { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Replace && Append)
        {
            ThrowUsageError("-Replace and -Append cannot be used together.", "ReplaceAndAppend", null);
        }
    }

    protected override void ProcessRecord() => RunInNamespace(Namespace, DestinationPrefix, ns =>
    {
        RouteSpec spec = RouteParameters.Spec(DestinationPrefix, NextHop, LinkNameOf(ns, InterfaceAlias, IsBound(nameof(InterfaceIndex)) ? InterfaceIndex : null),
            IsBound(nameof(RouteMetric)) ? RouteMetric : null, Table, IsBound(nameof(Scope)) ? Scope : null, PreferredSource) with
        {
            Type = Type,
            OnLink = OnLink,
            Protocol = Protocol is null ? null : RouteService.ProtocolNumber(Protocol),
            Mtu = IsBound(nameof(Mtu)) ? Mtu : null,
            AdvertisedMss = IsBound(nameof(AdvertisedMss)) ? AdvertisedMss : null,
            HopLimit = IsBound(nameof(HopLimit)) ? HopLimit : null,
            NextHops = NextHops?.Select(NextHopOf).ToList() ?? [],
        };
        RouteWriteMode mode = Replace ? RouteWriteMode.Replace : Append ? RouteWriteMode.Append : RouteWriteMode.Add;
        if (ShouldProcess(ns.Description, $"{mode} route {spec.Destination}{(NextHop is null ? string.Empty : " via " + NextHop)}"))
        {
            WriteObject(RouteService.Add(ns, spec, mode));
        }
    });

    private static RouteNextHopSpec NextHopOf(Hashtable hop)
    {
        object? Value(string key) => hop.Keys.Cast<object>().FirstOrDefault(k => string.Equals(k.ToString(), key, StringComparison.OrdinalIgnoreCase)) is { } found
            ? hop[found] is PSObject ps ? ps.BaseObject : hop[found]
            : null;
        string[] known = ["NextHop", "InterfaceAlias", "Weight", "OnLink"];
        foreach (object key in hop.Keys)
        {
            if (!known.Contains(key.ToString(), StringComparer.OrdinalIgnoreCase))
            {
                throw new EngineException(EngineErrorKind.InvalidArgument, $"-NextHops: unknown key '{key}' (known: {string.Join(", ", known)})", key);
            }
        }

        IPAddress? gateway = Value("NextHop") is { } text ? IPPrefix.Parse(text.ToString()!).Address : null;
        return new RouteNextHopSpec(gateway, Value("InterfaceAlias")?.ToString(),
            Value("Weight") is { } weight ? LanguagePrimitives.ConvertTo<int>(weight) : 1, Value("OnLink") is { } onLink && LanguagePrimitives.IsTrue(onLink));
    }
}

/// <summary>Find-NetRoute: ip route get — the route, interface, gateway and source address the kernel would use.</summary>
[Cmdlet(VerbsCommon.Find, "NetRoute")]
[OutputType(typeof(NetRoute))]
public sealed class FindNetRouteCommand : NamespaceScopedCmdlet
{
    /// <summary>Where the traffic would go.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("IPAddress")]
    public IPAddress DestinationAddress { get; set; } = IPAddress.None;

    /// <summary>Look up as if sent from this address (policy routing by source).</summary>
    [Parameter]
    public IPAddress? SourceAddress { get; set; }

    /// <summary>Look up as if sent out of this interface.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? InterfaceAlias { get; set; }

    protected override void ProcessRecord() => RunInNamespace(Namespace, DestinationAddress.ToString(), ns =>
        WriteObject(RouteService.Find(ns, DestinationAddress, SourceAddress, InterfaceAlias)));
}

/// <summary>Remove-NetRoute: ip route del. Routes from Get-NetRoute pipe in.</summary>
[Cmdlet(VerbsCommon.Remove, "NetRoute", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class RemoveNetRouteCommand : NetRouteCmdlet
{
    protected override void ProcessRecord() => RunInNamespace(Namespace, DestinationPrefix, ns =>
    {
        RouteSpec spec = RouteParameters.Spec(DestinationPrefix, NextHop, InterfaceAlias, IsBound(nameof(RouteMetric)) ? RouteMetric : null, Table, null, null);
        if (ShouldProcess(ns.Description, $"Remove route {spec.Destination}{(NextHop is null ? string.Empty : " via " + NextHop)}"))
        {
            RouteService.Remove(ns, spec);
        }
    });
}

/// <summary>What identifies a route, shared by New-NetRoute and Remove-NetRoute; Get-NetRoute output binds to it.</summary>
public abstract class NetRouteCmdlet : NamespaceScopedCmdlet
{
    /// <summary>Where the route leads: 10.0.0.0/24, or "default".</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string DestinationPrefix { get; set; } = string.Empty;

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    public IPAddress? NextHop { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(LinkNameCompleter))]
    public string? InterfaceAlias { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Metric")]
    [ValidateRange(0, int.MaxValue)]
    public int RouteMetric { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, int.MaxValue)]
    public int Table { get; set; } = RouteService.MainTable;
}

internal static class RouteParameters
{
    /// <summary>"default" takes the family of the next hop, so "default" via an IPv6 gateway is ::/0.</summary>
    internal static RouteSpec Spec(string destination, IPAddress? nextHop, string? link, int? metric, int table, NetScope? scope, IPAddress? source) =>
        new()
        {
            // Only "default" needs a family; an IPv4 prefix may go via an IPv6 gateway (RTA_VIA).
            Destination = IPPrefix.Parse(destination, family: destination.Trim().Equals("default", StringComparison.OrdinalIgnoreCase) ? (nextHop ?? source)?.AddressFamily : null),
            NextHop = nextHop,
            InterfaceAlias = link,
            Metric = metric,
            Table = table,
            Scope = scope,
            PreferredSource = source,
        };
}
