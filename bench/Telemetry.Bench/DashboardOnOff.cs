using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Bench.Common;

namespace Telemetry.Bench;

/// <summary>
/// Booking through the gateway with the AppHost's telemetry off (<c>--no-dashboard</c>) and on, alternately,
/// each run on a freshly started AppHost: throughput at a fixed concurrency, then latency at a fixed arrival
/// rate, and the CPU each process on the path spent per booking.
/// </summary>
public sealed class DashboardOnOff(string configuration, TimeSpan duration, int concurrency, int rate, int rounds)
{
    /// <summary>Without --rate: half the throughput of the first run (dashboard off), well below saturation.</summary>
    private int _rate = rate;

    /// <summary>The processes a booking goes through, and the AppHost (receiver and dashboard).</summary>
    private static readonly string[] Measured = ["apphost", "gateway", "scheduling", "postgres"];

    private readonly string _root = FindRepositoryRoot();

    private sealed record Run(bool Dashboard, LoadResult Throughput, LoadResult Latency, Dictionary<string, double> CpuSeconds);

    public async Task RunAsync()
    {
        var appHost = Path.Combine(_root, "AppHost", "bin", configuration, "net10.0", "AppHost.dll");
        Console.WriteLine($"AppHost: {appHost} ({configuration}); {rounds} rounds; per run {duration.TotalSeconds:F0} s at {concurrency} concurrent, then {duration.TotalSeconds:F0} s at {(_rate > 0 ? $"{_rate}/s" : "half the first run's throughput")}; POST /api/appointments");
        var runs = new List<Run>();
        for (var round = 0; round < rounds; round++)
        {
            // Alternate which goes first, so a machine that slows down over time does not favour one side.
            foreach (var dashboard in round % 2 == 0 ? new[] { false, true } : [true, false])
            {
                runs.Add(await MeasureAsync(appHost, dashboard));
            }
        }

        Machine.PrintReport($"Booking through the gateway, dashboard off and on ({concurrency} concurrent; then {_rate}/s offered)",
            runs.SelectMany(r => new[] { r.Throughput, r.Latency }));

        Console.WriteLine("CPU milliseconds per booking, by process (mean of the runs, both phases):");
        Console.WriteLine();
        Console.WriteLine("| dashboard | " + string.Join(" | ", Measured) + " |");
        Console.WriteLine("|---|" + string.Concat(Measured.Select(_ => "---:|")));
        foreach (var side in new[] { false, true })
        {
            var ofSide = runs.Where(r => r.Dashboard == side).ToList();
            Console.WriteLine($"| {(side ? "on" : "off")} | " + string.Join(" | ", Measured.Select(k =>
                (ofSide.Average(r => r.CpuSeconds[k] / (r.Throughput.Succeeded + r.Latency.Succeeded)) * 1000).ToString("F3"))) + " |");
        }

        double Mean(bool side, Func<Run, double> value) => runs.Where(r => r.Dashboard == side).Average(value);
        Console.WriteLine();
        Console.WriteLine("| on / off | ratio |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| throughput ({concurrency} concurrent) | {Mean(true, r => r.Throughput.SucceededPerSecond) / Mean(false, r => r.Throughput.SucceededPerSecond) * 100:F1} % |");
        Console.WriteLine($"| p50 latency at {_rate}/s | {Mean(true, r => r.Latency.P50) / Mean(false, r => r.Latency.P50) * 100:F1} % |");
        Console.WriteLine($"| p99 latency at {_rate}/s | {Mean(true, r => r.Latency.P99) / Mean(false, r => r.Latency.P99) * 100:F1} % |");
        Console.WriteLine();
    }

    private async Task<Run> MeasureAsync(string appHost, bool dashboard)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "telemetry-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var gatewayPort = FreePort();
        string[] mode = dashboard ? ["--dashboard-port", FreePort().ToString()] : ["--no-dashboard"];
        var info = new ProcessStartInfo("dotnet", [appHost, "--data-dir", dataDirectory, "--gateway-port", gatewayPort.ToString(), "--postgres-port", "0", "--seed", "none", .. mode])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root,
        };
        using var process = new Process { StartInfo = info };
        // Interrupted (Ctrl+C, kill): stop the AppHost too, or it keeps its services and PostgreSQL running.
        void Stop(object? sender, EventArgs e) => StopAppHost(process, dataDirectory);
        AppDomain.CurrentDomain.ProcessExit += Stop;
        Console.CancelKeyPress += Stop;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            output.Enqueue(e.Data);
            if (e.Data.Contains("platform ready in", StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromMinutes(3))) != ready.Task) throw new TimeoutException("The AppHost did not become ready.");

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(concurrency, 64) })
            {
                BaseAddress = new Uri($"http://localhost:{gatewayPort}"),
            };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TokenAsync(http, output));
            var bookings = new BookingLoad(http);
            await bookings.SetUpAsync();
            await LoadRunner.ClosedLoopAsync("warm-up", concurrency, TimeSpan.FromSeconds(5), (_, ct) => bookings.BookAsync(ct));

            var pids = ProcessIds(dataDirectory, process.Id);
            var before = pids.ToDictionary(p => p.Key, p => CpuSeconds(p.Value, withChildren: p.Key != "apphost"));
            var side = dashboard ? "on" : "off";
            var throughput = await LoadRunner.ClosedLoopAsync($"dashboard {side}, throughput", concurrency, duration, (_, ct) => bookings.BookAsync(ct));
            Console.WriteLine(throughput);
            if (_rate <= 0) _rate = Math.Max(1, (int)(throughput.SucceededPerSecond / 2));
            var latency = await LoadRunner.OpenLoopAsync($"dashboard {side}, latency", _rate, duration, (_, ct) => bookings.BookAsync(ct));
            Console.WriteLine(latency);
            var cpu = pids.ToDictionary(p => p.Key, p => CpuSeconds(p.Value, withChildren: p.Key != "apphost") - before[p.Key]);
            Console.WriteLine($"CPU s: {string.Join(", ", cpu.Select(c => $"{c.Key} {c.Value:F2}"))}");
            return new Run(dashboard, throughput, latency, cpu);
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= Stop;
            Console.CancelKeyPress -= Stop;
            StopAppHost(process, dataDirectory);
        }
    }

    /// <summary>
    /// A token for the demo administrator (who may set up locations, shifts and book anywhere), by the password
    /// grant through the gateway with the password the AppHost printed in its table of demo users.
    /// </summary>
    private static async Task<string> TokenAsync(HttpClient gateway, IEnumerable<string> output)
    {
        const string user = "demo-admin";
        var password = output.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).LastOrDefault(c => c.Length >= 3 && c[0] == user)?[1]
            ?? throw new InvalidOperationException($"The AppHost printed no demo user {user}.");
        using var response = await gateway.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "platform-cli",
            ["username"] = user,
            ["password"] = password,
            ["scope"] = "openid profile roles",
        }));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"No token for {user}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>SIGTERM, as a user's Ctrl+C: the AppHost stops its services and PostgreSQL, then exits.</summary>
    private static void StopAppHost(Process process, string dataDirectory)
    {
        if (!process.HasExited)
        {
            Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill(entireProcessTree: true);
        }

        try
        {
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Dictionary<string, int> ProcessIds(string dataDirectory, int appHostPid)
    {
        var pids = new Dictionary<string, int> { ["apphost"] = appHostPid };
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDirectory, "run.json")));
        foreach (var resource in state.RootElement.GetProperty("resources").EnumerateArray())
        {
            var name = resource.GetProperty("name").GetString()!;
            if (Measured.Contains(name)) pids[name] = resource.GetProperty("pid").GetInt32();
        }

        return pids;
    }

    /// <summary>
    /// utime + stime of a process, and optionally of its children, live (PostgreSQL's backends) or exited. The
    /// AppHost's children are the services themselves, measured on their own: it is counted without them.
    /// </summary>
    private static double CpuSeconds(int pid, bool withChildren)
    {
        static string[]? Fields(string path)
        {
            try
            {
                return File.ReadAllText(path).Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (IOException)
            {
                return null;
            }
        }

        var own = Fields($"/proc/{pid}/stat") ?? throw new InvalidOperationException($"Process {pid} is gone.");
        if (!withChildren) return (long.Parse(own[11]) + long.Parse(own[12])) / 100.0;
        var live = Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsDigit))
            .Select(d => Fields($"/proc/{d}/stat"))
            .Where(f => f is not null && f[1] == pid.ToString())
            .Sum(f => long.Parse(f![11]) + long.Parse(f[12]));
        return (long.Parse(own[11]) + long.Parse(own[12]) + long.Parse(own[13]) + long.Parse(own[14]) + live) / 100.0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Platform.sln not found above the benchmark.");
    }
}
