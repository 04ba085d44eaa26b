using System.Collections;
using System.Diagnostics;
using System.Text;
using PSContainerNet.Engine.Labs;

namespace PSContainerNet.Bench;

/// <summary>
/// A lab of N namespaces on one bridge (veth into the bridge, address, lo up, default route each), built and
/// removed through the engine, the cmdlets, a script of one `ip` process per step, and `ip -batch`, side by side.
/// Everything is named with a unique prefix and lives in namespaces the bench makes and removes.
/// </summary>
internal static class LabBench
{
    private static readonly TimeSpan QuietTime = TimeSpan.FromSeconds(3);

    public static int Run(int[] sizes, int rounds)
    {
        string prefix = "pb" + Guid.NewGuid().ToString("N")[..4];
        double memoryGrowth = PeakGrowth(prefix + "m", sizes.Max());
        var rows = new List<(int N, string What, double Build, double Remove)>();
        foreach (int n in sizes)
        {
            var ways = new (string What, Func<int, (double, double)> Run)[]
            {
                ("engine", i => Engine(prefix + i, Definition(prefix + i, n, ipv6: true))),
                ("ip per step", i => Script(prefix + "s" + i, n)),
                ("ip -batch", i => Batch(prefix + "b" + i, n)),
                ("engine, IPv6 off", i => Engine(prefix + "v" + i, Definition(prefix + "v" + i, n, ipv6: false))),
            };
            if (Bench.PwshPath is not null)
            {
                // In the same turns as the ip script, so the VM's drifting speed falls on both alike.
                ways = [.. ways, ("cmdlet per step", i => CmdletPerStep(prefix + "p" + i, n))];
            }
            rows.AddRange(Interleaved(rounds, ways).Select(r => (n, r.What, r.Build, r.Remove)));
            if (Cmdlets(prefix + "c", n, rounds) is var (cmdletBuild, cmdletRemove))
            {
                rows.Add((n, "cmdlets", cmdletBuild, cmdletRemove));
            }

        }

        Console.WriteLine($"\n{"N",5} {"",-17} {"build ms",10} {"remove ms",10} {"ms/node",9}");
        foreach (var (n, what, build, remove) in rows)
        {
            Console.WriteLine($"{n,5} {what,-17} {build,10:0.0} {remove,10:0.0} {(build + remove) / n,9:0.000}");
        }

        Console.WriteLine();
        foreach (int n in sizes)
        {
            double Total(string what) => rows.Where(r => r.N == n && r.What == what).Select(r => r.Build + r.Remove).DefaultIfEmpty(double.NaN).First();
            Console.WriteLine($"N={n}: ip per step / engine {Total("ip per step") / Total("engine"),5:0.0}x (target >= 10 at 200), " +
                              $"ip -batch / engine {Total("ip -batch") / Total("engine"),5:0.0}x (target >= 4 at 200), " +
                              $"ip per step / cmdlets {Total("ip per step") / Total("cmdlets"),5:0.0}x, " +
                              $"ip per step / cmdlet per step {Total("ip per step") / Total("cmdlet per step"),5:0.0}x (target >= 5 at 200)");
        }

        double PerNode(int n, string what) => rows.Where(r => r.N == n && r.What == what).Select(r => (r.Build + r.Remove) / n).First();
        if (sizes.Length > 1)
        {
            foreach (string what in new[] { "engine", "ip per step", "ip -batch", "engine, IPv6 off" })
            {
                Console.WriteLine($"{what}: per-node cost at N={sizes[^1]} / at N={sizes[0]}: {PerNode(sizes[^1], what) / PerNode(sizes[0], what):0.00}x" +
                                  (what == "engine" ? " (target <= 1.5)" : string.Empty));
            }
        }

        Console.WriteLine($"engine build and removal of N={sizes.Max()} after a warm-up: the process's peak working set grew by {memoryGrowth:0.0} MB (target < 50 MB)");
        Console.WriteLine("(\"engine, IPv6 off\" builds the same lab with net.ipv6.conf.default.disable_ipv6=1 in each node, through the lab's Sysctl:" +
                          " the difference is the kernel's IPv6 link-local, DAD and MLD chatter that the bridge floods to every port)");
        return 0;
    }

    /// <summary>
    /// Median build and remove times of each way, run in turns (engine, script, batch, engine, ...) so that a VM's
    /// changing speed falls on all of them alike; one untimed turn first.
    /// </summary>
    private static List<(string What, double Build, double Remove)> Interleaved(int rounds, (string What, Func<int, (double, double)> Run)[] ways)
    {
        var times = ways.ToDictionary(w => w.What, _ => new List<(double Build, double Remove)>());
        for (int round = 0; round <= rounds; round++)
        {
            foreach (var (what, run) in ways)
            {
                // The kernel frees removed namespaces in the background for a while: each way starts on a quiet kernel.
                Thread.Sleep(QuietTime);
                var time = run(round);
                if (round > 0)
                {
                    times[what].Add(time);
                }
            }
        }

        double Median(IEnumerable<double> values) => values.Order().ElementAt(rounds / 2);
        return ways.Select(w => (w.What, Median(times[w.What].Select(t => t.Build)), Median(times[w.What].Select(t => t.Remove)))).ToList();
    }

    /// <summary>
    /// How much the process's peak working set grows while the engine builds and removes a lab of N nodes, measured
    /// after a small lab has warmed up the code paths (JIT, threads), so that the growth is what N nodes cost.
    /// </summary>
    private static double PeakGrowth(string lab, int n)
    {
        Engine(lab + "w", Definition(lab + "w", 10, ipv6: true));
        long before = Process.GetCurrentProcess().PeakWorkingSet64;
        Engine(lab, Definition(lab, n, ipv6: true));
        return (Process.GetCurrentProcess().PeakWorkingSet64 - before) / 1048576.0;
    }

    internal static Hashtable Definition(string lab, int n, bool ipv6)
    {
        object? settings = ipv6 ? null : new Hashtable { ["Sysctl"] = new Hashtable { ["net.ipv6.conf.default.disable_ipv6"] = "1" } };
        var nodes = new Hashtable { ["host"] = settings };
        var links = new object[n];
        var routes = new object[n];
        for (int i = 0; i < n; i++)
        {
            string node = $"n{i:D4}";
            nodes[node] = settings;
            links[i] = new Hashtable { ["Node"] = node, ["Name"] = "eth0", ["Bridge"] = "br0", ["Address"] = Address(i) + "/16" };
            routes[i] = new Hashtable { ["Node"] = node, ["Destination"] = "default", ["Gateway"] = "10.128.0.1" };
        }

        return new Hashtable
        {
            ["Name"] = lab,
            ["Nodes"] = nodes,
            ["Bridges"] = new Hashtable { ["Node"] = "host", ["Name"] = "br0", ["Address"] = "10.128.0.1/16" },
            ["Links"] = links,
            ["Routes"] = routes,
        };
    }

    internal static string Address(int i) => $"10.128.{(i + 2) / 256}.{(i + 2) % 256}";

    private static (double, double) Engine(string lab, Hashtable labDefinition)
    {
        var definition = LabDefinition.Parse(labDefinition);
        var watch = Stopwatch.StartNew();
        LabService.Build(definition);
        double build = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        LabService.Remove(lab);
        return (build, watch.Elapsed.TotalMilliseconds);
    }

    /// <summary>One `ip` process per step, as a shell script of the seeds' commands would run.</summary>
    private static (double, double) Script(string lab, int n)
    {
        var build = new StringBuilder($"set -e\nip netns add {lab}-host\nip -n {lab}-host link set lo up\n" +
                                      $"ip -n {lab}-host link add br0 type bridge\nip -n {lab}-host addr add 10.128.0.1/16 dev br0\nip -n {lab}-host link set br0 up\n");
        var remove = new StringBuilder("set -e\n");
        for (int i = 0; i < n; i++)
        {
            string ns = $"{lab}-n{i:D4}", port = $"n{i:D4}-eth0";
            build.Append($"ip netns add {ns}\nip -n {ns} link set lo up\n")
                .Append($"ip -n {lab}-host link add {port} type veth peer name eth0 netns {ns}\n")
                .Append($"ip -n {lab}-host link set {port} master br0 up\n")
                .Append($"ip -n {ns} link set eth0 up\nip -n {ns} addr add {Address(i)}/16 dev eth0\nip -n {ns} route add default via 10.128.0.1\n");
            remove.Append($"ip netns delete {ns}\n");
        }

        remove.Append($"ip netns delete {lab}-host\n");
        return (Shell(build.ToString()), Shell(remove.ToString()));
    }

    /// <summary>`ip -batch`: one process for the host side, one per node for what happens inside it.</summary>
    private static (double, double) Batch(string lab, int n)
    {
        var host = new StringBuilder($"netns add {lab}-host\n");
        var remove = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            host.Append($"netns add {lab}-n{i:D4}\n");
            remove.Append($"netns delete {lab}-n{i:D4}\n");
        }

        remove.Append($"netns delete {lab}-host\n");
        var inHost = new StringBuilder("link set lo up\nlink add br0 type bridge\naddr add 10.128.0.1/16 dev br0\nlink set br0 up\n");
        var script = new StringBuilder("set -e\n");
        for (int i = 0; i < n; i++)
        {
            inHost.Append($"link add n{i:D4}-eth0 type veth peer name eth0 netns {lab}-n{i:D4}\nlink set n{i:D4}-eth0 master br0 up\n");
            script.Append($"ip -n {lab}-n{i:D4} -batch - <<'E'\nlink set lo up\nlink set eth0 up\naddr add {Address(i)}/16 dev eth0\nroute add default via 10.128.0.1\nE\n");
        }

        string build = $"set -e\nip -batch - <<'E'\n{host}E\nip -n {lab}-host -batch - <<'E'\n{inHost}E\n{script}";
        return (Shell(build), Shell($"ip -batch - <<'E'\n{remove}E\n"));
    }

    /// <summary>Runs a script from a file (a 1000-node script is longer than one argument may be).</summary>
    internal static double Shell(string script)
    {
        string file = Path.GetTempFileName();
        File.WriteAllText(file, script);
        try
        {
            var watch = Stopwatch.StartNew();
            Bench.Run("bash", file);
            return watch.Elapsed.TotalMilliseconds;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (double, double)? Cmdlets(string lab, int n, int rounds)
    {
        string? output = Bench.Pwsh($$"""
            $definition = @{ Name = '{{lab}}'; Nodes = @{ host = @{} }; Bridges = @( @{ Node = 'host'; Name = 'br0'; Address = '10.128.0.1/16' } ); Links = @(); Routes = @() }
            foreach ($i in 0..{{n - 1}}) {
                $node = 'n{0:D4}' -f $i
                $definition.Nodes[$node] = @{}
                $definition.Links += @{ Node = $node; Name = 'eth0'; Bridge = 'br0'; Address = ('10.128.{0}.{1}/16' -f [math]::Floor(($i + 2) / 256), (($i + 2) % 256)) }
                $definition.Routes += @{ Node = $node; Destination = 'default'; Gateway = '10.128.0.1' }
            }
            $null = New-NetLab -Definition $definition; $null = Remove-NetLab '{{lab}}' -Confirm:$false
            $b = @(); $r = @()
            foreach ($round in 1..{{rounds}}) {
                $b += (Measure-Command { $null = New-NetLab -Definition $definition }).TotalMilliseconds
                $r += (Measure-Command { $null = Remove-NetLab '{{lab}}' -Confirm:$false }).TotalMilliseconds
            }
            "$(($b | Sort-Object)[[int][math]::Floor($b.Count / 2)]) $(($r | Sort-Object)[[int][math]::Floor($r.Count / 2)])"
            """);
        if (output is null)
        {
            return null;
        }

        string[] times = output.Trim().Split(' ');
        return (Bench.Number(times[0]), Bench.Number(times[1]));
    }

    /// <summary>
    /// The same steps as <see cref="Script"/>, one cmdlet each, in one pwsh process, as a script of the walkthrough's
    /// commands would run: a 10-node warm-up, then the lab timed inside pwsh (its start-up excluded).
    /// </summary>
    private static (double, double) CmdletPerStep(string lab, int n)
    {
        string output = Bench.Pwsh($$"""
            function Build([string] $lab, [int] $n) {
                $hostNs = "$lab-host"
                $null = New-NetNamespace $hostNs
                Set-NetLink lo -Up -Namespace $hostNs
                $null = New-NetBridge br0 -Namespace $hostNs
                $null = New-NetIPAddress 10.128.0.1/16 -InterfaceAlias br0 -Namespace $hostNs
                Set-NetLink br0 -Up -Namespace $hostNs
                foreach ($i in 0..($n - 1)) {
                    $ns = "$lab-n{0:D4}" -f $i; $port = 'n{0:D4}-eth0' -f $i
                    $null = New-NetNamespace $ns
                    Set-NetLink lo -Up -Namespace $ns
                    $null = New-VethPair $port eth0 -Namespace $hostNs -PeerNamespace $ns
                    Set-NetLink $port -Master br0 -Up -Namespace $hostNs
                    Set-NetLink eth0 -Up -Namespace $ns
                    $null = New-NetIPAddress ('10.128.{0}.{1}/16' -f [math]::Floor(($i + 2) / 256), (($i + 2) % 256)) -InterfaceAlias eth0 -Namespace $ns
                    $null = New-NetRoute default 10.128.0.1 -Namespace $ns
                }
            }
            function Remove([string] $lab, [int] $n) {
                foreach ($i in 0..($n - 1)) { Remove-NetNamespace ("$lab-n{0:D4}" -f $i) -Force -Confirm:$false }
                Remove-NetNamespace "$lab-host" -Force -Confirm:$false
            }
            Build '{{lab}}w' 10; Remove '{{lab}}w' 10
            $build = (Measure-Command { Build '{{lab}}' {{n}} }).TotalMilliseconds
            $remove = (Measure-Command { Remove '{{lab}}' {{n}} }).TotalMilliseconds
            "$build $remove"
            """)!;
        string[] times = output.Trim().Split(' ');
        return (Bench.Number(times[0]), Bench.Number(times[1]));
    }
}
