// dotnet run -c Release --project bench/PSContainerNet.Bench -- nat [rules] [rounds]
// dotnet run -c Release --project bench/PSContainerNet.Bench -- docker [containers] [rounds]
// Side by side with the tools people use today; run by hand, never by the test suite.
using PSContainerNet.Bench;

string scenario = args.Length > 0 ? args[0] : "nat";
int count = args.Length > 1 ? int.Parse(args[1]) : scenario == "docker" ? 20 : 500;
int rounds = args.Length > 2 ? int.Parse(args[2]) : 3;
return scenario switch
{
    "nat" => NatBench.Run(count, rounds),
    "docker" => DockerBench.Run(count, rounds),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: bench nat [rules] [rounds] | bench docker [containers] [rounds]");
    return 2;
}
