extern alias credentials;

using System.Diagnostics;
using Bench.Common;
using Credentials.Bench;
using credentials::Credentials.Api.Features.Eligibility;
using credentials::Credentials.Api.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using credentials::Credentials.Grpc;
using Grpc.Net.Client;
using Npgsql;
using Platform.Testing;
using Xunit;

// Usage: dotnet run -c Release --project bench/Credentials.Bench [-- --seconds 20 --concurrency 32]
var seconds = Option("--seconds", 20);
var concurrency = Option("--concurrency", 32);
const int Practitioners = 10_000;
const double ClockTicksPerSecond = 100; // USER_HZ on Linux, for /proc/<pid>/stat
var today = DateOnly.FromDateTime(DateTime.UtcNow);
// WebApplicationFactory finds the service's content root through MvcTestingAppManifest.json in the current directory.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);

Console.WriteLine($"Machine: {Machine.Describe()}");
Console.WriteLine($"Load average before: {LoadAverage()}");

// Test users on: the bench calls gRPC as a platform service (test headers), as Scheduling does with its token.
var service = new ServiceFactory<credentials::Program>("credentialsdb").UseRealServer().WithTestUsers();
await service.InitializeAsync();
try
{
    var loading = Stopwatch.StartNew();
    await Seed.LoadAsync(service.ConnectionString, Practitioners, today);
    Console.WriteLine($"Loaded in {loading.Elapsed.TotalSeconds:F1} s: {await CountsAsync(service)}");
    await PrintPlanAsync(service, today);

    // What Scheduling asks: a practitioner it has on a shift, at that location's jurisdiction (mostly one the
    // practitioner is licensed in), for a day in the next four weeks, mostly for techniques needing no certification.
    var licensed = await LicensedAsync(service);
    var random = new Random(42);
    string[] techniques = ["", "", "swedish", "deep-tissue", "trigger-point", "myofascial-release", "sports", "lymphatic-drainage", "lymphatic-drainage", "prenatal"];
    var requests = Enumerable.Range(0, 200_000).Select(_ =>
    {
        var (practitioner, jurisdiction) = licensed[random.Next(licensed.Count)];
        return new CheckEligibilityRequest
        {
            PractitionerId = practitioner.ToString(),
            Jurisdiction = random.Next(100) < 90 ? jurisdiction : Seed.Jurisdictions[random.Next(Seed.Jurisdictions.Length)],
            Date = today.AddDays(random.Next(0, 28)).ToIso(),
            Technique = techniques[random.Next(techniques.Length)],
        };
    }).ToArray();

    using var channel = service.CreateGrpcChannel();
    var client = new Eligibility.EligibilityClient(channel);
    long next = 0, eligible = 0;
    var results = new List<LoadResult>();

    Task<string> Check(CancellationToken ct) => CheckOnceAsync(requests[Interlocked.Increment(ref next) % requests.Length], ct);
    async Task<string> CheckOnceAsync(CheckEligibilityRequest request, CancellationToken ct)
    {
        var reply = await client.CheckEligibilityAsync(request, cancellationToken: ct);
        if (reply.Eligible) Interlocked.Increment(ref eligible);
        return LoadRunner.Ok;
    }

    // Warm-up (JIT, connection pool, prepared statements), not measured.
    await LoadRunner.ClosedLoopAsync("warm-up", concurrency, TimeSpan.FromSeconds(5), (_, ct) => Check(ct));
    await client.CheckEligibilityBatchAsync(new CheckEligibilityBatchRequest { Checks = { requests[0] } });
    await client.ListEligiblePractitionersAsync(new ListEligiblePractitionersRequest { Jurisdiction = "US-FL", From = today.ToIso() });

    // Where a call's CPU goes: the SQL round trip alone (what a check costs when the practitioner's facts are not
    // cached), then the use case in process (mediator, validation, the rule; facts cached), then the whole gRPC call.
    var reader = service.GetService<EligibilityReader>();
    var cache = service.GetService<EligibilityFactsCache>();
    results.Add(await Measured(() => LoadRunner.ClosedLoopAsync("  part: EligibilityReader only (one SQL round trip)", concurrency, TimeSpan.FromSeconds(Math.Max(5, seconds / 2)), async (_, ct) =>
    {
        var request = requests[Interlocked.Increment(ref next) % requests.Length];
        await reader.ForPractitionersAsync([Guid.Parse(request.PractitionerId)], ct);
        return LoadRunner.Ok;
    })));
    results.Add(await Measured(() => LoadRunner.ClosedLoopAsync("  part: CheckEligibility use case in process (no transport)", concurrency, TimeSpan.FromSeconds(Math.Max(5, seconds / 2)), async (_, ct) =>
    {
        var request = requests[Interlocked.Increment(ref next) % requests.Length];
        // Cached facts answer synchronously: yield, or one caller would never let the others (or the clock) run.
        await Task.Yield();
        await using var scope = service.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
            new CheckEligibility(Guid.Parse(request.PractitionerId), request.Jurisdiction, DateOnly.Parse(request.Date), request.Technique), ct);
        return LoadRunner.Ok;
    })));

    // One caller: the floor a single booking sees.
    var single = await Measured(() => LoadRunner.ClosedLoopAsync("CheckEligibility (gRPC)", 1, TimeSpan.FromSeconds(Math.Max(5, seconds / 2)), (_, ct) => Check(ct)));
    results.Add(single);

    next = eligible = 0;
    var check = await Measured(() => LoadRunner.ClosedLoopAsync("CheckEligibility (gRPC)", concurrency, TimeSpan.FromSeconds(seconds), (_, ct) => Check(ct)));
    results.Add(check);
    Console.WriteLine($"  answers: {100.0 * eligible / Math.Max(1, next):F0} % eligible; {cache.Count:N0} practitioners' facts cached");

    // The same calls at a steady rate well below saturation: the latency a booking sees on a normal day.
    var steady = await Measured(() => LoadRunner.OpenLoopAsync("CheckEligibility (gRPC)", 500, TimeSpan.FromSeconds(Math.Max(10, seconds / 2)), (i, ct) =>
        CheckOnceAsync(requests[i % requests.Length], ct)));
    results.Add(steady);

    // The same without the facts cache (as while the service cannot listen for changes): every check reads PostgreSQL.
    cache.Distrust();
    results.Add(await Measured(() => LoadRunner.ClosedLoopAsync("CheckEligibility (gRPC), facts cache bypassed", concurrency, TimeSpan.FromSeconds(seconds), (_, ct) => Check(ct))));
    cache.Trust();

    // A booking series: twelve dates for one practitioner in one call.
    var series = await Measured(() => LoadRunner.ClosedLoopAsync("CheckEligibilityBatch, 12 dates (gRPC)", 8, TimeSpan.FromSeconds(Math.Max(10, seconds / 2)), async (_, ct) =>
    {
        var first = requests[Interlocked.Increment(ref next) % requests.Length];
        var batch = new CheckEligibilityBatchRequest();
        batch.Checks.AddRange(Enumerable.Range(0, 12).Select(w => new CheckEligibilityRequest(first) { Date = today.AddDays(3 * w).ToIso() }));
        await client.CheckEligibilityBatchAsync(batch, cancellationToken: ct);
        return LoadRunner.Ok;
    }));
    results.Add(series);

    // Availability search: everyone eligible in the busiest jurisdiction over the next 14 days.
    var windows = 0;
    var list = await Measured(() => LoadRunner.ClosedLoopAsync("ListEligiblePractitioners, US-FL, 14 days (gRPC)", 4, TimeSpan.FromSeconds(Math.Max(10, seconds / 2)), async (i, ct) =>
    {
        var reply = await client.ListEligiblePractitionersAsync(new ListEligiblePractitionersRequest
        {
            Jurisdiction = "US-FL",
            From = today.ToIso(),
            To = today.AddDays(13).ToIso(),
            Technique = i % 4 == 0 ? "lymphatic-drainage" : "",
        }, cancellationToken: ct);
        if (i % 4 != 0) windows = reply.Windows.Count;
        return LoadRunner.Ok;
    }));
    results.Add(list);
    Console.WriteLine($"  US-FL over 14 days: {windows} eligible windows returned per call (no technique)");

    Console.WriteLine($"Load average after: {LoadAverage()}");
    Machine.PrintReport($"Credentials eligibility, {Practitioners:N0} practitioners, {await service.ScalarAsync<long>("SELECT count(*) FROM licenses"):N0} licences", results);
}
finally
{
    await ((IAsyncLifetime)service).DisposeAsync();
}

// Runs a measurement and prints it with the CPU time this process (client and service together; PostgreSQL is
// separate) spent per call: a figure that depends less on what else the machine is doing than latency does.
async Task<LoadResult> Measured(Func<Task<LoadResult>> measure)
{
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var postgresBefore = PostgresTicks(service.DatabaseName);
    var result = await measure();
    process.Refresh();
    var cpu = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / Math.Max(1, result.Calls);
    var postgres = PostgresTicks(service.DatabaseName).Sum(p => p.Value - postgresBefore.GetValueOrDefault(p.Key))
        * (1_000_000.0 / ClockTicksPerSecond) / Math.Max(1, result.Calls);
    Console.WriteLine(result);
    Console.WriteLine($"  CPU per call: {cpu:F0} µs in this process (client and service), {postgres:F0} µs in PostgreSQL; load average {LoadAverage()}");
    return result;
}

// CPU ticks (user + system) of each PostgreSQL backend serving this database, from /proc.
static Dictionary<int, long> PostgresTicks(string database)
{
    var ticks = new Dictionary<int, long>();
    foreach (var dir in Directory.EnumerateDirectories("/proc"))
    {
        if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
        try
        {
            if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(database, StringComparison.Ordinal)) continue;
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks[pid] = long.Parse(fields[11]) + long.Parse(fields[12]);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    return ticks;
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

static async Task<string> CountsAsync(ServiceFactory<credentials::Program> service)
{
    var counts = new List<string>();
    foreach (var table in new[] { "practitioners", "licenses", "license_verifications", "certifications" })
    {
        counts.Add($"{await service.ScalarAsync<long>($"SELECT count(*) FROM {table}"):N0} {table}");
    }

    counts.Add($"{await service.ScalarAsync<long>("SELECT count(*) FROM licenses WHERE status = 'active' AND verification = 'verified' AND expires_on >= current_date"):N0} licences active, verified and current");
    return string.Join(", ", counts);
}

static async Task<List<(Guid Practitioner, string Jurisdiction)>> LicensedAsync(ServiceFactory<credentials::Program> service)
{
    var rows = new List<(Guid, string)>();
    await using var connection = new NpgsqlConnection(service.ConnectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand("SELECT practitioner_id, jurisdiction FROM licenses", connection);
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync()) rows.Add((reader.GetGuid(0), reader.GetString(1)));
    return rows;
}

// Shows that the hot-path statement is one round trip on indexes, with the same SQL the service runs.
static async Task PrintPlanAsync(ServiceFactory<credentials::Program> service, DateOnly today)
{
    await using var connection = new NpgsqlConnection(service.ConnectionString);
    await connection.OpenAsync();
    var id = await service.ScalarAsync<Guid>("SELECT practitioner_id FROM licenses WHERE jurisdiction = 'US-FL' LIMIT 1");
    await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) " + EligibilityReader.ForPractitionersSql, connection);
    command.Parameters.Add(new NpgsqlParameter { Value = new[] { id } });
    await using var reader = await command.ExecuteReaderAsync();
    Console.WriteLine("CheckEligibility plan:");
    while (await reader.ReadAsync()) Console.WriteLine("    " + reader.GetString(0));
}
