using System.Diagnostics;
using System.Text;
using PSContainerNet.Engine.Labs;

namespace PSContainerNet.Bench;

/// <summary>
/// A running lab of N nodes on a bridge (LabBench's) grows by K nodes and shrinks back: Set-NetLab's engine
/// (LabChanges.Apply), a script of one `ip` process per step for just those K nodes, and rebuilding the lab whole
/// (Remove + New), in turns; and Compare-NetLab of the unchanged lab (the drift check), which reads every node.
/// </summary>
internal static class ApplyBench
{
    public static int Run(int n, int added, int rounds)
    {
        string lab = "pa" + Guid.NewGuid().ToString("N")[..4];
        LabService.Build(LabDefinition.Parse(LabBench.Definition(lab, n, ipv6: true)));
        try
        {
            LabDefinition small = LabDefinition.Parse(LabBench.Definition(lab, n, ipv6: true));
            LabDefinition grown = LabDefinition.Parse(LabBench.Definition(lab, n + added, ipv6: true));
            var (grow, shrink) = Script(lab, n, added);
            var times = new Dictionary<string, List<double>> { ["Set-NetLab engine"] = [], ["ip per step"] = [], ["rebuild whole"] = [], ["Compare-NetLab"] = [] };
            for (int round = 0; round < rounds; round++)
            {
                times["Set-NetLab engine"].Add(Timed(() => LabChanges.Apply(grown, _ => true)) + Timed(() => LabChanges.Apply(small, _ => true)));
                times["ip per step"].Add(LabBench.Shell(grow) + LabBench.Shell(shrink));
                times["rebuild whole"].Add(Timed(() => { LabService.Remove(lab); LabService.Build(grown); }) + Timed(() => { LabService.Remove(lab); LabService.Build(small); }));
                times["Compare-NetLab"].Add(Timed(() => LabChanges.Compare(small)));
            }

            Console.WriteLine($"\nN={n}, {added} nodes added and removed again, median of {rounds}:");
            foreach (var (what, list) in times)
            {
                Console.WriteLine($"  {what,-18} {Median(list),10:0.0} ms");
            }

            double apply = Median(times["Set-NetLab engine"]);
            Console.WriteLine($"  ip per step / Set-NetLab {Median(times["ip per step"]) / apply:0.0}x, rebuild / Set-NetLab {Median(times["rebuild whole"]) / apply:0.0}x");
            return 0;
        }
        finally
        {
            LabService.Remove(lab);
        }
    }

    /// <summary>The seeds' commands for the K added nodes, and their removal.</summary>
    private static (string Grow, string Shrink) Script(string lab, int n, int added)
    {
        var grow = new StringBuilder("set -e\n");
        var shrink = new StringBuilder("set -e\n");
        for (int i = n; i < n + added; i++)
        {
            string ns = $"{lab}-n{i:D4}", port = $"n{i:D4}-eth0";
            grow.Append($"ip netns add {ns}\nip -n {ns} link set lo up\n")
                .Append($"ip -n {lab}-host link add {port} type veth peer name eth0 netns {ns}\n")
                .Append($"ip -n {lab}-host link set {port} master br0 up\n")
                .Append($"ip -n {ns} link set eth0 up\nip -n {ns} addr add {LabBench.Address(i)}/16 dev eth0\nip -n {ns} route add default via 10.128.0.1\n");
            shrink.Append($"ip netns delete {ns}\n");
        }

        return (grow.ToString(), shrink.ToString());
    }

    private static double Timed(Action work)
    {
        var watch = Stopwatch.StartNew();
        work();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
