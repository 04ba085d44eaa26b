using System.Diagnostics;

namespace PSContainerNet.Engine.Namespaces;

/// <summary>What a program run inside a namespace did.</summary>
public sealed class NamespaceCommandResult
{
    /// <summary>The namespace: a name, a path, or null for the current namespace.</summary>
    public string? Namespace { get; init; }

    public required string Command { get; init; }

    public required IReadOnlyList<string> ArgumentList { get; init; }

    /// <summary>The exit code; -1 when the program was stopped (timeout or Ctrl+C).</summary>
    public int ExitCode { get; init; }

    public bool Success => ExitCode == 0 && !TimedOut;

    public bool TimedOut { get; init; }

    public required IReadOnlyList<string> Output { get; init; }

    public required IReadOnlyList<string> ErrorOutput { get; init; }

    public TimeSpan Duration { get; init; }

    public override string ToString() => string.Join(Environment.NewLine, Output);
}

/// <summary>
/// Runs a program inside a network namespace the way `ip netns exec` does: in the namespace, in a
/// private mount namespace whose /sys shows that namespace's interfaces, with /etc/netns/NAME/* bound
/// over /etc. The entering is done by util-linux nsenter and unshare, so no thread of this process ever
/// forks from inside another namespace.
/// </summary>
public static class NamespaceProcess
{
    // $0 is the namespace name; the program and its arguments follow.
    private const string EnterScript =
        "umount -l /sys 2>/dev/null; mount -t sysfs \"$0\" /sys || exit 126; " +
        "if [ -d \"/etc/netns/$0\" ]; then for f in \"/etc/netns/$0\"/*; do [ -e \"$f\" ] && mount --bind \"$f\" \"/etc/${f##*/}\"; done; fi; " +
        "exec \"$@\"";

    private const int CapSysAdmin = 21;

    /// <summary>
    /// nsenter and unshare enter namespaces and mount sysfs: without CAP_SYS_ADMIN they fail, and their complaint
    /// would only be the command's output and exit code. The child inherits this thread's capabilities.
    /// </summary>
    private static void RequireSysAdmin(NamespaceHandle ns, string command)
    {
        string? effective = File.ReadLines("/proc/thread-self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        if (effective is not null && (ulong.Parse(effective["CapEff:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber) & (1UL << CapSysAdmin)) == 0)
        {
            throw new EngineException(EngineErrorKind.PermissionDenied,
                $"running '{command}' in {ns.Description} needs CAP_SYS_ADMIN to enter the namespace (run as root)", command);
        }
    }

    public static NamespaceCommandResult Run(
        NamespaceHandle ns,
        string command,
        IReadOnlyList<string> arguments,
        TimeSpan? timeout = null,
        Action<string>? onOutput = null,
        Action<string>? onError = null,
        CancellationToken cancellation = default)
    {
        RequireSysAdmin(ns, command);
        string program = ResolveProgram(command);
        var psi = new ProcessStartInfo("nsenter")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "--net=" + ns.Path, "--", "unshare", "--mount", "--propagation", "slave", "--", "/bin/sh", "-c", EnterScript, ns.Name ?? "netns", program })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (string a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        var output = new List<string>();
        var errors = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Collect(e.Data, output, onOutput);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, errors, onError);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new EngineException(EngineErrorKind.NotFound, $"cannot start nsenter (util-linux): {e.Message}", command, e);
        }

        process.StandardInput.Close(); // programs that read stdin see its end instead of waiting
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        bool timedOut = false;
        DateTime? deadline = timeout is TimeSpan t ? DateTime.UtcNow + t : null;
        while (!process.WaitForExit(100))
        {
            timedOut = deadline is DateTime d && DateTime.UtcNow >= d;
            if (timedOut || cancellation.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                break;
            }
        }

        process.WaitForExit(); // drains the output readers
        bool stopped = timedOut || cancellation.IsCancellationRequested;
        return new NamespaceCommandResult
        {
            Namespace = ns.Reference,
            Command = command,
            ArgumentList = arguments.ToList(),
            ExitCode = stopped ? -1 : process.ExitCode,
            TimedOut = timedOut,
            Output = output,
            ErrorOutput = errors,
            Duration = stopwatch.Elapsed,
        };
    }

    /// <summary>Finds the program on PATH (the namespace shares the file system) so a typo fails before anything runs.</summary>
    private static string ResolveProgram(string command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, "the command to run cannot be empty", command);
        }

        if (command.Contains('/'))
        {
            return File.Exists(command) ? command
                : throw new EngineException(EngineErrorKind.NotFound, $"program '{command}' does not exist", command);
        }

        string? found = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);
        return found ?? throw new EngineException(EngineErrorKind.NotFound, $"program '{command}' is not on PATH", command);
    }

    private static void Collect(string? line, List<string> into, Action<string>? callback)
    {
        if (line is null)
        {
            return;
        }

        lock (into)
        {
            into.Add(line);
        }

        callback?.Invoke(line);
    }
}
