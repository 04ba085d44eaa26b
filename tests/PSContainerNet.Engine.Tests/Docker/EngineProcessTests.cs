using System.Diagnostics;
using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Engine.Tests.Docker;

/// <summary>Who listens on a port in a process's namespace: what tells a dockerd that kept its swarm gossip port.</summary>
public sealed class EngineProcessTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Tells_a_process_listening_on_a_port_from_another_process_of_its_namespace_and_from_nobody()
    {
        string ns = _sandbox.Name("host");
        using Process listener = Start("busybox", "nc", "-l", "-p", "7946");
        using Process bystander = Start("sleep", "30");
        try
        {
            Assert.True(SpinWait.SpinUntil(() => EngineProcess.TcpPortListener(bystander.Id, 7946) != PortListener.Nobody, TimeSpan.FromSeconds(5)),
                "busybox nc never listened on 7946");
            Assert.Equal(PortListener.TheProcess, EngineProcess.TcpPortListener(listener.Id, 7946));
            Assert.Equal(PortListener.Another, EngineProcess.TcpPortListener(bystander.Id, 7946));
            Assert.Equal(PortListener.Nobody, EngineProcess.TcpPortListener(bystander.Id, 7947));
        }
        finally
        {
            foreach (Process p in new[] { listener, bystander })
            {
                p.Kill();
                p.WaitForExit();
            }
        }

        Process Start(params string[] command) => Process.Start("ip", ["netns", "exec", ns, .. command])!;
    }
}
