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

    /// <summary>Runs a script in pwsh with the built module imported; null (and a note) when pwsh or the module is missing.</summary>
    public static string? Pwsh(string script)
    {
        string module = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../out/PSContainerNet/PSContainerNet.psd1"));
        if (!File.Exists(module) || Environment.GetEnvironmentVariable("PATH")!.Split(':').All(d => !File.Exists(Path.Combine(d, "pwsh"))))
        {
            Console.WriteLine("cmdlets: skipped (needs pwsh on PATH and a built module in out/)");
            return null;
        }

        return Run("pwsh", "-NoProfile", "-Command", $"Import-Module '{module}'\n{script}");
    }

    public static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
