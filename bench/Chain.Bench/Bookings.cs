using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bench.Common;

namespace Chain.Bench;

/// <summary>
/// Booking through the gateway with every real gate (Clients, Credentials over gRPC; shifts, opening hours and the
/// exclusion constraints in Scheduling), on a bench clinic created for the run next to the demo chain.
/// </summary>
internal static class Bookings
{
    /// <summary>Closed loop: <c>--callers</c> front desks, each booking the next free slot as soon as the last answered.</summary>
    public static async Task ThroughputAsync(RunningPlatform platform, BenchOptions options)
    {
        using var gateway = platform.Client(platform.Gateway, options.Callers * 2);
        var duration = options.DurationOr(TimeSpan.FromMinutes(5));
        var days = (int)Math.Clamp(Math.Ceiling(1_000.0 * (duration.TotalSeconds + 30) / (BenchWorld.SlotsPerDay * options.Practitioners)), 7, 360);
        var world = await BenchWorld.CreateAsync(gateway, options.Practitioners, days);
        var next = -1L;

        Task<string> Book(int _, CancellationToken ct) =>
            PostBookingAsync(gateway, world.Booking(Interlocked.Increment(ref next)), ct);

        var result = await LoadRunner.ClosedLoopAsync($"booking through the gateway", options.Callers, duration, Book, warmup: TimeSpan.FromSeconds(10));
        Console.WriteLine(result);
        Machine.PrintReport($"Booking through the gateway with real gates, {options.Callers} concurrent callers, {duration.TotalSeconds:F0} s", [result]);
        WarnIfLimited(result);
    }

    /// <summary>Open loop: a constant booking rate and a constant availability-search rate at once.</summary>
    public static async Task MixedAsync(RunningPlatform platform, BenchOptions options)
    {
        using var gateway = platform.Client(platform.Gateway, 512);
        var duration = options.DurationOr(TimeSpan.FromSeconds(60));
        var days = (int)Math.Clamp(Math.Ceiling(options.BookingRate * (duration.TotalSeconds + 10) / (BenchWorld.SlotsPerDay * options.Practitioners)), 7, 360);
        var world = await BenchWorld.CreateAsync(gateway, options.Practitioners, days);
        var demoLocations = await DemoLocationsAsync(gateway);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var next = -1L;
        // --search-direct sends the searches straight to Scheduling: tells the gateway's share of a slow search from the service's.
        using var searcher = options.SearchDirect ? platform.Client(platform.Services["scheduling"], 512) : null;
        var searchVia = searcher ?? gateway;

        Task<string> Book(long _, CancellationToken ct) => PostBookingAsync(gateway, world.Booking(Interlocked.Increment(ref next)), ct);

        // A front desk looking at one of the chain's clinics for one day in the next two weeks.
        async Task<string> Search(long i, CancellationToken ct)
        {
            var day = BenchWorld.Iso(today.AddDays(1 + (int)(i % 14)));
            var location = demoLocations[(int)(i % demoLocations.Count)];
            using var response = await searchVia.GetAsync($"/api/availability?locationId={location}&from={day}&to={day}&durationMinutes=60", ct);
            await response.Content.LoadIntoBufferAsync(ct);
            return response.IsSuccessStatusCode ? LoadRunner.Ok : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }

        await LoadRunner.OpenLoopAsync("warm-up", options.SearchRate / 4, TimeSpan.FromSeconds(5), Search);
        var bookings = LoadRunner.OpenLoopAsync($"bookings at {options.BookingRate:F0}/s", options.BookingRate, duration, Book);
        var searches = LoadRunner.OpenLoopAsync($"searches at {options.SearchRate:F0}/s", options.SearchRate, duration, Search);
        LoadResult[] results = [await bookings, await searches];
        foreach (var result in results) Console.WriteLine(result);
        Machine.PrintReport($"Mixed load through the gateway: {options.BookingRate:F0} bookings/s + {options.SearchRate:F0} availability searches/s, {duration.TotalSeconds:F0} s", results);
        foreach (var result in results) WarnIfLimited(result);
    }

    /// <summary>
    /// The double-booking storm: 1,000 requests at once for one therapist's one slot, then random overlapping bookings
    /// from 32, 64, 128 and 256 callers; afterwards every stored appointment of the clinic is read back and checked.
    /// </summary>
    public static async Task StormAsync(RunningPlatform platform, BenchOptions options)
    {
        // A storm must learn every answer: a timeout would leave a booking the check cannot account for.
        using var gateway = platform.Client(platform.Gateway, 1_000, timeout: TimeSpan.FromMinutes(5));
        var world = await BenchWorld.CreateAsync(gateway, options.Practitioners, days: 7);
        var booked = new ConcurrentDictionary<Guid, object?>();

        // 1. One slot, 1,000 callers released together; clients differ, so only the therapist (and room) can collide.
        var slot = world.Start(BenchWorld.SlotsPerDay + 8); // the second day, 10:00
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var single = Enumerable.Range(0, 1_000).Select(async i =>
        {
            await go.Task;
            try
            {
                return await PostBookingAsync(gateway, world.Body(world.Clients[i % world.Clients.Count], world.Practitioners[0], null, slot), CancellationToken.None, id => booked.TryAdd(id, null));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return ex.GetType().Name;
            }
        }).ToList();
        go.SetResult();
        var outcomes = (await Task.WhenAll(single)).GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());
        Console.WriteLine("one slot, 1,000 concurrent requests: " + string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
        var singleCreated = outcomes.GetValueOrDefault(LoadRunner.Ok);

        // 2. Random overlapping bookings: starts on a 15-minute grid within opening hours on two days, 30-minute sessions, random
        // therapist, client and (half the time) room, so therapist, room and client conflicts all happen.
        var random = new ConcurrentDictionary<int, Random>();
        async Task<string> Overlapping(int worker, CancellationToken ct)
        {
            var rng = random.GetOrAdd(worker / 1_000_000, w => new Random(w));
            var start = world.Start(rng.Next(2, 4) * BenchWorld.SlotsPerDay).AddMinutes(15 * rng.Next(0, 2 * BenchWorld.SlotsPerDay - 1));
            var room = rng.Next(2) == 0 ? world.Rooms[rng.Next(world.Rooms.Count)] : (Guid?)null;
            var body = world.Body(world.Clients[rng.Next(world.Clients.Count)], world.Practitioners[rng.Next(world.Practitioners.Count)], room, start);
            return await PostBookingAsync(gateway, body, ct, id => booked.TryAdd(id, null));
        }

        var phases = new List<LoadResult>();
        var each = options.DurationOr(TimeSpan.FromSeconds(60)) / 4;
        foreach (var callers in (int[])[32, 64, 128, 256])
        {
            var result = await LoadRunner.ClosedLoopAsync($"random overlapping bookings", callers, each, Overlapping);
            Console.WriteLine(result);
            phases.Add(result);
        }

        // 3. Read back every appointment of the clinic and check the invariants.
        var stored = await AppointmentsAsync(gateway, world);
        var live = stored.Where(a => a.Status is not ("cancelled")).ToList();
        int Overlaps(Func<StoredAppointment, Guid> key) => live.GroupBy(key).Sum(g =>
        {
            var sorted = g.OrderBy(a => a.Start).ToList();
            return sorted.Zip(sorted.Skip(1)).Count(p => p.Second.Start < p.First.End);
        });

        var created = singleCreated + phases.Sum(p => (int)p.Succeeded);
        var storedIds = stored.Select(a => a.Id).ToHashSet();
        var unmatched = booked.Keys.Count(id => !storedIds.Contains(id));
        var report = new[]
        {
            ("one slot: 201 answers (must be 1)", singleCreated.ToString(CultureInfo.InvariantCulture)),
            ("201 answers in all", created.ToString(CultureInfo.InvariantCulture)),
            ("stored appointments of the clinic", stored.Count.ToString(CultureInfo.InvariantCulture)),
            // Every 201 put its id in `booked` (a repeated id is its own outcome), so created == booked.Count unless one repeated.
            ("201 answers without exactly one stored appointment (must be 0)", (unmatched + created - booked.Count).ToString(CultureInfo.InvariantCulture)),
            ("stored appointments no 201 answered for (must be 0)", stored.Count(a => !booked.ContainsKey(a.Id)).ToString(CultureInfo.InvariantCulture)),
            ("overlapping pairs, same therapist (must be 0)", Overlaps(a => a.PractitionerId).ToString(CultureInfo.InvariantCulture)),
            ("overlapping pairs, same room (must be 0)", Overlaps(a => a.RoomId).ToString(CultureInfo.InvariantCulture)),
            ("overlapping pairs, same client (must be 0)", Overlaps(a => a.ClientId).ToString(CultureInfo.InvariantCulture)),
        };

        Machine.PrintReport("Double-booking storm through the gateway", phases);
        Console.WriteLine("| check | result |");
        Console.WriteLine("|---|---:|");
        foreach (var (check, value) in report) Console.WriteLine($"| {check} | {value} |");
        var broken = singleCreated != 1 || report.Where(r => r.Item1.Contains("must be 0", StringComparison.Ordinal)).Any(r => r.Item2 != "0");
        Console.WriteLine(broken ? "\nINVARIANT BROKEN: see the table above." : "\nEvery invariant holds.");
        if (broken) Environment.ExitCode = 3;
    }

    /// <summary>
    /// One booking; its outcome label. <paramref name="created"/>, when given, receives the new appointment's id and
    /// answers false for an id it has seen before (outcome <c>duplicate-id</c>).
    /// </summary>
    public static async Task<string> PostBookingAsync(HttpClient gateway, object body, CancellationToken ct, Func<Guid, bool>? created = null)
    {
        using var response = await gateway.PostAsJsonAsync("/api/appointments", body, ct);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            if (created is not null)
            {
                var appointment = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                if (!created(appointment.GetProperty("id").GetGuid())) return "duplicate-id";
            }
            else
            {
                await response.Content.LoadIntoBufferAsync(ct);
            }

            return LoadRunner.Ok;
        }

        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            return JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var code) ? $"{status} {code.GetString()}" : status;
        }
        catch (JsonException)
        {
            return status;
        }
    }

    private static async Task<IReadOnlyList<Guid>> DemoLocationsAsync(HttpClient gateway)
    {
        // Every bench run adds a bench clinic, so after a few hundred runs the demo clinics are pages away.
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await gateway.GetFromJsonAsync<JsonElement>(cursor is null ? "/api/locations?limit=100" : $"/api/locations?limit=100&cursor={Uri.EscapeDataString(cursor)}");
            ids.AddRange(page.GetProperty("items").EnumerateArray()
                .Where(l => !l.GetProperty("name").GetString()!.StartsWith("Bench Clinic", StringComparison.Ordinal))
                .Select(l => l.GetProperty("id").GetGuid()));
            cursor = page.TryGetProperty("nextCursor", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        while (cursor is not null);
        if (ids.Count == 0)
        {
            throw new BenchSetupException("The platform has no clinics to search.", "Start the AppHost with the demo chain (--seed demo, the default).");
        }

        return ids;
    }

    private sealed record StoredAppointment(Guid Id, Guid PractitionerId, Guid RoomId, Guid ClientId, DateTimeOffset Start, DateTimeOffset End, string Status);

    private static async Task<List<StoredAppointment>> AppointmentsAsync(HttpClient gateway, BenchWorld world)
    {
        var all = new List<StoredAppointment>();
        var query = $"/api/appointments?locationId={world.LocationId}&from={BenchWorld.Iso(world.FirstDay)}&to={BenchWorld.Iso(world.FirstDay.AddDays(world.Days))}&limit=200";
        string? cursor = null;
        do
        {
            var page = await gateway.GetFromJsonAsync<JsonElement>(cursor is null ? query : $"{query}&cursor={Uri.EscapeDataString(cursor)}");
            foreach (var a in page.GetProperty("items").EnumerateArray())
            {
                all.Add(new StoredAppointment(a.GetProperty("id").GetGuid(), a.GetProperty("practitionerId").GetGuid(), a.GetProperty("roomId").GetGuid(),
                    a.GetProperty("clientId").GetGuid(), a.GetProperty("start").GetDateTimeOffset(), a.GetProperty("end").GetDateTimeOffset(),
                    a.GetProperty("status").GetString()!));
            }

            cursor = page.TryGetProperty("nextCursor", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        while (cursor is not null);
        return all;
    }

    private static void WarnIfLimited(LoadResult result)
    {
        if (result.Outcomes.Keys.Any(k => k.StartsWith("429", StringComparison.Ordinal)))
        {
            Console.WriteLine("\nThe gateway's rate limit refused calls (429): start the AppHost with --rate-limit 10000000 for load benchmarks.");
        }
    }
}
