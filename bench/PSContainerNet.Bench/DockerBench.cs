using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Bench;

/// <summary>
/// Connect and disconnect N containers to a network: the engine client, the cmdlets, and a shell loop of
/// `docker network connect` / `disconnect`, side by side on the same containers. Everything is named with a
/// unique prefix and removed at the end.
/// </summary>
internal static class DockerBench
{
    public static int Run(int containers, int rounds)
    {
        string image = Environment.GetEnvironmentVariable("PSCN_TEST_IMAGE") is { Length: > 0 } i ? i : "pscn-busybox:latest";
        string prefix = "pscnb" + Guid.NewGuid().ToString("N")[..5];
        var docker = DockerClient.Connect();
        string network = prefix + "net";
        var names = Enumerable.Range(0, containers).Select(n => $"{prefix}c{n}").ToList();
        try
        {
            ContainerNetworkService.Create(docker, new ContainerNetworkSpec { Name = network, Labels = new Dictionary<string, string> { ["pscn-bench"] = prefix } });
            foreach (string name in names)
            {
                ContainerService.Create(docker, new ContainerSpec { Image = image, Name = name, Command = ["sleep", "3600"] });
            }

            var results = new List<(string What, double Milliseconds)>
            {
                ("engine: connect + disconnect", Bench.Median(rounds, () =>
                {
                    foreach (string name in names)
                    {
                        ContainerNetworkService.Connect(docker, network, name, new EndpointSpec());
                    }

                    foreach (string name in names)
                    {
                        ContainerNetworkService.Disconnect(docker, network, name, force: false);
                    }
                }, () => { })),
            };

            // One bash process running the CLI once per container and step, as a lab script would.
            string loop = $"for c in {string.Join(' ', names)}; do docker network connect {network} $c; done; " +
                          $"for c in {string.Join(' ', names)}; do docker network disconnect {network} $c; done";
            results.Add(("docker CLI loop: connect + disconnect", Bench.Median(rounds, () => Bench.Run("bash", "-c", loop), () => { })));

            // A request the daemon answers at once shows the client's own cost: docker inspect of each container.
            results.Add(("engine: inspect each", Bench.Median(rounds, () =>
            {
                foreach (string name in names)
                {
                    ContainerService.Get(docker, name);
                }
            }, () => { })));
            results.Add(("docker CLI loop: inspect each", Bench.Median(rounds, () =>
                Bench.Run("bash", "-c", $"for c in {string.Join(' ', names)}; do docker inspect $c >/dev/null; done"), () => { })));

            string? cmdlets = Bench.Pwsh($$"""
                $containers = Get-Container '{{prefix}}c*'
                $null = $containers | Connect-ContainerNetwork {{network}}; $null = $containers | Disconnect-ContainerNetwork {{network}} -Confirm:$false
                $t = foreach ($i in 1..{{rounds}}) { (Measure-Command { $containers | Connect-ContainerNetwork {{network}}; $containers | Disconnect-ContainerNetwork {{network}} -Confirm:$false }).TotalMilliseconds }
                ($t | Sort-Object)[[int][math]::Floor($t.Count / 2)]
                """);
            if (cmdlets is not null)
            {
                results.Add(("cmdlets: connect + disconnect pipelines", Bench.Number(cmdlets.Trim())));
            }

            Console.WriteLine($"\n{containers} containers, engine API {docker.ApiVersion}; median of {rounds} rounds");
            Console.WriteLine($"{"",-42} {"ms",10} {"per request",12}");
            foreach (var (what, ms) in results)
            {
                Console.WriteLine($"{what,-42} {ms,10:0.0} {ms / (what.Contains("inspect") ? containers : 2 * containers),12:0.00}");
            }

            double Get(string what) => results.Single(r => r.What == what).Milliseconds;
            Console.WriteLine();
            Console.WriteLine($"docker CLI loop / engine, connect + disconnect:  {Get("docker CLI loop: connect + disconnect") / Get("engine: connect + disconnect"),6:0.0}x (target >= 3)");
            if (results.Any(r => r.What.StartsWith("cmdlets", StringComparison.Ordinal)))
            {
                Console.WriteLine($"docker CLI loop / cmdlets, connect + disconnect: {Get("docker CLI loop: connect + disconnect") / Get("cmdlets: connect + disconnect pipelines"),6:0.0}x (target >= 3)");
            }

            Console.WriteLine($"docker CLI loop / engine, inspect:               {Get("docker CLI loop: inspect each") / Get("engine: inspect each"),6:0.0}x (the client's own cost)");

            return 0;
        }
        finally
        {
            foreach (string name in names)
            {
                try
                {
                    ContainerService.Remove(docker, name, force: true);
                }
                catch (DockerException)
                {
                    // never created
                }
            }

            ContainerNetworkService.Prune(docker, new Dictionary<string, string> { ["pscn-bench"] = prefix });
        }
    }
}
