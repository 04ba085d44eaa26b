using System.Text.Json;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Routes;
using PSContainerNet.Engine.Tests.Netlink;

namespace PSContainerNet.Engine.Tests.Routes;

/// <summary>Policy routing rules (ip rule), with iproute2 as the oracle.</summary>
public sealed class RoutingRuleServiceTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public RoutingRuleServiceTests()
    {
        LinkService.NewVeth(Host, "r0", "r0peer", null, new LinkOptions());
    }

    private NamespaceHandle Host => _sandbox.Host;

    public void Dispose() => _sandbox.Dispose();

    private JsonElement IpRule(string family) =>
        JsonDocument.Parse(Sandbox.Ip($"-j {family} rule show", _sandbox.Name("host"))).RootElement;

    [Fact]
    public void A_new_namespace_lists_the_kernel_s_three_rules_as_ip_rule_does()
    {
        var rules = RoutingRuleService.List(Host, IPFamily.IPv4);

        Assert.Equal([(0, "lookup local"), (32766, "lookup main"), (32767, "lookup default")], rules.Select(r => (r.Priority, r.Does)));
        Assert.Equal(IpRule("-4").EnumerateArray().Select(r => r.GetProperty("priority").GetInt32()), rules.Select(r => r.Priority));
        Assert.All(rules, r => Assert.Equal("from all", r.Selector));
    }

    [Fact]
    public void A_rule_with_every_selector_is_made_read_back_and_removed_as_ip_shows_it()
    {
        NetRoutingRule rule = RoutingRuleService.Add(Host, new RoutingRuleSpec
        {
            Priority = 100, From = IPPrefix.Parse("10.60.0.0/16"), To = IPPrefix.Parse("10.61.0.0/24"), InInterface = "r0", OutInterface = "r0peer",
            FirewallMark = 0x10, FirewallMask = 0xff, Table = 100,
        });

        Assert.Equal("100: from 10.60.0.0/16 to 10.61.0.0/24 fwmark 0x10/0xff iif r0 oif r0peer lookup 100", rule.ToString());
        JsonElement ip = IpRule("-4").EnumerateArray().Single(r => r.GetProperty("priority").GetInt32() == 100);
        Assert.Equal(("10.60.0.0", 16), (ip.GetProperty("src").GetString(), ip.GetProperty("srclen").GetInt32()));
        Assert.Equal(("10.61.0.0", 24), (ip.GetProperty("dst").GetString(), ip.GetProperty("dstlen").GetInt32()));
        Assert.Equal(("r0", "r0peer", "100"), (ip.GetProperty("iif").GetString(), ip.GetProperty("oif").GetString(), ip.GetProperty("table").GetString()));
        Assert.Equal(("0x10", "0xff"), (ip.GetProperty("fwmark").GetString(), ip.GetProperty("fwmask").GetString()));
        Assert.Equal(EngineErrorKind.AlreadyExists, Assert.Throws<EngineException>(() => RoutingRuleService.Add(Host, new RoutingRuleSpec
        {
            Priority = 100, From = IPPrefix.Parse("10.60.0.0/16"), To = IPPrefix.Parse("10.61.0.0/24"), InInterface = "r0", OutInterface = "r0peer",
            FirewallMark = 0x10, FirewallMask = 0xff, Table = 100,
        })).Kind);

        RoutingRuleService.Remove(Host, new RoutingRuleSpec { Priority = 100 });
        Assert.DoesNotContain(RoutingRuleService.List(Host), r => r.Priority == 100);
        Assert.Equal(EngineErrorKind.NotFound, Assert.Throws<EngineException>(() => RoutingRuleService.Remove(Host, new RoutingRuleSpec { Priority = 100 })).Kind);
    }

    [Fact]
    public void Goto_not_blackhole_suppress_prefixlength_and_IPv6_rules_match_ip()
    {
        RoutingRuleService.Add(Host, new RoutingRuleSpec { Priority = 200, Action = RoutingRuleAction.Goto, Goto = 300, From = IPPrefix.Parse("10.62.0.0/16") });
        RoutingRuleService.Add(Host, new RoutingRuleSpec { Priority = 300, Not = true, From = IPPrefix.Parse("10.63.0.0/16"), Action = RoutingRuleAction.Blackhole });
        RoutingRuleService.Add(Host, new RoutingRuleSpec { Priority = 400, Table = 254, SuppressPrefixLength = 0 });
        NetRoutingRule v6 = RoutingRuleService.Add(Host, new RoutingRuleSpec { Priority = 500, From = IPPrefix.Parse("fd62::/64"), Action = RoutingRuleAction.Prohibit });

        var rules = RoutingRuleService.List(Host, IPFamily.IPv4).ToDictionary(r => r.Priority);
        Assert.Equal("from 10.62.0.0/16 goto 300", $"{rules[200].Selector} {rules[200].Does}");
        Assert.Equal("not from 10.63.0.0/16 blackhole", $"{rules[300].Selector} {rules[300].Does}");
        Assert.Equal("lookup main suppress_prefixlength 0", rules[400].Does);
        Assert.Equal((IPFamily.IPv6, "from fd62::/64", RoutingRuleAction.Prohibit), (v6.AddressFamily, v6.Selector, v6.Action));

        var ip = IpRule("-4").EnumerateArray().ToDictionary(r => r.GetProperty("priority").GetInt32());
        Assert.Equal(300, ip[200].GetProperty("goto").GetInt32());
        Assert.True(ip[300].TryGetProperty("not", out _));
        Assert.Equal("blackhole", ip[300].GetProperty("action").GetString());
        Assert.Equal(0, ip[400].GetProperty("suppress_prefixlen").GetInt32());
        Assert.Equal("prohibit", IpRule("-6").EnumerateArray().Single(r => r.GetProperty("priority").GetInt32() == 500).GetProperty("action").GetString());
    }

    [IprouteOracleFact]
    public void An_l3mdev_rule_is_the_request_ip_sends_whether_or_not_the_kernel_has_VRFs()
    {
        // Compared as sent: a kernel without VRF support refuses both alike.
        CapturedRequests ip = RequestCapture.Iproute("rule add l3mdev pref 1000", _sandbox.Name("host"));
        if (ip.Accepted)
        {
            Sandbox.Ip("rule del pref 1000", _sandbox.Name("host"));
        }

        CapturedRequests ours = RequestCapture.Module(() => RoutingRuleService.Add(Host, new RoutingRuleSpec { Priority = 1000, L3mdev = true }));
        var schema = new NetlinkRequestTree.Schema(new HashSet<string>(), new HashSet<string>(), new Dictionary<string, string>
        {
            ["6"] = "FRA_PRIORITY", ["15"] = "FRA_TABLE", ["19"] = "FRA_L3MDEV",
        });
        NetlinkRequestTree Tree(CapturedRequests captured) =>
            captured.Decode(m => NetlinkRequestTree.TypeOf(m) == 32, ReferenceEquals(captured, ip) ? "ip" : "the module", 12, schema);

        // ip asks for no echo; the module does, to return the rule it made.
        Assert.Equal(Tree(ip).ToString(), (Tree(ours) with { Flags = (ushort)(Tree(ours).Flags & ~0x8) }).ToString());
        Assert.Equal(ip.Accepted, ours.Accepted);
    }

    [Fact]
    public void Mixed_families_and_a_goto_without_target_are_refused_before_the_kernel_is_asked()
    {
        Assert.Contains("mixes IPv4 and IPv6", Assert.Throws<EngineException>(() =>
            RoutingRuleService.Add(Host, new RoutingRuleSpec { From = IPPrefix.Parse("10.0.0.0/8"), To = IPPrefix.Parse("fd00::/8") })).Message);
        Assert.Contains("needs the priority of the rule it jumps to", Assert.Throws<EngineException>(() =>
            RoutingRuleService.Add(Host, new RoutingRuleSpec { Action = RoutingRuleAction.Goto })).Message);
    }
}
