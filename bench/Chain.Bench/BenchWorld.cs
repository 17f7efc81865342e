using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Chain.Bench;

/// <summary>
/// A clinic of its own for one benchmark run, created through the gateway as staff would: a location open
/// 06:00-22:00 every day, one room per therapist, therapists with an active verified licence and a shift every day
/// for the horizon, and consenting clients. Bookings then never meet another run's rows, so every refusal the
/// benchmark sees is the platform's answer to this run's own load.
/// </summary>
internal sealed class BenchWorld
{
    public const string Zone = "America/New_York";
    public const string Jurisdiction = "US-NY";
    public static readonly TimeOnly Opens = new(6, 0);
    public const int SlotMinutes = 30;
    public const int SlotsPerDay = 32; // 06:00-22:00 in 30-minute sessions

    private static readonly TimeZoneInfo Tz = TimeZoneInfo.FindSystemTimeZoneById(Zone);

    public required Guid LocationId { get; init; }
    public required IReadOnlyList<Guid> Practitioners { get; init; }
    public required IReadOnlyList<Guid> Rooms { get; init; }
    public required IReadOnlyList<Guid> Clients { get; init; }
    public required DateOnly FirstDay { get; init; }
    public required int Days { get; init; }

    /// <summary>Slots that can be booked without any conflict: every therapist, every session, every day.</summary>
    public long Capacity => (long)Days * SlotsPerDay * Practitioners.Count;

    public static async Task<BenchWorld> CreateAsync(HttpClient gateway, int practitioners, int days)
    {
        var tag = Tag();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var firstDay = today.AddDays(2);
        Console.WriteLine($"creating the bench clinic '{tag}': {practitioners} therapists and rooms, {practitioners * 2} clients, {days} days of shifts");

        var location = await PostAsync(gateway, "/api/locations", new
        {
            name = $"Bench Clinic {tag}",
            timeZone = Zone,
            jurisdiction = Jurisdiction,
            address = new { line1 = "1 Benchmark Way", city = "Albany", postalCode = "12207" },
            openingHours = Enum.GetValues<DayOfWeek>().Select(d => new { dayOfWeek = Lower(d), opens = "06:00", closes = "22:00" }),
        });

        // Therapists in parallel (a few at a time), each with a room, a licence, its verification and a year of shifts.
        var rooms = new Guid[practitioners];
        var staff = new Guid[practitioners];
        await Parallel.ForEachAsync(Enumerable.Range(0, practitioners), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            rooms[i] = await PostAsync(gateway, $"/api/locations/{location}/rooms", new { name = $"Room {i + 1}" });
            var practitioner = await PostAsync(gateway, "/api/practitioners", new { firstName = "Bench", lastName = "Therapist" + Tag(), email = $"{Guid.NewGuid():N}@bench.example" });
            var license = await PostAsync(gateway, $"/api/practitioners/{practitioner}/licenses", new
            {
                jurisdiction = Jurisdiction,
                licenseNumber = "MT" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999),
                licenseType = "LMT",
                issuingBoard = "New York State Board for Massage Therapy",
                issuedOn = Iso(today.AddYears(-3)),
                expiresOn = Iso(today.AddYears(2)),
            });
            await PostAsync(gateway, $"/api/practitioners/{practitioner}/licenses/{license}/verifications", new
            {
                source = "NYSED Office of the Professions (primary source)", verifiedOn = Iso(today), outcome = "verified", notes = "bench",
            });
            await PostAsync(gateway, "/api/shifts/weekly", new
            {
                practitionerId = practitioner, locationId = location, fromDate = Iso(firstDay), toDate = Iso(firstDay.AddDays(days - 1)),
                days = Enum.GetValues<DayOfWeek>().Select(d => new { dayOfWeek = Lower(d), start = "06:00", end = "22:00" }),
            });
            staff[i] = practitioner;
        });

        var clients = new Guid[practitioners * 2];
        await Parallel.ForEachAsync(Enumerable.Range(0, clients.Length), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var client = await PostAsync(gateway, "/api/clients", new
            {
                firstName = "Bench" + Tag(), lastName = "Client" + Tag(), dateOfBirth = "1980-05-17", homeLocationId = location,
            });
            await PostAsync(gateway, $"/api/clients/{client}/consents", new { type = "treatment", signedAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
            clients[i] = client;
        });

        return new BenchWorld { LocationId = location, Practitioners = staff, Rooms = rooms, Clients = clients, FirstDay = firstDay, Days = days };
    }

    /// <summary>
    /// The booking of conflict-free slot <paramref name="slot"/>: slots fill every therapist at one time before the next
    /// time, each therapist in their own room, and the clients of one time are all different.
    /// </summary>
    public object Booking(long slot)
    {
        var (time, therapist) = Math.DivRem(slot, Practitioners.Count);
        var client = Clients[(int)(slot % Clients.Count)];
        return Body(client, Practitioners[(int)therapist], Rooms[(int)therapist], Start(time));
    }

    /// <summary>The local session <paramref name="time"/> (counted from the first day's opening) as an instant with its offset.</summary>
    public DateTimeOffset Start(long time)
    {
        var (day, session) = Math.DivRem(time, SlotsPerDay);
        var local = FirstDay.AddDays((int)day).ToDateTime(Opens.AddMinutes(session * SlotMinutes));
        return new DateTimeOffset(local, Tz.GetUtcOffset(local));
    }

    public object Body(Guid client, Guid practitioner, Guid? room, DateTimeOffset start) => new
    {
        clientId = client,
        practitionerId = practitioner,
        locationId = LocationId,
        roomId = room,
        start = start.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        durationMinutes = SlotMinutes,
        service = "treatment-30",
        technique = "swedish",
    };

    private static async Task<Guid> PostAsync(HttpClient gateway, string path, object body)
    {
        using var response = await gateway.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            throw new BenchSetupException($"Setting up the bench clinic failed at POST {path}: {(int)response.StatusCode} {text}",
                "Sign in as a user who may create locations, therapists and clients (--user demo-admin).");
        }

        return JsonNode.Parse(text) is JsonObject { } json && json.TryGetPropertyValue("id", out var id) && id is not null
            ? id.GetValue<Guid>()
            : Guid.Empty;
    }

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Lower(DayOfWeek day) => day.ToString().ToLowerInvariant();

    /// <summary>Letters only (names accept no digits).</summary>
    private static string Tag() => new(RandomNumberGenerator.GetItems<char>("bcdfghjklmnpqrstvwxz", 8));
}
