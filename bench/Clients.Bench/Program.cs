using System.Diagnostics;
using System.Globalization;
using Bench.Common;
using Platform.Testing;

namespace Clients.Bench;

/// <summary>
/// Clients search benchmark: 1,000,000 clients loaded with set-based SQL, then searches over HTTP.
/// <c>dotnet run -c Release --project bench/Clients.Bench [-- --clients 1000000 --seconds 15]</c>
/// </summary>
public static class BenchProgram
{
    public static async Task Main(string[] args)
    {
        // WebApplicationFactory finds the service's content root through MvcTestingAppManifest.json in the current directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var clients = Arg(args, "--clients", 1_000_000);
        var seconds = Arg(args, "--seconds", 15);

        var service = new ServiceFactory<Program>("clientsdb").UseRealServer().WithTestUsers();
        await service.InitializeAsync();
        Console.WriteLine($"Clients service at {service.HttpAddress}, database {service.DatabaseName}");
        Console.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()}");

        var clock = Stopwatch.StartNew();
        await ClientLoader.LoadAsync(service.ConnectionString, clients);
        Console.WriteLine($"Loaded {clients:N0} clients (insert, indexes, VACUUM ANALYZE) in {clock.Elapsed.TotalSeconds:F1} s");

        var workload = await SearchWorkload.SampleAsync(service.ConnectionString);
        Console.WriteLine();
        Console.WriteLine("## Query plans (EXPLAIN ANALYZE of the service's own search command, one example each)");
        foreach (var (name, search) in workload.Examples)
        {
            Console.WriteLine();
            Console.WriteLine($"### {name}: `{search}`");
            Console.WriteLine();
            Console.WriteLine("```");
            Console.WriteLine(await SearchWorkload.ExplainAsync(service, search));
            Console.WriteLine("```");
        }

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = service.HttpAddress };
        http.AsUser("bench-frontdesk", [Platform.ServiceDefaults.Security.Roles.FrontDesk]); // search is chain-wide for front desk
        var results = new List<LoadResult>();
        foreach (var concurrency in new[] { 1, 8, 32 })
        {
            foreach (var kind in workload.Kinds)
            {
                var result = await LoadRunner.ClosedLoopAsync(kind.Name, concurrency, TimeSpan.FromSeconds(seconds),
                    (i, ct) => workload.SearchAsync(http, kind, i, ct), warmup: TimeSpan.FromSeconds(3));
                Console.WriteLine(result);
                results.Add(result);
            }
        }

        // A busy chain (a thousand front desks, a search every ten seconds each): 100 searches a second
        // arriving whatever the latency, every kind in turn.
        var mixed = await LoadRunner.OpenLoopAsync("mixed, all kinds in turn", 100, TimeSpan.FromSeconds(seconds),
            (i, ct) => workload.SearchAsync(http, workload.Kinds[(int)(i % workload.Kinds.Count)], (int)(i / workload.Kinds.Count), ct));
        Console.WriteLine(mixed);
        results.Add(mixed);

        Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
        Machine.PrintReport($"Clients search over HTTP, {clients:N0} clients", results);
        await ((Xunit.IAsyncLifetime)service).DisposeAsync();
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
