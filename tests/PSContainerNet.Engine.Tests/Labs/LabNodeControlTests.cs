using PSContainerNet.Engine.Labs;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Tests.Labs;

/// <summary>Stop-/Start-NetLabNode's engine for namespace nodes: the links that were up, down and back, written in the journal.</summary>
public sealed class LabNodeControlTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void A_stopped_node_gets_back_exactly_the_links_that_were_up_and_is_stopped_or_started_once()
    {
        string lab = LabServiceTests.BuildIn(_sandbox, "nodes", LabServiceTests.BridgeLab("x"));
        NamespaceHandle host = NamespaceHandle.Resolve(LabDefinition.NamespaceOf(lab, "host"));
        string[] ports = LinkService.List(host).Where(l => l.Name != "lo" && l.Kind == "veth").Select(l => l.Name).Order().ToArray();
        LinkService.Set(host, ports[0], new LinkSettings { Up = false }); // down before: it must stay down

        LabNodeControl.Stop(lab, "host");
        Assert.All(LinkService.List(host).Where(l => l.Name != "lo"), l => Assert.Equal(LinkAdminState.Down, l.AdminState));
        Assert.Contains("is stopped already", Assert.Throws<EngineException>(() => LabNodeControl.Stop(lab, "host")).Message);

        NetLabNode started = LabNodeControl.Start(lab, "host");
        Assert.Equal("host", started.Name);
        Assert.Equal(LinkAdminState.Down, LinkService.Get(host, ports[0]).AdminState);
        Assert.Equal(LinkAdminState.Up, LinkService.Get(host, ports[1]).AdminState);
        Assert.Contains("is not stopped", Assert.Throws<EngineException>(() => LabNodeControl.Start(lab, "host")).Message);
    }
}
