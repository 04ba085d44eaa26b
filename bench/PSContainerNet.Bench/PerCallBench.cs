namespace PSContainerNet.Bench;

/// <summary>
/// What one cmdlet call costs in a namespace with few links and with many (N veth pairs beside the link it acts on):
/// a call that reads back more than it made grows with N, one that does not stays flat. Side by side, the same step
/// as one `ip` process. Everything lives in a namespace the bench makes and removes.
/// </summary>
internal static class PerCallBench
{
    public static int Run(int[] sizes, int calls)
    {
        string prefix = "pc" + Guid.NewGuid().ToString("N")[..4];
        var rows = new List<(int N, string Step, double Cmdlet, double Ip)>();
        foreach (int n in sizes)
        {
            string ns = $"{prefix}-{n}";
            Bench.Run("ip", "netns", "add", ns);
            try
            {
                Bench.Run("bash", "-c", $"for i in $(seq 1 {n}); do echo \"link add b$i type veth peer name b${{i}}p\"; done | ip -n {ns} -batch -");
                Bench.Run("ip", "-n", ns, "link", "add", "x0", "type", "veth", "peer", "name", "x0p");
                if (Cmdlets(ns, calls) is not { } cmdlets)
                {
                    return 1;
                }

                var ip = Ip(ns, calls);
                rows.AddRange(cmdlets.Select(c => (n, c.Key, c.Value, ip[c.Key])));
            }
            finally
            {
                Bench.Run("ip", "netns", "delete", ns);
            }
        }

        Console.WriteLine($"\n{"links",6} {"step",-22} {"cmdlet ms",10} {"ip ms",8} {"ip/cmdlet",10}");
        foreach (var (n, step, cmdlet, ip) in rows)
        {
            Console.WriteLine($"{n * 2 + 3,6} {step,-22} {cmdlet,10:0.000} {ip,8:0.000} {ip / cmdlet,10:0.0}");
        }

        if (sizes.Length > 1)
        {
            Console.WriteLine();
            foreach (string step in rows.Select(r => r.Step).Distinct())
            {
                double first = rows.First(r => r.N == sizes[0] && r.Step == step).Cmdlet, last = rows.First(r => r.N == sizes[^1] && r.Step == step).Cmdlet;
                Console.WriteLine($"{step}: cmdlet cost with {sizes[^1] * 2 + 3} links / with {sizes[0] * 2 + 3}: {last / first:0.00}x (flat: about 1)");
            }
        }

        return 0;
    }

    /// <summary>Each step <paramref name="calls"/> times in one pwsh, its start-up excluded; ms per call.</summary>
    private static Dictionary<string, double>? Cmdlets(string ns, int calls)
    {
        string? output = Bench.Pwsh($$"""
            $ns = '{{ns}}'; $n = {{calls}}
            Set-NetLink x0 -Up -Namespace $ns; Set-NetLink x0p -Up -Namespace $ns
            $t = [ordered]@{}
            $t['New-NetIPAddress'] = (Measure-Command { foreach ($i in 1..$n) { $null = New-NetIPAddress "10.77.$([math]::Floor($i / 250)).$($i % 250 + 1)/32" -InterfaceAlias x0 -Namespace $ns } }).TotalMilliseconds
            $t['New-NetRoute'] = (Measure-Command { foreach ($i in 1..$n) { $null = New-NetRoute "10.88.$([math]::Floor($i / 250)).$($i % 250)/32" -InterfaceAlias x0 -Namespace $ns } }).TotalMilliseconds
            $t['Set-NetLink -Up'] = (Measure-Command { foreach ($i in 1..$n) { Set-NetLink x0 -Up -Namespace $ns } }).TotalMilliseconds
            $t['Get-NetLink NAME'] = (Measure-Command { foreach ($i in 1..$n) { $null = Get-NetLink x0 -Namespace $ns } }).TotalMilliseconds
            $t['New-VethPair'] = (Measure-Command { foreach ($i in 1..$n) { $null = New-VethPair "v$i" "v${i}p" -Namespace $ns } }).TotalMilliseconds
            ($t.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value / $n)" }) -join ';'
            """);
        return output?.Trim().Split(';').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Bench.Number(p[1]));
    }

    /// <summary>The same steps as one `ip` process each, in a shell loop; ms per call.</summary>
    private static Dictionary<string, double> Ip(string ns, int calls)
    {
        double Time(string body)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Bench.Run("bash", "-c", $"set -e; for i in $(seq 1 {calls}); do {body}; done");
            return watch.Elapsed.TotalMilliseconds / calls;
        }

        string Octets(string net) => $"{net}.$((i / 250)).$((i % 250 + 1))";
        return new Dictionary<string, double>
        {
            ["New-NetIPAddress"] = Time($"ip -n {ns} addr add {Octets("10.78")}/32 dev x0"),
            ["New-NetRoute"] = Time($"ip -n {ns} route add {Octets("10.89")}/32 dev x0"),
            ["Set-NetLink -Up"] = Time($"ip -n {ns} link set x0 up"),
            ["Get-NetLink NAME"] = Time($"ip -n {ns} -d link show dev x0 >/dev/null"),
            ["New-VethPair"] = Time($"ip -n {ns} link add w$i type veth peer name w${{i}}p"),
        };
    }
}
