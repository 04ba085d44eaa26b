using System.Diagnostics;
using System.Net;
using System.Text;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Nftables;

// dotnet run -c Release --project bench/PSContainerNet.Bench -- nat [rules] [rounds]
// Everything happens inside a namespace the bench makes and removes; nothing touches the host's tables.
string scenario = args.Length > 0 ? args[0] : "nat";
int rules = args.Length > 1 ? int.Parse(args[1]) : 500;
int rounds = args.Length > 2 ? int.Parse(args[2]) : 3;
if (scenario != "nat")
{
    Console.Error.WriteLine("usage: bench nat [rules] [rounds]");
    return 2;
}

string name = "pscn-bench-" + Guid.NewGuid().ToString("N")[..6];
NetNamespaceStore.Create(name);
var ns = NamespaceHandle.Resolve(name);
NetSysctlService.Set(ns, "net.ipv4.ip_forward", "1"); // a NAT lab forwards; no warning on every call
try
{
    var results = new List<(string What, double Milliseconds)>();
    var specs = Enumerable.Range(0, rules).Select(i => new NatRuleSpec
    {
        Action = NatAction.Dnat, Protocol = "tcp", Port = 10000 + i, ToAddress = IPAddress.Parse("172.30.0.2"), ToPort = 20000 + i,
    }).ToList();

    results.Add(($"engine: {rules} rules, one transaction", Median(rounds, () => NatService.Add(ns, specs, returnRules: false), () => Clear(ns))));
    results.Add(($"engine: same, rules echoed back", Median(rounds, () => NatService.Add(ns, specs), () => Clear(ns))));
    results.Add(($"engine: {rules} separate transactions", Median(rounds, () =>
    {
        foreach (NatRuleSpec spec in specs)
        {
            NatService.Add(ns, [spec], returnRules: false);
        }
    }, () => Clear(ns))));

    string nsPath = ns.Path;
    // A shell script of iptables commands, run inside the namespace (one nsenter for the whole script).
    string iptablesScript = $"for i in $(seq 0 {rules - 1}); do iptables -t nat -A PREROUTING -p tcp --dport $((10000 + i)) -j DNAT --to-destination 172.30.0.2:$((20000 + i)); done";
    results.Add(($"iptables: {rules} calls", Median(rounds, () => Run("nsenter", $"--net={nsPath}", "bash", "-c", iptablesScript),
        () => Run("nsenter", $"--net={nsPath}", "iptables", "-t", "nat", "-F", "PREROUTING"))));

    string file = Path.GetTempFileName();
    var script = new StringBuilder("table ip nftbench {\n chain prerouting { type nat hook prerouting priority -100;\n");
    for (int i = 0; i < rules; i++)
    {
        script.Append($"  tcp dport {10000 + i} counter dnat to 172.30.0.2:{20000 + i}\n");
    }

    File.WriteAllText(file, script.Append(" }\n}\n").ToString());
    results.Add(($"nft -f: {rules} rules, one transaction", Median(rounds, () => Run("nsenter", $"--net={nsPath}", "nft", "-f", file),
        () => Run("nsenter", $"--net={nsPath}", "nft", "delete", "table", "ip", "nftbench"))));
    File.Delete(file);

    results.AddRange(Cmdlets(name, rules, rounds));

    Console.WriteLine($"\n{"",-46} {"ms",10} {"per rule",10}");
    foreach (var (what, ms) in results)
    {
        Console.WriteLine($"{what,-46} {ms,10:0.0} {ms / rules,10:0.000}");
    }

    double Get(string prefix) => results.FirstOrDefault(r => r.What.StartsWith(prefix, StringComparison.Ordinal)).Milliseconds;
    Console.WriteLine();
    Console.WriteLine($"nft -f / engine transaction:                {Get("nft -f") / Get("engine: " + rules + " rules"):0.00}x (target >= 1: no slower than nft -f)");
    Console.WriteLine($"iptables calls / engine separate calls:     {Get("iptables") / Get("engine: " + rules + " separate"):0.0}x");
    if (Get("cmdlets: " + rules + " separate") > 0)
    {
        Console.WriteLine($"nft -f / Add-NatRule pipeline:              {Get("nft -f") / Get("cmdlets: one pipeline"):0.00}x");
        Console.WriteLine($"iptables calls / Add-NatRule calls:         {Get("iptables") / Get("cmdlets: " + rules + " separate"):0.0}x (target >= 10)");
    }

    return 0;
}
finally
{
    NetNamespaceStore.Remove(name);
}

static double Median(int rounds, Action work, Action reset)
{
    // One untimed round first: a long-lived pwsh session runs warm (JIT-compiled) code.
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

static void Clear(NamespaceHandle ns) => NatService.Remove(ns, NatService.List(ns));

static string Run(string file, params string[] arguments)
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

// The cmdlets, timed inside one pwsh process (its start-up excluded), when pwsh is on PATH.
static IEnumerable<(string, double)> Cmdlets(string ns, int rules, int rounds)
{
    string module = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../out/PSContainerNet/PSContainerNet.psd1"));
    if (!File.Exists(module) || Environment.GetEnvironmentVariable("PATH")!.Split(':').All(d => !File.Exists(Path.Combine(d, "pwsh"))))
    {
        Console.WriteLine("cmdlets: skipped (needs pwsh on PATH and a built module in out/)");
        return [];
    }

    string script = $$"""
        Import-Module '{{module}}'
        $ns = '{{ns}}'
        function Median([scriptblock] $work) {
            $null = & $work; Remove-NatRule -All -Namespace $ns -Confirm:$false
            $t = foreach ($i in 1..{{rounds}}) { (Measure-Command $work).TotalMilliseconds; Remove-NatRule -All -Namespace $ns -Confirm:$false }
            ($t | Sort-Object)[[int][math]::Floor($t.Count / 2)]
        }
        $pipeline = Median { 0..{{rules - 1}} | ForEach-Object { [pscustomobject]@{ DestinationPort = "$(10000 + $_)"; ToPort = "$(20000 + $_)" } } | Add-NatRule -Dnat -Protocol tcp -ToAddress 172.30.0.2 -Namespace $ns }
        $separate = Median { foreach ($i in 0..{{rules - 1}}) { Add-NatRule -Dnat -Protocol tcp -DestinationPort "$(10000 + $i)" -ToAddress 172.30.0.2 -ToPort "$(20000 + $i)" -Namespace $ns } }
        "$pipeline $separate"
        """;
    string[] times = Run("pwsh", "-NoProfile", "-Command", script).Trim().Split(' ');
    return
    [
        ("cmdlets: one pipeline", double.Parse(times[0], System.Globalization.CultureInfo.InvariantCulture)),
        ($"cmdlets: {rules} separate calls", double.Parse(times[1], System.Globalization.CultureInfo.InvariantCulture)),
    ];
}
