using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Bench.Common;

// Usage: dotnet run -c Release --project bench/Telemetry.Bench [-- --seconds 20 --concurrency 16 --rounds 2]
// Starts the AppHost as a user does, once with --no-dashboard (services export nothing) and once with the
// dashboard (every service exports traces, logs and metrics to the AppHost each second), alternately,
// and drives the same request through the gateway: GET /api/practitioners?limit=20 (gateway -> credentials
// -> PostgreSQL). Prints the throughput of each run and the on/off ratio.
var seconds = Option("--seconds", 20);
var concurrency = Option("--concurrency", 16);
var rounds = Option("--rounds", 2);
const string Route = "/api/practitioners?limit=20";

var root = FindRepositoryRoot();
var configuration = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "BuildConfiguration").Value!;
var appHost = Path.Combine(root, "AppHost", "bin", configuration, "net10.0", "AppHost.dll");
var dataDirectory = Path.Combine(Path.GetTempPath(), "telemetry-bench-" + Guid.NewGuid().ToString("N")[..8]);

Console.WriteLine($"Machine: {Machine.Describe()}");
Console.WriteLine($"Load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"AppHost: {appHost} ({configuration}); {rounds} rounds of {seconds} s, {concurrency} concurrent, GET {Route}");

var results = new List<(bool Dashboard, LoadResult Result, Dictionary<string, double> CpuSeconds)>();
try
{
    for (var round = 0; round < rounds; round++)
    {
        // Alternate which goes first, so a machine that slows down over time does not favour one side.
        foreach (var dashboard in round % 2 == 0 ? new[] { false, true } : [true, false])
        {
            results.Add(await MeasureAsync(dashboard));
        }
    }
}
finally
{
    try
    {
        Directory.Delete(dataDirectory, recursive: true);
    }
    catch (IOException)
    {
    }
}

Machine.PrintReport($"Gateway throughput with the dashboard off and on ({concurrency} concurrent, GET {Route})", results.Select(r => r.Result));
var off = results.Where(r => !r.Dashboard).Average(r => r.Result.SucceededPerSecond);
var on = results.Where(r => r.Dashboard).Average(r => r.Result.SucceededPerSecond);
Console.WriteLine();
Console.WriteLine("CPU milliseconds per request, by process (mean of the runs):");
Console.WriteLine();
Console.WriteLine("| dashboard | " + string.Join(" | ", results[0].CpuSeconds.Keys) + " |");
Console.WriteLine("|---|" + string.Concat(results[0].CpuSeconds.Keys.Select(_ => "---:|")));
foreach (var side in new[] { false, true })
{
    var runs = results.Where(r => r.Dashboard == side).ToList();
    Console.WriteLine($"| {(side ? "on" : "off")} | " + string.Join(" | ", runs[0].CpuSeconds.Keys.Select(k => (runs.Average(r => r.CpuSeconds[k] / r.Result.Succeeded) * 1000).ToString("F3"))) + " |");
}

Console.WriteLine();
Console.WriteLine($"Throughput with the dashboard on / off: {on:F0} / {off:F0} ok/s = {on / off * 100:F1} %");
Console.WriteLine($"Load average after: {File.ReadAllText("/proc/loadavg").Trim()}");

async Task<(bool, LoadResult, Dictionary<string, double>)> MeasureAsync(bool dashboard)
{
    var gatewayPort = FreePort();
    string[] mode = dashboard ? ["--dashboard-port", FreePort().ToString()] : ["--no-dashboard"];
    var info = new ProcessStartInfo("dotnet", [appHost, "--data-dir", dataDirectory, "--gateway-port", gatewayPort.ToString(), "--postgres-port", "0", "--seed", "none", .. mode])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        WorkingDirectory = root,
    };
    using var process = new Process { StartInfo = info };
    var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("platform ready in", StringComparison.Ordinal) == true) ready.TrySetResult(); };
    process.ErrorDataReceived += (_, _) => { };
    process.Start();
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    try
    {
        if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromMinutes(3))) != ready.Task) throw new TimeoutException("The AppHost did not become ready.");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri($"http://localhost:{gatewayPort}") };
        async Task<string> Call(int _, CancellationToken ct)
        {
            using var response = await http.GetAsync(Route, ct);
            await response.Content.LoadIntoBufferAsync(ct);
            return response.StatusCode == HttpStatusCode.OK ? LoadRunner.Ok : ((int)response.StatusCode).ToString();
        }

        await LoadRunner.ClosedLoopAsync("warm-up", concurrency, TimeSpan.FromSeconds(5), Call);
        // The processes the request goes through, and the AppHost itself (the receiver and the dashboard).
        var pids = new Dictionary<string, int> { ["apphost"] = process.Id };
        using (var state = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDirectory, "run.json"))))
        {
            foreach (var resource in state.RootElement.GetProperty("resources").EnumerateArray())
            {
                var name = resource.GetProperty("name").GetString()!;
                if (name is "gateway" or "credentials" or "postgres") pids[name] = resource.GetProperty("pid").GetInt32();
            }
        }

        var before = pids.ToDictionary(p => p.Key, p => CpuSeconds(p.Value));
        var result = await LoadRunner.ClosedLoopAsync($"dashboard {(dashboard ? "on" : "off")}", concurrency, TimeSpan.FromSeconds(seconds), Call);
        var cpu = pids.ToDictionary(p => p.Key, p => CpuSeconds(p.Value) - before[p.Key]);
        Console.WriteLine($"{result}; CPU s: {string.Join(", ", cpu.Select(c => $"{c.Key} {c.Value:F2}"))}");
        return (dashboard, result, cpu);
    }
    finally
    {
        Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill(entireProcessTree: true);
    }
}

// utime + stime of one process, children included once they have exited (PostgreSQL's backends).
static double CpuSeconds(int pid)
{
    var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    var own = long.Parse(fields[11]) + long.Parse(fields[12]);
    var children = long.Parse(fields[13]) + long.Parse(fields[14]);
    var live = Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsDigit))
        .Select(d => File.Exists($"/proc/{d}/stat") ? TryRead($"/proc/{d}/stat") : null)
        .Where(stat => stat is not null && stat.Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == pid.ToString())
        .Sum(stat => { var f = stat!.Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries); return long.Parse(f[11]) + long.Parse(f[12]); });
    return (own + children + live) / 100.0;
}

static string? TryRead(string path)
{
    try
    {
        return File.ReadAllText(path);
    }
    catch (IOException)
    {
        return null;
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Platform.sln"))) return dir.FullName;
    }

    throw new InvalidOperationException("Platform.sln not found above the benchmark.");
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}
