using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Tests.Netlink;

/// <summary>What one side sent: every netlink message, and whether the kernel took the request (the error otherwise).</summary>
public sealed record CapturedRequests(IReadOnlyList<byte[]> Messages, bool Accepted, string Error)
{
    /// <summary>The first message <paramref name="which"/> picks, decoded; fails naming <paramref name="who"/> when there is none.</summary>
    public NetlinkRequestTree Decode(Func<byte[], bool> which, string who, int familyHeaderLength, NetlinkRequestTree.Schema schema)
    {
        byte[]? message = Messages.FirstOrDefault(which);
        Xunit.Assert.True(message is not null, $"{who} sent no such request ({Messages.Count} messages; it said '{Error}')");
        return NetlinkRequestTree.Decode(message, familyHeaderLength, schema);
    }

    /// <summary>The kernel must take both sides' requests or neither.</summary>
    public static void AssertSameOutcome(CapturedRequests theirs, string theirName, CapturedRequests ours) =>
        Xunit.Assert.True(theirs.Accepted == ours.Accepted,
            $"the kernel took {(theirs.Accepted ? theirName + "'s request only" : "the module's request only")}: {theirName} said '{theirs.Error}', the module '{ours.Error}'");
}

/// <summary>
/// Captures the netlink requests of iproute2 (through strace, which records what `ip` writes even when the kernel
/// refuses it) and of the module (through NetlinkTrace.Capture), so the two can be compared where the kernel lacks
/// a feature and where it has it alike.
/// </summary>
public static partial class RequestCapture
{
    /// <summary>Runs `ip ARGUMENTS` (or another iproute2 <paramref name="program"/>, such as bridge) in <paramref name="netns"/> when given, under strace.</summary>
    public static CapturedRequests Iproute(string arguments, string? netns = null, string program = "ip")
    {
        string log = Path.GetTempFileName();
        try
        {
            var psi = new ProcessStartInfo("strace") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in (string[])["-f", "-e", "trace=sendmsg,sendto", "-e", "write=all", "-o", log, program])
            {
                psi.ArgumentList.Add(a);
            }

            if (netns is not null)
            {
                psi.ArgumentList.Add("-n");
                psi.ArgumentList.Add(netns);
            }

            foreach (string a in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                psi.ArgumentList.Add(a);
            }

            using Process p = Process.Start(psi)!;
            p.StandardOutput.ReadToEnd();
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            List<byte[]> messages = ParseStrace(File.ReadAllLines(log)).SelectMany(NetlinkRequestTree.Messages).ToList();
            return new CapturedRequests(messages, p.ExitCode == 0, stderr.Trim());
        }
        finally
        {
            File.Delete(log);
        }
    }

    /// <summary>Runs <paramref name="action"/> and keeps every netlink message it sends; a refusal is recorded, not thrown.</summary>
    public static CapturedRequests Module(Action action)
    {
        var writes = new List<byte[]>();
        using (NetlinkTrace.Capture(writes.Add))
        {
            try
            {
                action();
            }
            catch (EngineException e)
            {
                return new CapturedRequests(writes.SelectMany(NetlinkRequestTree.Messages).ToList(), false, e.Message);
            }
        }

        return new CapturedRequests(writes.SelectMany(NetlinkRequestTree.Messages).ToList(), true, string.Empty);
    }

    /// <summary>Why these tests cannot run here (no strace), or null.</summary>
    public static string? Unavailable()
    {
        string? path = Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(d => Path.Combine(d, "strace")).FirstOrDefault(File.Exists);
        return path is null ? "strace is not installed (apt-get install strace); it captures iproute2's requests" : null;
    }

    /// <summary>
    /// The bytes of every sendmsg/sendto in an strace log written with -e write=all: each call is followed by hex
    /// dump lines ("| 00000  58 00 00 00 10 00 ...  X.......... |"), 16 bytes a line.
    /// </summary>
    private static List<byte[]> ParseStrace(IEnumerable<string> lines)
    {
        var writes = new List<byte[]>();
        List<byte>? current = null;
        foreach (string line in lines)
        {
            Match dump = DumpLine().Match(line);
            if (dump.Success)
            {
                current ??= [];
                foreach (string hex in dump.Groups["hex"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    current.Add(byte.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }

                continue;
            }

            if (line.Contains("sendmsg(", StringComparison.Ordinal) || line.Contains("sendto(", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    writes.Add([.. current]);
                }

                current = null;
            }
        }

        if (current is not null)
        {
            writes.Add([.. current]);
        }

        return writes;
    }

    // The hex columns are 49 characters wide (16 bytes, a gap after the eighth); the ASCII column follows.
    [GeneratedRegex(@"^\s*(?:\d+\s+)?\| [0-9a-f]{5}  (?<hex>[0-9a-f ]{1,49})")]
    private static partial Regex DumpLine();
}

/// <summary>A fact that needs strace: skipped where it is missing, except under CI (CI=true), where it fails.</summary>
public sealed class IprouteOracleFactAttribute : FactAttribute
{
    public IprouteOracleFactAttribute()
    {
        if (RequestCapture.Unavailable() is string reason && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = reason;
        }
    }
}
