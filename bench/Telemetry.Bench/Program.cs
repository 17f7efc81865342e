using System.Reflection;
using Bench.Common;
using Telemetry.Bench;

// Usage: dotnet run -c Release --project bench/Telemetry.Bench [-- --part all|apphost|ingest --seconds 20
//        --concurrency 16 --rate N --rounds 2]
// apphost: starts the AppHost as a user does, alternately with --no-dashboard (the services export nothing)
//          and with the dashboard (every service exports traces, logs and metrics to the AppHost's receiver
//          every second), and books appointments through the gateway: throughput at a fixed concurrency
//          (closed loop) and latency at a fixed arrival rate (open loop; default half the first run's
//          throughput). Prints the on/off ratios.
// ingest:  the receiver alone, in process on real Kestrel: OTLP/HTTP protobuf batches as the SDK sends them,
//          from several senders at once, into the bounded store at its default caps.
var part = Text("--part", "all");
var seconds = Option("--seconds", 20);
var concurrency = Option("--concurrency", 16);
var rate = Option("--rate", 0);
var rounds = Option("--rounds", 2);

Console.WriteLine($"Machine: {Machine.Describe()}");
Console.WriteLine($"Load average before: {File.ReadAllText("/proc/loadavg").Trim()}");

if (part is "all" or "apphost")
{
    var configuration = typeof(BookingLoad).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "BuildConfiguration").Value!;
    await new DashboardOnOff(configuration, TimeSpan.FromSeconds(seconds), concurrency, rate, rounds).RunAsync();
}

if (part is "all" or "ingest")
{
    await IngestRate.RunAsync(TimeSpan.FromSeconds(seconds), senders: 4);
}

Console.WriteLine($"Load average after: {File.ReadAllText("/proc/loadavg").Trim()}");

int Option(string name, int fallback) => int.TryParse(Text(name, ""), out var value) ? value : fallback;

string Text(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
