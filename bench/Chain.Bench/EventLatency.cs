using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Bench.Common;
using Npgsql;

namespace Chain.Bench;

/// <summary>
/// End-to-end event latency under steady booking load: each call books a slot and cancels it, as a front desk does
/// when a client calls off; the cancellation writes <c>AppointmentCancelled</c> to Scheduling's outbox in its own
/// transaction (a booking publishes only when it is on a referral), and Referrals applies it through its inbox. Latency is read from the two databases of
/// the same PostgreSQL server (one clock): from the outbox row (written just before the booking commits) to the inbox
/// row (written when Referrals applies it, just before that commits), and to the delivery the publisher recorded.
/// </summary>
internal static class EventLatency
{
    public static async Task RunAsync(RunningPlatform platform, BenchOptions options)
    {
        var server = platform.Postgres ?? throw new BenchSetupException(
            "The running platform's PostgreSQL is unknown (run.json names no postgres resource, or its password file is missing).",
            "Run against a platform started by the AppHost with its embedded PostgreSQL (the default).");
        using var gateway = platform.Client(platform.Gateway, 512);
        var duration = options.DurationOr(TimeSpan.FromSeconds(60));
        var rate = options.BookingRate;
        var days = (int)Math.Clamp(Math.Ceiling(rate * (duration.TotalSeconds + 10) / (BenchWorld.SlotsPerDay * options.Practitioners)), 7, 360);
        var world = await BenchWorld.CreateAsync(gateway, options.Practitioners, days);
        var next = -1L;

        var cancelled = new ConcurrentDictionary<Guid, object?>();
        async Task<string> BookAndCancel(long _, CancellationToken ct)
        {
            var id = Guid.Empty;
            var outcome = await Bookings.PostBookingAsync(gateway, world.Booking(Interlocked.Increment(ref next)), ct, created =>
            {
                id = created;
                return true;
            });
            if (outcome != LoadRunner.Ok) return outcome;
            using var response = await gateway.PostAsJsonAsync($"/api/appointments/{id}/cancel", new { reason = "client called off (bench)" }, ct);
            if (!response.IsSuccessStatusCode) return "cancel " + (int)response.StatusCode;
            cancelled.TryAdd(id, null);
            return LoadRunner.Ok;
        }

        var load = await LoadRunner.OpenLoopAsync($"book + cancel at {rate:F0}/s", rate, duration, BookAndCancel);
        Console.WriteLine(load);

        // Wait for the tail: every cancellation's event applied, or a minute passed.
        var ids = cancelled.Keys.ToArray();
        var wait = Stopwatch.StartNew();
        List<Sample> samples;
        do
        {
            samples = await SamplesAsync(server, ids);
            if (samples.Count(s => s.Applied is not null) >= ids.Length) break;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        while (wait.Elapsed < TimeSpan.FromMinutes(1));

        var applied = samples.Where(s => s.Applied is not null).ToList();
        var delivered = samples.Where(s => s.Delivered is not null).ToList();
        Console.WriteLine();
        Console.WriteLine($"## Event latency, AppointmentCancelled Scheduling -> Referrals, under {rate:F0} bookings + cancellations/s for {duration.TotalSeconds:F0} s");
        Console.WriteLine();
        Console.WriteLine(Machine.Describe());
        Console.WriteLine();
        Console.WriteLine(LoadResult.MarkdownHeader);
        Console.WriteLine(load.MarkdownRow);
        Console.WriteLine();
        Console.WriteLine("| from the booking's commit to | events | p50 ms | p90 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Row("delivered (publisher recorded the ack)", delivered.Select(s => (s.Delivered!.Value - s.Recorded).TotalMilliseconds));
        Row("applied in Referrals' inbox", applied.Select(s => (s.Applied!.Value - s.Recorded).TotalMilliseconds));
        Console.WriteLine();
        Console.WriteLine($"booked and cancelled {ids.Length}, events found {samples.Count}, applied {applied.Count}, not applied after the wait {ids.Length - applied.Count}");
        if (applied.Count < ids.Length) Environment.ExitCode = 3;
    }

    private static void Row(string what, IEnumerable<double> milliseconds)
    {
        var recorder = new LatencyRecorder();
        foreach (var ms in milliseconds) recorder.Record(TimeSpan.FromMilliseconds(ms), LoadRunner.Ok);
        var result = recorder.ToResult(what, TimeSpan.Zero, string.Empty);
        Console.WriteLine(result.Calls == 0
            ? $"| {what} | 0 | | | | |"
            : string.Create(CultureInfo.InvariantCulture, $"| {what} | {result.Calls} | {result.P50:F1} | {result.P90:F1} | {result.P99:F1} | {result.Max:F1} |"));
    }

    private sealed record Sample(Guid EventId, DateTimeOffset Recorded, DateTimeOffset? Delivered, DateTimeOffset? Applied);

    private static async Task<List<Sample>> SamplesAsync(NpgsqlConnectionStringBuilder server, Guid[] appointmentIds)
    {
        var outbox = new Dictionary<Guid, (DateTimeOffset Recorded, DateTimeOffset? Delivered)>();
        await using (var scheduling = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "schedulingdb" }.ConnectionString))
        {
            await scheduling.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT e.id, e.recorded_at, d.delivered_at
                FROM outbox_events e
                LEFT JOIN outbox_deliveries d ON d.event_id = e.id AND d.subscriber = 'referrals'
                WHERE e.aggregate_id = ANY($1) AND e.event_type LIKE '%AppointmentCancelled'
                """, scheduling);
            command.Parameters.Add(new NpgsqlParameter { Value = appointmentIds.Select(id => id.ToString()).ToArray() });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                outbox[reader.GetGuid(0)] = (reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
            }
        }

        var applied = new Dictionary<Guid, DateTimeOffset>();
        await using (var referrals = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "referralsdb" }.ConnectionString))
        {
            await referrals.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT event_id, applied_at FROM inbox_events WHERE event_id = ANY($1)", referrals);
            command.Parameters.Add(new NpgsqlParameter { Value = outbox.Keys.ToArray() });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) applied[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return outbox.Select(o => new Sample(o.Key, o.Value.Recorded, o.Value.Delivered, applied.TryGetValue(o.Key, out var at) ? at : null)).ToList();
    }
}
