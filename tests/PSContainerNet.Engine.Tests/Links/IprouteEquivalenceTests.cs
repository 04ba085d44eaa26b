using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Tests.Netlink;

namespace PSContainerNet.Engine.Tests.Links;

/// <summary>
/// The link kinds this kernel may lack (VLAN, dummy, ipvlan, bridge VLAN filtering), checked against iproute2 as an
/// independent oracle: the RTM_NEWLINK the module sends must decode to the same attribute tree as the one `ip` sends
/// for the same settings, whether or not the kernel takes it. On a kernel that has the kind, both are created (and
/// removed), and the kernel must accept both or neither.
/// </summary>
public sealed class IprouteEquivalenceTests : IDisposable
{
    private const ushort RTM_NEWLINK = 16;
    private const ushort NLM_F_CREATE = 0x400;
    private const int IfInfoMsgLength = 16;

    // IFLA_LINKINFO (18) and its IFLA_INFO_DATA (2) hold attributes; IFLA_IFNAME and IFLA_INFO_KIND are strings.
    private static readonly NetlinkRequestTree.Schema Link = new(
        new HashSet<string> { "18", "18/2" },
        new HashSet<string> { "3", "18/1" },
        new Dictionary<string, string>
        {
            ["3"] = "IFLA_IFNAME", ["4"] = "IFLA_MTU", ["5"] = "IFLA_LINK", ["10"] = "IFLA_MASTER",
            ["18"] = "IFLA_LINKINFO", ["18/1"] = "IFLA_INFO_KIND", ["18/2"] = "IFLA_INFO_DATA",
        });

    private readonly Sandbox _sandbox = new();

    public IprouteEquivalenceTests()
    {
        // A parent for the sub-interfaces; veth is a kind every kernel here has.
        LinkService.NewVeth(_sandbox.Host, "trunk", "trunkpeer", null, new LinkOptions());
    }

    public void Dispose() => _sandbox.Dispose();

    [IprouteOracleFact]
    public void Vlan_8021Q_sub_interface() => AssertSameNewLink(
        "link trunk name trunk.10 type vlan protocol 802.1Q id 10",
        ns => LinkService.NewVlan(ns, "trunk.10", "trunk", 10, VlanProtocol.Dot1Q, new LinkOptions()));

    [IprouteOracleFact]
    public void Vlan_8021ad_sub_interface() => AssertSameNewLink(
        "link trunk name svc20 type vlan protocol 802.1ad id 20",
        ns => LinkService.NewVlan(ns, "svc20", "trunk", 20, VlanProtocol.Dot1AD, new LinkOptions()));

    [IprouteOracleFact]
    public void Vlan_flags_turned_on_and_off()
    {
        AssertSameNewLink(
            "link trunk name trunk.30 type vlan protocol 802.1Q id 30 reorder_hdr off gvrp on mvrp on loose_binding on",
            ns => LinkService.NewVlan(ns, "trunk.30", "trunk", 30, VlanProtocol.Dot1Q, new LinkOptions(),
                on: VlanFlags.Gvrp | VlanFlags.Mvrp | VlanFlags.LooseBinding, off: VlanFlags.ReorderHeader));
        AssertSameNewLink(
            "link trunk name trunk.31 type vlan protocol 802.1Q id 31 reorder_hdr on gvrp off bridge_binding on",
            ns => LinkService.NewVlan(ns, "trunk.31", "trunk", 31, VlanProtocol.Dot1Q, new LinkOptions(),
                on: VlanFlags.ReorderHeader | VlanFlags.BridgeBinding, off: VlanFlags.Gvrp));
    }

    [IprouteOracleFact]
    public void Vlan_with_link_options_up_mtu_and_master()
    {
        LinkService.NewBridge(_sandbox.Host, "br0", new BridgeOptions(), new LinkOptions());
        AssertSameNewLink(
            "link trunk name trunk.40 mtu 1400 master br0 up type vlan protocol 802.1Q id 40",
            ns => LinkService.NewVlan(ns, "trunk.40", "trunk", 40, VlanProtocol.Dot1Q, new LinkOptions { Mtu = 1400, Master = "br0", Up = true }));
    }

    [IprouteOracleFact]
    public void Vlan_that_New_MacvlanNetwork_makes_for_a_VLAN_id()
    {
        // The Docker host's links are in the current namespace, so the parent's first end is here; it goes with the
        // sandbox's namespace (and a VLAN on it with it). The engine behind the socket does not exist: on a kernel
        // with VLANs the sub-interface is made, the network request fails, and the sub-interface is removed again.
        string parent = _sandbox.Prefix.TrimEnd('-')[..11];
        LinkService.NewVeth(NamespaceHandle.Current, parent, "uplink", _sandbox.Host, new LinkOptions());
        DockerClient nowhere = DockerClient.Connect($"unix:///run/{_sandbox.Prefix}none.sock");
        AssertSameNewLink(
            $"link {parent} name {parent}.10 up type vlan id 10",
            _ => ContainerNetworkService.CreateMacvlan(nowhere, new MacvlanNetworkSpec { Name = _sandbox.Prefix + "mv", Parent = parent, VlanId = 10 }),
            inCurrentNamespace: true,
            // ip leaves the protocol to the kernel's default, 802.1Q; the module names it.
            onlyOurs: ["18/2/5 = 8100"]);
    }

    [IprouteOracleFact]
    public void Vrf_with_its_table() => AssertSameNewLink(
        "name vrf10 type vrf table 10",
        ns => LinkService.NewVrf(ns, "vrf10", 10, new LinkOptions()));

    [IprouteOracleFact]
    public void Dummy_link() => AssertSameNewLink(
        "name dum0 type dummy",
        ns => LinkService.NewLink(ns, "dum0", "dummy", new LinkOptions()));

    [IprouteOracleFact]
    public void Ipvlan_in_each_mode_and_isolation()
    {
        int n = 0;
        foreach ((string mode, IpvlanMode ourMode) in new[] { ("l2", IpvlanMode.L2), ("l3", IpvlanMode.L3), ("l3s", IpvlanMode.L3S) })
        {
            foreach ((string flag, IpvlanIsolation isolation) in new[] { ("bridge", IpvlanIsolation.Bridge), ("private", IpvlanIsolation.Private), ("vepa", IpvlanIsolation.Vepa) })
            {
                string name = "ipv" + n++;
                AssertSameNewLink(
                    $"link trunk name {name} type ipvlan mode {mode} {flag}",
                    ns => LinkService.NewIpvlan(ns, name, "trunk", ourMode, isolation, new LinkOptions()));
            }
        }
    }

    [IprouteOracleFact]
    public void Bridge_with_vlan_filtering_and_default_pvid() => AssertSameNewLink(
        // The module always states STP (off unless asked for, as docker0); ip sends it when named.
        "name vfbr type bridge stp_state 0 vlan_filtering 1 vlan_default_pvid 10",
        ns => LinkService.NewBridge(ns, "vfbr", new BridgeOptions { VlanFiltering = true, VlanDefaultPvid = 10 }, new LinkOptions()));

    /// <summary>
    /// Captures ip's request and the module's for the same link, removing the link after each side that made it, and
    /// compares the decoded creating RTM_NEWLINK of both. <paramref name="onlyOurs"/> are attribute lines only the
    /// module sends, each explained at the call. The kernel must take both or neither, unless the module's operation
    /// goes on to fail after the link (New-MacvlanNetwork without an engine): <paramref name="inCurrentNamespace"/>.
    /// </summary>
    private void AssertSameNewLink(string ipArguments, Action<NamespaceHandle> module, bool inCurrentNamespace = false, string[]? onlyOurs = null)
    {
        NamespaceHandle ns = inCurrentNamespace ? NamespaceHandle.Current : _sandbox.Host;
        string? netns = inCurrentNamespace ? null : _sandbox.Name("host");
        string[] words = ipArguments.Split(' ');
        string created = words[Array.IndexOf(words, "name") + 1];

        CapturedRequests ip = RequestCapture.Iproute("link add " + ipArguments, netns);
        if (ip.Accepted)
        {
            LinkService.Remove(ns, created);
        }

        CapturedRequests ours = RequestCapture.Module(() => module(ns));
        if (LinkService.Exists(ns, created))
        {
            LinkService.Remove(ns, created);
        }

        NetlinkRequestTree ipTree = ip.Decode(IsCreatingNewLink, "ip " + ipArguments, IfInfoMsgLength, Link);
        NetlinkRequestTree ourTree = ours.Decode(IsCreatingNewLink, "the module", IfInfoMsgLength, Link);
        foreach (string line in onlyOurs ?? [])
        {
            Assert.Contains(line, ourTree.Attributes);
        }

        Assert.Equal(ipTree.ToString(), (ourTree with { Attributes = ourTree.Attributes.Except(onlyOurs ?? []).ToList() }).ToString());
        if (!inCurrentNamespace)
        {
            CapturedRequests.AssertSameOutcome(ip, "ip", ours);
        }
    }

    private static bool IsCreatingNewLink(byte[] message) =>
        NetlinkRequestTree.TypeOf(message) == RTM_NEWLINK && (NetlinkRequestTree.FlagsOf(message) & NLM_F_CREATE) != 0;
}
