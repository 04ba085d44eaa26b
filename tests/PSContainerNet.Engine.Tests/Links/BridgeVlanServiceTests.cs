using System.Text.Json;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Tests.Netlink;

namespace PSContainerNet.Engine.Tests.Links;

/// <summary>
/// Bridge port VLANs (bridge vlan add/del/show). This kernel's bridge has no VLAN filtering, so the requests are
/// checked against the ones iproute2's bridge sends for the same words, on every kernel; where the kernel has VLAN
/// filtering, they are also made and read back.
/// </summary>
public sealed class BridgeVlanServiceTests : IDisposable
{
    private const ushort RTM_SETLINK = 19;
    private const ushort RTM_DELLINK = 17;
    private const int IfInfoMsgLength = 16;

    // IFLA_AF_SPEC (26) holds IFLA_BRIDGE_FLAGS (0) and IFLA_BRIDGE_VLAN_INFO (2).
    private static readonly NetlinkRequestTree.Schema AfSpec = new(
        new HashSet<string> { "26" },
        new HashSet<string>(),
        new Dictionary<string, string> { ["26"] = "IFLA_AF_SPEC", ["26/0"] = "IFLA_BRIDGE_FLAGS", ["26/2"] = "IFLA_BRIDGE_VLAN_INFO" });

    private readonly Sandbox _sandbox = new();

    public BridgeVlanServiceTests()
    {
        LinkService.NewBridge(Host, "br0", new BridgeOptions(), new LinkOptions());
        LinkService.NewVeth(Host, "p0", "p0peer", null, new LinkOptions { Master = "br0" });
    }

    private NamespaceHandle Host => _sandbox.Host;

    public void Dispose() => _sandbox.Dispose();

    [IprouteOracleFact]
    public void Port_vlan_add_is_the_request_bridge_sends() => AssertSameRequest(
        RTM_SETLINK, "vlan add dev p0 vid 10 pvid untagged",
        () => BridgeVlanService.Add(Host, "p0", [10], pvid: true, untagged: true, self: false));

    [IprouteOracleFact]
    public void Tagged_vlan_on_the_bridge_itself_is_the_request_bridge_sends() => AssertSameRequest(
        RTM_SETLINK, "vlan add dev br0 vid 20 self",
        () => BridgeVlanService.Add(Host, "br0", [20], pvid: false, untagged: false, self: true));

    [IprouteOracleFact]
    public void Port_vlan_del_is_the_request_bridge_sends() => AssertSameRequest(
        RTM_DELLINK, "vlan del dev p0 vid 10",
        () => BridgeVlanService.Remove(Host, "p0", [10], self: false));

    [Fact]
    public void Out_of_range_ids_are_refused_before_anything_is_sent()
    {
        CapturedRequests ours = RequestCapture.Module(() => BridgeVlanService.Add(Host, "p0", [10, 4095], false, false, false));
        Assert.Contains("use 1-4094", ours.Error);
        Assert.DoesNotContain(ours.Messages, m => NetlinkRequestTree.TypeOf(m) == RTM_SETLINK);
    }

    [KernelFact("bridge-vlan-filtering")]
    public void Vlans_are_added_listed_like_bridge_vlan_show_and_removed()
    {
        LinkService.NewBridge(Host, "vfbr", new BridgeOptions { VlanFiltering = true }, new LinkOptions());
        LinkService.NewVeth(Host, "vp0", "vp0peer", null, new LinkOptions { Master = "vfbr" });

        BridgeVlanService.Add(Host, "vp0", [10, 20], pvid: false, untagged: false, self: false);
        BridgeVlanService.Add(Host, "vp0", [30], pvid: true, untagged: true, self: false);

        var ours = BridgeVlanService.List(Host, "vp0").Select(v => (v.VlanId, v.Pvid, v.Untagged)).Order().ToArray();
        JsonElement oracle = JsonDocument.Parse(Sandbox.Oracle(["bridge", "-n", _sandbox.Name("host"), "-j", "vlan", "show", "dev", "vp0"])).RootElement;
        var theirs = oracle[0].GetProperty("vlans").EnumerateArray().Select(v =>
        {
            string[] flags = v.TryGetProperty("flags", out JsonElement f) ? f.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
            return (v.GetProperty("vlan").GetInt32(), flags.Contains("PVID"), flags.Contains("Egress Untagged"));
        }).Order().ToArray();
        Assert.Equal(theirs, ours);

        BridgeVlanService.Remove(Host, "vp0", [20], self: false);
        Assert.DoesNotContain(BridgeVlanService.List(Host, "vp0"), v => v.VlanId == 20);
    }

    private void AssertSameRequest(ushort type, string bridgeArguments, Action module)
    {
        CapturedRequests theirs = RequestCapture.Iproute(bridgeArguments, _sandbox.Name("host"), "bridge");
        CapturedRequests ours = RequestCapture.Module(module);
        bool OfType(byte[] m) => NetlinkRequestTree.TypeOf(m) == type;
        Assert.Equal(theirs.Decode(OfType, "bridge " + bridgeArguments, IfInfoMsgLength, AfSpec).ToString(),
            ours.Decode(OfType, "the module", IfInfoMsgLength, AfSpec).ToString());
        CapturedRequests.AssertSameOutcome(theirs, "bridge", ours);
    }
}
