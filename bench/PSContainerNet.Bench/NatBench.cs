using System.Net;
using System.Text;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Nftables;

namespace PSContainerNet.Bench;

/// <summary>
/// 500 DNAT rules: the engine (one transaction, and one per rule), the cmdlets, a shell script of iptables
/// commands and one nft -f file, all inside a namespace the bench makes and removes.
/// </summary>
internal static class NatBench
{
    public static int Run(int rules, int rounds)
    {
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

            results.Add(($"engine: {rules} rules, one transaction", Bench.Median(rounds, () => NatService.Add(ns, specs, returnRules: false), () => Clear(ns))));
            results.Add(($"engine: same, rules echoed back", Bench.Median(rounds, () => NatService.Add(ns, specs), () => Clear(ns))));
            results.Add(($"engine: {rules} separate transactions", Bench.Median(rounds, () =>
            {
                foreach (NatRuleSpec spec in specs)
                {
                    NatService.Add(ns, [spec], returnRules: false);
                }
            }, () => Clear(ns))));

            string nsPath = ns.Path;
            // A shell script of iptables commands, run inside the namespace (one nsenter for the whole script).
            string iptablesScript = $"for i in $(seq 0 {rules - 1}); do iptables -t nat -A PREROUTING -p tcp --dport $((10000 + i)) -j DNAT --to-destination 172.30.0.2:$((20000 + i)); done";
            results.Add(($"iptables: {rules} calls", Bench.Median(rounds, () => Bench.Run("nsenter", $"--net={nsPath}", "bash", "-c", iptablesScript),
                () => Bench.Run("nsenter", $"--net={nsPath}", "iptables", "-t", "nat", "-F", "PREROUTING"))));

            string file = Path.GetTempFileName();
            var script = new StringBuilder("table ip nftbench {\n chain prerouting { type nat hook prerouting priority -100;\n");
            for (int i = 0; i < rules; i++)
            {
                script.Append($"  tcp dport {10000 + i} counter dnat to 172.30.0.2:{20000 + i}\n");
            }

            File.WriteAllText(file, script.Append(" }\n}\n").ToString());
            results.Add(($"nft -f: {rules} rules, one transaction", Bench.Median(rounds, () => Bench.Run("nsenter", $"--net={nsPath}", "nft", "-f", file),
                () => Bench.Run("nsenter", $"--net={nsPath}", "nft", "delete", "table", "ip", "nftbench"))));
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
    }

    private static void Clear(NamespaceHandle ns) => NatService.Remove(ns, NatService.List(ns));

    // The cmdlets, timed inside one pwsh process (its start-up excluded), when pwsh is on PATH.
    private static IEnumerable<(string, double)> Cmdlets(string ns, int rules, int rounds)
    {
        string? output = Bench.Pwsh($$"""
            $ns = '{{ns}}'
            function Median([scriptblock] $work) {
                $null = & $work; Remove-NatRule -All -Namespace $ns -Confirm:$false
                $t = foreach ($i in 1..{{rounds}}) { (Measure-Command $work).TotalMilliseconds; Remove-NatRule -All -Namespace $ns -Confirm:$false }
                ($t | Sort-Object)[[int][math]::Floor($t.Count / 2)]
            }
            $pipeline = Median { 0..{{rules - 1}} | ForEach-Object { [pscustomobject]@{ DestinationPort = "$(10000 + $_)"; ToPort = "$(20000 + $_)" } } | Add-NatRule -Dnat -Protocol tcp -ToAddress 172.30.0.2 -Namespace $ns }
            $separate = Median { foreach ($i in 0..{{rules - 1}}) { Add-NatRule -Dnat -Protocol tcp -DestinationPort "$(10000 + $i)" -ToAddress 172.30.0.2 -ToPort "$(20000 + $i)" -Namespace $ns } }
            "$pipeline $separate"
            """);
        if (output is null)
        {
            return [];
        }

        string[] times = output.Trim().Split(' ');
        return
        [
            ("cmdlets: one pipeline", Bench.Number(times[0])),
            ($"cmdlets: {rules} separate calls", Bench.Number(times[1])),
        ];
    }
}
