// dotnet run -c Release --project bench/PSContainerNet.Bench -- nat [rules] [rounds]
// dotnet run -c Release --project bench/PSContainerNet.Bench -- docker [containers] [rounds]
// dotnet run -c Release --project bench/PSContainerNet.Bench -- lab [sizes, as 100,200,1000] [rounds]
// dotnet run -c Release --project bench/PSContainerNet.Bench -- percall [veth pairs beside, as 10,1000] [calls]
// dotnet run -c Release --project bench/PSContainerNet.Bench -- swarm [containers per engine] [rounds]
// dotnet run -c Release --project bench/PSContainerNet.Bench -- apply [nodes] [rounds] [nodes added]
// Side by side with the tools people use today; run by hand, never by the test suite.
using PSContainerNet.Bench;

string scenario = args.Length > 0 ? args[0] : "nat";
int rounds = args.Length > 2 ? int.Parse(args[2]) : 3;
return scenario switch
{
    "nat" => NatBench.Run(args.Length > 1 ? int.Parse(args[1]) : 500, rounds),
    "docker" => DockerBench.Run(args.Length > 1 ? int.Parse(args[1]) : 20, rounds),
    "lab" => LabBench.Run((args.Length > 1 ? args[1] : "100,200,1000").Split(',').Select(int.Parse).ToArray(), rounds),
    "swarm" => SwarmBench.Run(args.Length > 1 ? int.Parse(args[1]) : 10, rounds),
    "apply" => ApplyBench.Run(args.Length > 1 ? int.Parse(args[1]) : 100, args.Length > 3 ? int.Parse(args[3]) : 10, rounds),
    "percall" => PerCallBench.Run((args.Length > 1 ? args[1] : "10,1000").Split(',').Select(int.Parse).ToArray(), args.Length > 2 ? int.Parse(args[2]) : 200),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: bench nat [rules] [rounds] | bench docker [containers] [rounds] | bench lab [sizes] [rounds] | bench percall [sizes] [calls] | bench swarm [containers per engine] [rounds] | bench apply [nodes] [rounds] [nodes added]");
    return 2;
}
