using System.Globalization;

namespace Chain.Bench;

internal sealed record BenchOptions
{
    public string Scenario { get; init; } = "overhead";
    public string DataDirectory { get; init; } = ".apphost";
    public string User { get; init; } = "demo-admin";
    public string Password { get; init; } = "demo-admin-pass";
    public string Service { get; init; } = "clients";
    // A small answer of fixed size: the location list grows with every booking run's bench clinic (143 KB after a few).
    public string Route { get; init; } = "/api/clients?limit=1";
    public double Rate { get; init; } = 2000;
    public int Connections { get; init; } = 64;
    /// <summary>Null: each scenario's own default.</summary>
    public TimeSpan? Duration { get; init; }
    public int Callers { get; init; } = 64;
    public int Practitioners { get; init; } = 64;
    public double BookingRate { get; init; } = 250;
    public double SearchRate { get; init; } = 1000;
    public bool SearchDirect { get; init; }

    public TimeSpan DurationOr(TimeSpan scenarioDefault) => Duration ?? scenarioDefault;

    public const string Usage = """
        dotnet run -c Release --project bench/Chain.Bench -- <scenario> [options]
        against a platform started with: dotnet run --project AppHost

        scenarios:
          overhead            the same GET direct, through the gateway and through nginx (latency at --rate, throughput with wrk)
          booking             --callers front desks booking free slots through the gateway, closed loop (default 300 s)
          mixed               --booking-rate bookings/s plus --search-rate availability searches/s, open loop (default 60 s)
          events              end-to-end event latency (booking commit -> applied in Referrals) under --booking-rate
                              bookings/s (default 250/s for 60 s), read from the AppHost's PostgreSQL
          storm               1,000 requests for one slot, then random overlapping bookings from 32 to 256 callers
                              (default 60 s), then every stored appointment checked for overlaps

        The booking scenarios create their own clinic (location, rooms, --practitioners therapists, clients) through
        the gateway, so sign in as a user who may (demo-admin), and start the AppHost with a rate limit a load test
        does not hit: dotnet run -c Release --project AppHost -- --rate-limit 10000000

        options:
          --data-dir <path>   the AppHost's data folder (default .apphost)
          --user, --password  the demo user to sign in as (default demo-admin)
          --service <name>    the service behind the route (default clients)
          --route <path>      the request (default /api/clients?limit=1)
          --rate <n>          requests per second offered for latency (default 2000)
          --connections <n>   wrk connections (default 64)
          --seconds <n>       measured seconds per run (default 20 for overhead)
          --callers <n>       concurrent callers for booking (default 64)
          --practitioners <n> therapists (and rooms) of the bench clinic (default 64)
          --booking-rate <n>  bookings per second for mixed (default 250)
          --search-rate <n>   availability searches per second for mixed (default 1000)
          --search-direct     mixed: send the searches straight to Scheduling, not through the gateway
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
                "--callers" => options with { Callers = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--practitioners" => options with { Practitioners = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--booking-rate" => options with { BookingRate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--search-rate" => options with { SearchRate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--search-direct" => options with { SearchDirect = true },
                var scenario when !scenario.StartsWith("--", StringComparison.Ordinal) => options with { Scenario = scenario },
                var other => throw new ArgumentException($"Unknown option {other}."),
            };
        }

        return options;
    }
}
