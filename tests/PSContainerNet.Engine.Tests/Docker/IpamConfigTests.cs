using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Engine.Tests.Docker;

/// <summary>docker network create's --subnet/--gateway/--ip-range/--aux-address, grouped into pools as the CLI does.</summary>
public sealed class IpamConfigTests
{
    private static readonly Dictionary<string, string> NoAux = new();

    [Fact]
    public void Each_gateway_range_and_aux_address_goes_to_the_subnet_that_contains_it()
    {
        var pools = IpamConfig.FromFlags(
            ["10.1.0.0/24", "10.2.0.0/24"], ["10.2.0.1", "10.1.0.1"], ["10.2.0.128/25"],
            new Dictionary<string, string> { ["router"] = "10.1.0.2", ["dns"] = "10.2.0.3" });

        Assert.Equal(2, pools.Count);
        Assert.Equal(("10.1.0.0/24", "10.1.0.1", (string?)null), (pools[0].Subnet, pools[0].Gateway, pools[0].IPRange));
        Assert.Equal(("10.2.0.0/24", "10.2.0.1", "10.2.0.128/25"), (pools[1].Subnet, pools[1].Gateway, pools[1].IPRange));
        Assert.Equal("10.1.0.2", Assert.Single(pools[0].AuxAddresses).Value);
        Assert.Equal("10.2.0.3", pools[1].AuxAddresses["dns"]);
    }

    [Fact]
    public void No_flags_means_no_pool_and_Docker_chooses()
    {
        Assert.Empty(IpamConfig.FromFlags([], [], [], NoAux));
    }

    [Theory]
    [InlineData(new[] { "10.1.0.0/24" }, new[] { "10.9.0.1" }, new string[0], "gateway '10.9.0.1' is in none of the subnets (10.1.0.0/24)")]
    [InlineData(new string[0], new[] { "10.1.0.1" }, new string[0], "gateway '10.1.0.1' needs a subnet to belong to; give -Subnet too")]
    [InlineData(new[] { "10.1.0.0/24" }, new[] { "10.1.0.1", "10.1.0.254" }, new string[0], "subnet '10.1.0.0/24' got two gateways (10.1.0.1, 10.1.0.254)")]
    [InlineData(new[] { "10.1.0.0/24" }, new string[0], new[] { "10.1.0.0/16" }, "IP range '10.1.0.0/16' is in none of the subnets")]
    [InlineData(new[] { "10.1.0.5/24" }, new string[0], new string[0], "subnet '10.1.0.5/24' has host bits set; its network is 10.1.0.0/24")]
    [InlineData(new[] { "10.1.0.0/16", "10.1.2.0/24" }, new string[0], new string[0], "subnets '10.1.0.0/16' and '10.1.2.0/24' overlap")]
    [InlineData(new[] { "10.1.0/24" }, new string[0], new string[0], "subnet '10.1.0/24'")]
    public void Flags_that_cannot_work_are_refused_before_anything_is_sent(string[] subnets, string[] gateways, string[] ranges, string expected)
    {
        var e = Assert.Throws<EngineException>(() => IpamConfig.FromFlags(subnets, gateways, ranges, NoAux));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void An_aux_address_outside_every_subnet_is_named()
    {
        var e = Assert.Throws<EngineException>(() =>
            IpamConfig.FromFlags(["10.1.0.0/24"], [], [], new Dictionary<string, string> { ["router"] = "10.7.0.2" }));
        Assert.Contains("auxiliary address router '10.7.0.2' is in none of the subnets", e.Message);
    }
}
