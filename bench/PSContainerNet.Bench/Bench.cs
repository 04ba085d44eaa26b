using System.Diagnostics;
using System.Globalization;

namespace PSContainerNet.Bench;

/// <summary>What every scenario shares: medians of warm rounds, child processes, and pwsh when present.</summary>
internal static class Bench
{
    /// <summary>The median of <paramref name="rounds"/> timed runs, after one untimed run (a long-lived session runs warm code).</summary>
    public static double Median(int rounds, Action work, Action reset)
    {
        work();
        reset();
        var times = new List<double>();
        for (int i = 0; i < rounds; i++)
        {
            var sw = Stopwatch.StartNew();
            work();
            times.Add(sw.Elapsed.TotalMilliseconds);
            reset();
        }

        return times.Order().ElementAt(times.Count / 2);
    }

    public static string Run(string file, params string[] arguments)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)}: {error}");
    }

    private static string Module => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../out/PSContainerNet/PSContainerNet.psd1"));

    /// <summary>pwsh, on PATH or where tools/prerequisites.sh installs PowerShell's dotnet tool; null without it or a built module.</summary>
    public static string? PwshPath { get; } = File.Exists(Module)
        ? Environment.GetEnvironmentVariable("PATH")!.Split(':')
            .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet/tools"))
            .Select(d => Path.Combine(d, "pwsh")).FirstOrDefault(File.Exists)
        : null;

    /// <summary>Runs a script in pwsh with the built module imported; null (and a note) when pwsh or the module is missing.</summary>
    public static string? Pwsh(string script)
    {
        if (PwshPath is null)
        {
            Console.WriteLine("cmdlets: skipped (needs pwsh, from PATH or ~/.dotnet/tools, and a built module in out/)");
            return null;
        }

        return Run(PwshPath, "-NoProfile", "-Command", $"Import-Module '{Module}'\n{script}");
    }

    public static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
