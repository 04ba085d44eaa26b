using System.Management.Automation;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet;

/// <summary>Refuses to load off Linux and closes the module's netlink sockets when it is removed.</summary>
public sealed class ModuleStartup : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                "PSContainerNet runs on Linux only: it drives the Linux kernel over netlink and Docker over its Unix socket.");
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo) => NetlinkSockets.CloseAll();
}
