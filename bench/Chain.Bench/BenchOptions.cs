using System.Globalization;

namespace Chain.Bench;

internal sealed record BenchOptions
{
    public string Scenario { get; init; } = "overhead";
    public string DataDirectory { get; init; } = ".apphost";
    public string User { get; init; } = "demo-admin";
    public string Password { get; init; } = "demo-admin-pass";
    public string Service { get; init; } = "scheduling";
    public string Route { get; init; } = "/api/locations?limit=20";
    public double Rate { get; init; } = 2000;
    public int Connections { get; init; } = 64;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public const string Usage = """
        dotnet run -c Release --project bench/Chain.Bench -- <scenario> [options]
        against a platform started with: dotnet run --project AppHost

        scenarios:
          overhead            the same GET direct, through the gateway and through nginx (latency at --rate, throughput with wrk)

        options:
          --data-dir <path>   the AppHost's data folder (default .apphost)
          --user, --password  the demo user to sign in as (default demo-admin)
          --service <name>    the service behind the route (default scheduling)
          --route <path>      the request (default /api/locations?limit=20)
          --rate <n>          requests per second offered for latency (default 2000)
          --connections <n>   wrk connections (default 64)
          --seconds <n>       measured seconds per run (default 20)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--data-dir" => options with { DataDirectory = Next() },
                "--user" => options with { User = Next() },
                "--password" => options with { Password = Next() },
                "--service" => options with { Service = Next() },
                "--route" => options with { Route = Next() },
                "--rate" => options with { Rate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--connections" => options with { Connections = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seconds" => options with { Duration = TimeSpan.FromSeconds(int.Parse(Next(), CultureInfo.InvariantCulture)) },
                var scenario when !scenario.StartsWith("--", StringComparison.Ordinal) => options with { Scenario = scenario },
                var other => throw new ArgumentException($"Unknown option {other}."),
            };
        }

        return options;
    }
}
