using System.Net;
using System.Text.Json;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Neighbors;

namespace PSContainerNet.Engine.Tests.Neighbors;

/// <summary>Forwarding database entries of bridges and VXLAN devices (bridge fdb), with iproute2's bridge as the oracle.</summary>
public sealed class FdbServiceTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public FdbServiceTests()
    {
        LinkService.NewBridge(Host, "br0", new BridgeOptions(), new LinkOptions { Up = true });
        LinkService.NewVeth(Host, "p0", "p0peer", null, new LinkOptions { Master = "br0", Up = true });
        LinkService.NewVxlan(Host, "vx0", new VxlanOptions { Vni = 42, Learning = false }, new LinkOptions { Up = true });
    }

    private NamespaceHandle Host => _sandbox.Host;

    public void Dispose() => _sandbox.Dispose();

    private JsonElement BridgeFdb(string dev) =>
        JsonDocument.Parse(Sandbox.Oracle(["bridge", "-n", _sandbox.Name("host"), "-j", "fdb", "show", "dev", dev])).RootElement;

    [Fact]
    public void Static_VTEPs_of_a_VXLAN_are_written_as_flannel_and_Docker_s_overlay_write_them()
    {
        // The flood list: an all-zero MAC per remote VTEP, appended; then one MAC pinned to a VTEP.
        FdbService.Add(Host, new FdbEntrySpec { MacAddress = "00:00:00:00:00:00", InterfaceAlias = "vx0", Destination = IPAddress.Parse("10.95.0.2") });
        FdbService.Add(Host, new FdbEntrySpec { MacAddress = "00:00:00:00:00:00", InterfaceAlias = "vx0", Destination = IPAddress.Parse("10.95.0.3") }, FdbWriteMode.Append);
        NetFdbEntry pinned = FdbService.Add(Host, new FdbEntrySpec { MacAddress = "02:42:0a:00:00:05", InterfaceAlias = "vx0", Destination = IPAddress.Parse("10.95.0.2") });

        Assert.Equal(("02:42:0a:00:00:05", "10.95.0.2", true, FdbEntryState.Permanent), (pinned.MacAddress, pinned.Destination, pinned.Self, pinned.State));
        var ours = FdbService.List(Host, "vx0").Select(e => (e.MacAddress, e.Destination)).Order().ToList();
        var ip = BridgeFdb("vx0").EnumerateArray().Select(e => (e.GetProperty("mac").GetString()!, e.GetProperty("dst").GetString())).Order().ToList();
        Assert.Equal(ip, ours);
        Assert.Equal(3, ours.Count);

        Assert.Equal(EngineErrorKind.AlreadyExists, Assert.Throws<EngineException>(() =>
            FdbService.Add(Host, new FdbEntrySpec { MacAddress = "02:42:0a:00:00:05", InterfaceAlias = "vx0", Destination = IPAddress.Parse("10.95.0.2") })).Kind);
        FdbService.Remove(Host, new FdbEntrySpec { MacAddress = "00:00:00:00:00:00", InterfaceAlias = "vx0", Destination = IPAddress.Parse("10.95.0.3") });
        Assert.Equal(2, BridgeFdb("vx0").GetArrayLength());
    }

    [Fact]
    public void A_static_entry_in_a_bridge_s_table_shows_its_port_and_master_as_bridge_fdb_does()
    {
        NetFdbEntry entry = FdbService.Add(Host, new FdbEntrySpec { MacAddress = "02:00:00:00:95:01", InterfaceAlias = "p0", Master = true, State = FdbEntryState.Static });

        Assert.Equal(("p0", "br0", false, FdbEntryState.Static), (entry.InterfaceAlias, entry.Master, entry.Self, entry.State));
        JsonElement ip = BridgeFdb("p0").EnumerateArray().Single(e => e.GetProperty("mac").GetString() == "02:00:00:00:95:01");
        Assert.Equal("br0", ip.GetProperty("master").GetString());
        Assert.Equal("static", ip.GetProperty("state").GetString());

        FdbService.Remove(Host, new FdbEntrySpec { MacAddress = "02:00:00:00:95:01", InterfaceAlias = "p0", Master = true });
        Assert.DoesNotContain(FdbService.List(Host, "p0"), e => e.MacAddress == "02:00:00:00:95:01");
        Assert.Equal(EngineErrorKind.NotFound, Assert.Throws<EngineException>(() =>
            FdbService.Remove(Host, new FdbEntrySpec { MacAddress = "02:00:00:00:95:01", InterfaceAlias = "p0", Master = true })).Kind);
    }

    [Fact]
    public void The_bridge_s_own_entries_are_listed_like_bridge_fdb_show()
    {
        // Permanent unicast entries only: the bridge keeps learning dynamic ones from the ports' IPv6 chatter meanwhile,
        // and adds permanent multicast ones (33:33:...) as the links join IPv6 groups, between one read and the other.
        static bool Unicast(string mac) => (Convert.ToByte(mac[..2], 16) & 1) == 0;
        var ours = FdbService.List(Host).Where(e => e.State == FdbEntryState.Permanent && Unicast(e.MacAddress))
            .Select(e => (e.MacAddress, e.InterfaceAlias)).Order().ToList();
        var ip = JsonDocument.Parse(Sandbox.Oracle(["bridge", "-n", _sandbox.Name("host"), "-j", "fdb", "show"])).RootElement.EnumerateArray()
            .Where(e => e.TryGetProperty("state", out JsonElement state) && state.GetString() == "permanent" && Unicast(e.GetProperty("mac").GetString()!))
            .Select(e => (e.GetProperty("mac").GetString()!, e.GetProperty("ifname").GetString()!)).Order().ToList();
        Assert.NotEmpty(ours);
        Assert.Equal(ip, ours);
    }
}
