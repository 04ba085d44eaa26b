using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace PSContainerNet.Engine.Tests;

/// <summary>
/// Runs code without any effective capability. Linux capabilities belong to threads, so only a
/// throw-away thread is affected; it ends with the work.
/// </summary>
internal static unsafe partial class Privilege
{
    private const uint LinuxCapabilityVersion3 = 0x20080522;

    public static T WithoutCapabilities<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                uint* header = stackalloc uint[2] { LinuxCapabilityVersion3, 0 };
                uint* data = stackalloc uint[6];
                Assert.Equal(0, CapGet(header, data));
                data[0] = 0; // effective, capabilities 0-31
                data[3] = 0; // effective, capabilities 32-63
                Assert.Equal(0, CapSet(header, data));
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    [LibraryImport("libc", EntryPoint = "capget")]
    private static partial int CapGet(uint* header, uint* data);

    [LibraryImport("libc", EntryPoint = "capset")]
    private static partial int CapSet(uint* header, uint* data);
}
