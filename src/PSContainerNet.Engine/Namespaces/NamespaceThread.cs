using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using PSContainerNet.Engine.Native;

namespace PSContainerNet.Engine.Namespaces;

/// <summary>
/// Runs work inside another network namespace on threads kept for that purpose alone. A worker enters the
/// namespace, runs the work, and returns to the process's own namespace before it takes the next job; if
/// it cannot return, it ends (is discarded). No pool or pipeline thread ever changes namespace, and an idle
/// worker is always home.
/// </summary>
internal static class NamespaceThread
{
    /// <summary>The thread name (what /proc/self/task/*/comm shows): only these threads ever leave home.</summary>
    internal const string ThreadName = "pscn-netns";

    private const int StackBytes = 256 * 1024;
    private static readonly BlockingCollection<Job> Jobs = new();
    private static readonly int MaxWorkers = Math.Max(2, Environment.ProcessorCount);
    // The process's own namespace, kept open for the workers to return to.
    private static readonly Lazy<int> HomeFd = new(() => NamespaceHandle.Current.OpenFd());
    private static int _workers;
    private static int _idle;

    [ThreadStatic]
    private static bool _isWorker;

    /// <summary>Runs <paramref name="work"/> inside the namespace that <paramref name="namespaceFd"/> refers to.</summary>
    internal static T Enter<T>(int namespaceFd, string namespaceName, Func<T> work) =>
        Dispatch(() =>
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
        Dispatch(() =>
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

    private static T Dispatch<T>(Func<T> inNamespace)
    {
        if (_isWorker)
        {
            // Work that itself needs another namespace never waits on the workers it might be blocking.
            return RunOnOwnThread(inNamespace);
        }

        var job = new Job(() => inNamespace());
        Jobs.Add(job);
        if (Volatile.Read(ref _idle) == 0)
        {
            StartWorkerIfRoom();
        }

        job.Done.Wait();
        job.Failure?.Throw();
        return (T)job.Result!;
    }

    private static void StartWorkerIfRoom()
    {
        if (Interlocked.Increment(ref _workers) > MaxWorkers)
        {
            Interlocked.Decrement(ref _workers);
            return; // the busy workers will get to the job
        }

        _ = HomeFd.Value; // fail here, on the caller, if home cannot be opened
        new Thread(Work, StackBytes) { IsBackground = true, Name = ThreadName }.Start();
    }

    private static void Work()
    {
        _isWorker = true;
        while (true)
        {
            Interlocked.Increment(ref _idle);
            Job job = Jobs.Take();
            Interlocked.Decrement(ref _idle);
            try
            {
                job.Result = job.Run();
            }
            catch (Exception e)
            {
                job.Failure = ExceptionDispatchInfo.Capture(e);
            }

            bool home = Libc.SetNs(HomeFd.Value, Libc.CLONE_NEWNET) == 0;
            job.Done.Set();
            if (!home)
            {
                // Cannot return: discard this thread rather than keep one that lives elsewhere.
                Interlocked.Decrement(ref _workers);
                return;
            }
        }
    }

    private static T RunOnOwnThread<T>(Func<T> work)
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
        thread.Join(); // the thread ends with the work, wherever it is
        failure?.Throw();
        return result;
    }

    private sealed class Job(Func<object?> run)
    {
        public Func<object?> Run { get; } = run;

        public ManualResetEventSlim Done { get; } = new();

        public object? Result { get; set; }

        public ExceptionDispatchInfo? Failure { get; set; }
    }
}
