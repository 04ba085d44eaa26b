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

/// <summary>New-NetRoute: ip route add.</summary>
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

    protected override void ProcessRecord() => RunInNamespace(Namespace, DestinationPrefix, ns =>
    {
        RouteSpec spec = RouteParameters.Spec(DestinationPrefix, NextHop, LinkNameOf(ns, InterfaceAlias, IsBound(nameof(InterfaceIndex)) ? InterfaceIndex : null),
            IsBound(nameof(RouteMetric)) ? RouteMetric : null, Table, IsBound(nameof(Scope)) ? Scope : null, PreferredSource);
        if (ShouldProcess(ns.Description, $"Add route {spec.Destination}{(NextHop is null ? string.Empty : " via " + NextHop)}"))
        {
            WriteObject(RouteService.Add(ns, spec));
        }
    });
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
            Destination = IPPrefix.Parse(destination, family: (nextHop ?? source)?.AddressFamily),
            NextHop = nextHop,
            InterfaceAlias = link,
            Metric = metric,
            Table = table,
            Scope = scope,
            PreferredSource = source,
        };
}
