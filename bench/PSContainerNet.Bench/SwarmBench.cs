namespace PSContainerNet.Bench;

/// <summary>
/// A two-engine overlay lab (a swarm of the test bed's engines, an attachable overlay, N containers on each engine),
/// built and removed whole: through New-NetLab and Remove-NetLab, through one cmdlet per step, both in a warm pwsh,
/// and through a shell script of docker CLI commands with one DOCKER_HOST per engine, in turns. Starts the bed
/// (tests/engines.sh) unless PSCN_ENGINES names one.
/// </summary>
internal static class SwarmBench
{
    private static string Engines => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../tests/engines.sh"));

    public static int Run(int perEngine, int rounds)
    {
        if (Bench.PwshPath is null)
        {
            Console.Error.WriteLine("the swarm bench compares the cmdlets: it needs pwsh and a built module (./build.ps1 Build)");
            return 1;
        }

        string image = Environment.GetEnvironmentVariable("PSCN_TEST_IMAGE") is { Length: > 0 } i ? i : "pscn-busybox:latest";
        string? engines = Environment.GetEnvironmentVariable("PSCN_ENGINES");
        bool started = engines is null;
        try
        {
            engines ??= Bench.Run(Engines, "up", "2").Trim().Split("PSCN_ENGINES=")[^1];
            var hosts = engines.Split(';').Select(p => p.Split('=', 2)[1]).ToArray();
            string h1 = hosts[0], h2 = hosts[1];
            string[] c1 = Enumerable.Range(1, perEngine).Select(n => $"pscnsa{n}").ToArray();
            string[] c2 = Enumerable.Range(1, perEngine).Select(n => $"pscnsb{n}").ToArray();

            string cli = $"""
                set -e
                export DOCKER_HOST={h1}
                docker swarm init --advertise-addr 10.77.0.1 >/dev/null
                token=$(docker swarm join-token -q worker)
                DOCKER_HOST={h2} docker swarm join --token "$token" 10.77.0.1:2377 >/dev/null
                docker network create -d overlay --attachable --subnet 10.78.0.0/24 pscnsovl >/dev/null
                for c in {string.Join(' ', c1)}; do docker run -d --name $c --network pscnsovl {image} sleep 3600 >/dev/null; done
                for c in {string.Join(' ', c2)}; do DOCKER_HOST={h2} docker run -d --name $c --network pscnsovl {image} sleep 3600 >/dev/null; done
                docker rm -f {string.Join(' ', c1)} >/dev/null
                DOCKER_HOST={h2} docker rm -f {string.Join(' ', c2)} >/dev/null
                DOCKER_HOST={h2} docker swarm leave --force >/dev/null
                docker swarm leave --force >/dev/null
                """;
            string cmdlets = $$"""
                $h1, $h2 = '{{h1}}', '{{h2}}'
                $c1, $c2 = '{{string.Join(',', c1)}}'.Split(','), '{{string.Join(',', c2)}}'.Split(',')
                $swarm = Initialize-ContainerSwarm 10.77.0.1 -DockerHost $h1
                $swarm | Join-ContainerSwarm -DockerHost $h2
                $null = New-ContainerNetwork pscnsovl -Driver overlay -Attachable -Subnet 10.78.0.0/24 -DockerHost $h1
                foreach ($c in $c1) { $null = New-Container {{image}} sleep, 3600 -Name $c -Network pscnsovl -DockerHost $h1 }
                foreach ($c in $c2) { $null = New-Container {{image}} sleep, 3600 -Name $c -Network pscnsovl -DockerHost $h2 }
                Remove-Container $c1 -Force -DockerHost $h1 -Confirm:$false
                Remove-Container $c2 -Force -DockerHost $h2 -Confirm:$false
                Exit-ContainerSwarm -Force -DockerHost $h2 -Confirm:$false
                Exit-ContainerSwarm -Force -DockerHost $h1 -Confirm:$false
                """;

            string lab = $$"""
                $containers = @(
                    foreach ($c in '{{string.Join(',', c1)}}'.Split(',')) { @{ Name = $c; Host = 'h1'; Image = '{{image}}'; Command = 'sleep', '3600'; Network = 'ovl' } }
                    foreach ($c in '{{string.Join(',', c2)}}'.Split(',')) { @{ Name = $c; Host = 'h2'; Image = '{{image}}'; Command = 'sleep', '3600'; Network = 'ovl' } }
                )
                $definition = @{
                    Name = 'pscnsb'; Hosts = @{ h1 = '{{h1}}'; h2 = '{{h2}}' }; Swarm = @{ Manager = 'h1'; AdvertiseAddress = '10.77.0.1' }
                    Networks = @(@{ Name = 'ovl'; Driver = 'overlay'; Subnet = '10.78.0.0/24' }); Containers = $containers
                }
                $null = New-NetLab -Definition $definition
                $null = Remove-NetLab pscnsb -Confirm:$false
                """;

            // In turns, round after round, so a VM's changing speed falls on all alike; each way runs once untimed first.
            var cliTimes = new List<double>();
            var cmdletTimes = new List<double>();
            var labTimes = new List<double>();
            string Warm(string script) => $$"""
                $ErrorActionPreference = 'Stop'
                $build = { {{script}} }
                & $build
                (Measure-Command $build).TotalMilliseconds
                """;
            Bench.Run("bash", "-c", cli);
            for (int round = 0; round < rounds; round++)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                Bench.Run("bash", "-c", cli);
                cliTimes.Add(sw.Elapsed.TotalMilliseconds);
                cmdletTimes.Add(Bench.Number(Bench.Pwsh(Warm(cmdlets))!.Trim().Split('\n')[^1].Trim()));
                labTimes.Add(Bench.Number(Bench.Pwsh(Warm(lab))!.Trim().Split('\n')[^1].Trim()));
            }

            double Median(List<double> times) => times.Order().ElementAt(rounds / 2);
            double script = Median(cliTimes), perStep = Median(cmdletTimes), whole = Median(labTimes);
            Console.WriteLine($"\ntwo engines, a swarm, an overlay, {perEngine} containers on each; built and removed; median of {rounds} rounds");
            Console.WriteLine($"{"docker CLI script (DOCKER_HOST per engine)",-46} {script,10:0} ms");
            Console.WriteLine($"{"cmdlet per step (one warm pwsh)",-46} {perStep,10:0} ms");
            Console.WriteLine($"{"New-NetLab + Remove-NetLab (one warm pwsh)",-46} {whole,10:0} ms");
            Console.WriteLine($"docker CLI script / New-NetLab: {script / whole:0.00}x; docker CLI script / cmdlet per step: {script / perStep:0.00}x");
            return 0;
        }
        finally
        {
            if (started)
            {
                Bench.Run(Engines, "down");
            }
        }
    }
}
