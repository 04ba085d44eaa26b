using System.Runtime.ExceptionServices;
using PSContainerNet.Engine.Native;

namespace PSContainerNet.Engine.Namespaces;

/// <summary>
/// Runs work inside another network namespace on a thread made for that purpose alone. The thread
/// ends with the work, so no pool or pipeline thread ever carries a foreign namespace.
/// </summary>
internal static class NamespaceThread
{
    /// <summary>The thread name (what /proc/self/task/*/comm shows): only these threads are ever in another namespace.</summary>
    internal const string ThreadName = "pscn-netns";

    private const int StackBytes = 256 * 1024;

    /// <summary>Runs <paramref name="work"/> inside the namespace that <paramref name="namespaceFd"/> refers to.</summary>
    internal static T Enter<T>(int namespaceFd, string namespaceName, Func<T> work) =>
        RunDedicated(() =>
        {
            if (Libc.SetNs(namespaceFd, Libc.CLONE_NEWNET) < 0)
            {
                int errno = Libc.LastError;
                throw new EngineException(
                    errno is Libc.EPERM ? EngineErrorKind.PermissionDenied : EngineErrorKind.Other,
                    $"cannot enter network namespace '{namespaceName}': {Libc.ErrnoText(errno)} ({Libc.ErrnoName(errno)})" +
                    (errno is Libc.EPERM ? ". This needs CAP_SYS_ADMIN (run as root)." : string.Empty),
                    namespaceName);
            }

            return work();
        });

    /// <summary>Runs <paramref name="work"/> inside a brand-new, empty network namespace.</summary>
    internal static T EnterNew<T>(Func<T> work) =>
        RunDedicated(() =>
        {
            if (Libc.Unshare(Libc.CLONE_NEWNET) < 0)
            {
                int errno = Libc.LastError;
                throw new EngineException(
                    errno is Libc.EPERM ? EngineErrorKind.PermissionDenied : EngineErrorKind.Other,
                    $"cannot create a network namespace: {Libc.ErrnoText(errno)} ({Libc.ErrnoName(errno)})" +
                    (errno is Libc.EPERM ? ". This needs CAP_SYS_ADMIN (run as root)." : string.Empty));
            }

            return work();
        });

    private static T RunDedicated<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = work();
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
            },
            StackBytes)
        {
            IsBackground = true,
            Name = ThreadName,
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
