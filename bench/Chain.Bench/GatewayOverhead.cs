using System.Globalization;
using Bench.Common;

namespace Chain.Bench;

/// <summary>
/// The same request three ways in one run: straight to the service, through the gateway, through nginx
/// configured as the same proxy. Latency at a fixed arrival rate (open loop, so a stall is not hidden),
/// then maximum throughput with wrk. The gateway's overhead is the difference to the direct call.
/// </summary>
internal static class GatewayOverhead
{
    public static async Task RunAsync(RunningPlatform platform, BenchOptions options)
    {
        if (!platform.Services.TryGetValue(options.Service, out var direct))
        {
            throw new BenchSetupException($"The running platform has no service '{options.Service}'.", "Pass --service with one of: " + string.Join(", ", platform.Services.Keys));
        }

        await using var nginx = await Nginx.StartAsync(direct);
        var targets = new (string Name, Uri Base)[] { ("direct to the service", direct), ("through the gateway", platform.Gateway), ("through nginx", nginx.Address) };
        var duration = options.DurationOr(TimeSpan.FromSeconds(20));
        Console.WriteLine($"route GET {options.Route}; service {options.Service} at {direct}; gateway {platform.Gateway}; nginx {nginx.Address}");

        var latency = new List<LoadResult>();
        foreach (var (name, address) in targets)
        {
            using var http = platform.Client(address);
            async Task<string> Call(long _, CancellationToken ct)
            {
                using var response = await http.GetAsync(options.Route, HttpCompletionOption.ResponseContentRead, ct);
                return response.IsSuccessStatusCode ? LoadRunner.Ok : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }

            await LoadRunner.OpenLoopAsync("warm-up", options.Rate, TimeSpan.FromSeconds(5), Call);
            var result = await LoadRunner.OpenLoopAsync(name, options.Rate, duration, Call);
            Console.WriteLine(result);
            latency.Add(result);
        }

        var throughput = new List<Wrk.Result>();
        foreach (var (name, address) in targets)
        {
            var result = await Wrk.RunAsync(name, new Uri(address, options.Route), platform.Token, options.Connections, duration);
            Console.WriteLine($"{name}: {result.RequestsPerSecond:F0} req/s, p50 {result.Latency50}, p99 {result.Latency99}, non-2xx {result.Non2xx}");
            throughput.Add(result);
        }

        Machine.PrintReport($"Gateway overhead, GET {options.Route}, {options.Rate:F0} requests/s offered", latency);
        var baseline = latency[0];
        Console.WriteLine("| path | p50 added ms | p99 added ms |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var row in latency.Skip(1))
        {
            Console.WriteLine($"| {row.Name} | {row.P50 - baseline.P50:F2} | {row.P99 - baseline.P99:F2} |");
        }

        Console.WriteLine();
        Console.WriteLine($"Maximum throughput, wrk -t2 -c{options.Connections} -d{duration.TotalSeconds:F0}s:");
        Console.WriteLine();
        Console.WriteLine("| path | requests/s | p50 | p99 | non-2xx |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var row in throughput)
        {
            Console.WriteLine($"| {row.Target} | {row.RequestsPerSecond:F0} | {row.Latency50} | {row.Latency99} | {row.Non2xx} |");
        }

        var gateway = throughput[1].RequestsPerSecond;
        var nginxRps = throughput[2].RequestsPerSecond;
        Console.WriteLine();
        Console.WriteLine($"gateway / nginx throughput: {(nginxRps > 0 ? gateway / nginxRps : 0):P0}; gateway / direct: {(throughput[0].RequestsPerSecond > 0 ? gateway / throughput[0].RequestsPerSecond : 0):P0}");
    }
}
