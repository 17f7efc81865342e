using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bench.Common;

namespace Telemetry.Bench;

/// <summary>
/// Bookings through the gateway, each in its own free hour: one location open every day with as many rooms
/// as practitioners, each practitioner on a 08:00-20:00 shift every day for <see cref="Days"/> days; call n
/// books practitioner n mod P at the n/P-th free hour, for a new client, the room assigned by the service.
/// </summary>
public sealed class BookingLoad(HttpClient gateway)
{
    private const int Practitioners = 16;
    private const int Days = 120;
    private const int FirstHour = 8;
    private const int HoursPerDay = 12;
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private readonly Guid[] _practitioners = Enumerable.Range(0, Practitioners).Select(_ => Guid.NewGuid()).ToArray();
    private Guid _locationId;
    private DateOnly _firstDay;
    private long _next = -1;

    public int Capacity => Practitioners * Days * HoursPerDay;

    public async Task SetUpAsync()
    {
        var everyDay = Enum.GetValues<DayOfWeek>().Select(d => d.ToString().ToLowerInvariant()).ToArray();
        using (var location = await gateway.PostAsJsonAsync("/api/locations", new
        {
            name = "Telemetry bench " + Guid.NewGuid().ToString("N")[..8],
            timeZone = Zone.Id,
            jurisdiction = "US-NY",
            address = new { line1 = "1 Main Street", city = "New York", postalCode = "10001" },
            openingHours = everyDay.Select(d => new { dayOfWeek = d, opens = "07:00", closes = "21:00" }),
        }))
        {
            _locationId = (await Created(location)).GetProperty("id").GetGuid();
        }

        for (var i = 1; i <= Practitioners; i++)
        {
            using var room = await gateway.PostAsJsonAsync($"/api/locations/{_locationId}/rooms", new { name = $"Room {i}" });
            await Created(room);
        }

        _firstDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2);
        foreach (var practitionerId in _practitioners)
        {
            using var shifts = await gateway.PostAsJsonAsync("/api/shifts/weekly", new
            {
                practitionerId,
                locationId = _locationId,
                fromDate = _firstDay,
                toDate = _firstDay.AddDays(Days - 1),
                days = everyDay.Select(d => new { dayOfWeek = d, start = $"{FirstHour:00}:00", end = $"{FirstHour + HoursPerDay:00}:00" }),
            });
            await Created(shifts);
        }
    }

    /// <summary>Books the next free hour; "ok" on 201, otherwise the status code.</summary>
    public async Task<string> BookAsync(CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _next);
        if (n >= Capacity) return "out-of-slots";
        var hour = n / Practitioners;
        var local = _firstDay.AddDays((int)(hour / HoursPerDay)).ToDateTime(new TimeOnly(FirstHour + (int)(hour % HoursPerDay), 0));
        var start = new DateTimeOffset(local, Zone.GetUtcOffset(local));
        using var response = await gateway.PostAsJsonAsync("/api/appointments", new
        {
            clientId = Guid.NewGuid(),
            practitionerId = _practitioners[n % Practitioners],
            locationId = _locationId,
            start = start.ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
            durationMinutes = 60,
            service = "treatment-60",
        }, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.Created ? LoadRunner.Ok : ((int)response.StatusCode).ToString();
    }

    private static async Task<JsonElement> Created(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
