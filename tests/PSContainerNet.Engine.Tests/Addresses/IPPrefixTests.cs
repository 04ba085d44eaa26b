using System.Net;
using System.Net.Sockets;
using PSContainerNet.Engine.Addresses;

namespace PSContainerNet.Engine.Tests.Addresses;

public class IPPrefixTests
{
    [Theory]
    [InlineData("172.17.0.2/16", "172.17.0.2", 16, "172.17.0.0", "172.17.255.255")]
    [InlineData("10.0.0.5/31", "10.0.0.5", 31, "10.0.0.4", null)]
    [InlineData("10.0.0.5", "10.0.0.5", 32, "10.0.0.5", null)]
    [InlineData("default", "0.0.0.0", 0, "0.0.0.0", "255.255.255.255")]
    [InlineData("fd00:1::7/64", "fd00:1::7", 64, "fd00:1::", null)]
    public void Parses_address_and_length_and_derives_network_and_broadcast(string text, string address, int length, string network, string? broadcast)
    {
        IPPrefix p = IPPrefix.Parse(text);
        Assert.Equal(IPAddress.Parse(address), p.Address);
        Assert.Equal(length, p.PrefixLength);
        Assert.Equal(IPAddress.Parse(network), p.Network);
        Assert.Equal(broadcast, p.Broadcast?.ToString());
    }

    [Fact]
    public void A_separate_prefix_length_applies_to_a_bare_address_and_must_agree_with_cidr_text()
    {
        Assert.Equal(24, IPPrefix.Parse("10.1.1.1", 24).PrefixLength);
        Assert.Equal(24, IPPrefix.Parse("10.1.1.1/24", 24).PrefixLength);
        Assert.Contains("says /24 but the prefix length given is 16", Assert.Throws<EngineException>(() => IPPrefix.Parse("10.1.1.1/24", 16)).Message);
    }

    [Fact]
    public void Default_means_the_default_route_of_the_family_asked_for()
    {
        Assert.Equal("::/0", IPPrefix.Parse("default", family: AddressFamily.InterNetworkV6).ToString());
    }

    [Theory]
    [InlineData("10.0.0.1/33", "prefix length 33 is out of range; IPv4 allows 0-32")]
    [InlineData("fd00::1/129", "prefix length 129 is out of range; IPv6 allows 0-128")]
    [InlineData("10.0.0.300/24", "'10.0.0.300' is not an IPv4 or IPv6 address")]
    [InlineData("10.0.0.1/x", "'x' is not a prefix length")]
    [InlineData("box1", "'box1' is not an IPv4 or IPv6 address")]
    [InlineData("10.1.5/24", "'10.1.5' is not an IPv4 or IPv6 address")]
    [InlineData("0x0a.0.0.1", "'0x0a.0.0.1' is not an IPv4 or IPv6 address")]
    public void Bad_text_is_an_invalid_argument_that_says_why(string text, string why)
    {
        var e = Assert.Throws<EngineException>(() => IPPrefix.Parse(text));
        Assert.Equal(EngineErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void Family_mismatch_is_refused()
    {
        Assert.Contains("it is an IPv6 address, but IPv4 was asked for",
            Assert.Throws<EngineException>(() => IPPrefix.Parse("fd00::1/64", family: AddressFamily.InterNetwork)).Message);
    }
}
