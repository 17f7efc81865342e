using System.Net;
using Scheduling.Api.Features.Appointments;
using Scheduling.Api.Features.Locations;
using Scheduling.Api.Features.Shifts;

namespace Scheduling.Tests;

/// <summary>The service's REST API as the tests drive it: locations, rooms, shifts and bookings.</summary>
public static class SchedulingClient
{
    public const string NewYork = "America/New_York";
    public const string LosAngeles = "America/Los_Angeles";

    /// <summary>Open every day 07:00-21:00 unless told otherwise.</summary>
    public static object[] EveryDay(string opens = "07:00", string closes = "21:00") =>
        Enum.GetValues<DayOfWeek>().Select(d => (object)new { dayOfWeek = d.ToString().ToLowerInvariant(), opens, closes }).ToArray();

    public static object LocationBody(string timeZone = NewYork, string jurisdiction = "US-NY", object[]? openingHours = null, string? name = null) => new
    {
        name = name ?? "Clinic " + Guid.NewGuid().ToString("N")[..8],
        timeZone,
        jurisdiction,
        address = new { line1 = "1 Main Street", city = "Springfield", postalCode = "10001" },
        openingHours = openingHours ?? EveryDay(),
    };

    public static async Task<LocationView> CreateLocationAsync(this HttpClient client, string timeZone = NewYork, string jurisdiction = "US-NY",
        object[]? openingHours = null, int rooms = 0)
    {
        var location = await (await client.PostJsonAsync("/api/locations", LocationBody(timeZone, jurisdiction, openingHours)))
            .ShouldBeAsync<LocationView>(HttpStatusCode.Created);
        for (var i = 1; i <= rooms; i++) await client.AddRoomAsync(location.Id, $"Room {i}");
        return rooms == 0 ? location : await client.GetLocationAsync(location.Id);
    }

    public static async Task<LocationView> GetLocationAsync(this HttpClient client, Guid id) =>
        await (await client.GetAsync($"/api/locations/{id}")).ShouldBeAsync<LocationView>(HttpStatusCode.OK);

    public static async Task<RoomView> AddRoomAsync(this HttpClient client, Guid locationId, string name) =>
        await (await client.PostJsonAsync($"/api/locations/{locationId}/rooms", new { name })).ShouldBeAsync<RoomView>(HttpStatusCode.Created);

    public static async Task<ShiftView> CreateShiftAsync(this HttpClient client, Guid practitionerId, Guid locationId, string date, string start = "08:00", string end = "18:00") =>
        await (await client.PostJsonAsync("/api/shifts", new { practitionerId, locationId, date, start, end })).ShouldBeAsync<ShiftView>(HttpStatusCode.Created);

    /// <summary>A booking body; pass <c>with</c> entries to replace or add fields (null removes one).</summary>
    public static Dictionary<string, object?> Booking(Guid clientId, Guid practitionerId, Guid locationId, string start,
        int durationMinutes = 60, string service = "treatment-60", Guid? roomId = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["clientId"] = clientId,
            ["practitionerId"] = practitionerId,
            ["locationId"] = locationId,
            ["start"] = start,
            ["durationMinutes"] = durationMinutes,
            ["service"] = service,
        };
        if (roomId is not null) body["roomId"] = roomId;
        return body;
    }

    public static async Task<AppointmentView> BookAsync(this HttpClient client, Dictionary<string, object?> booking) =>
        await (await client.PostJsonAsync("/api/appointments", booking)).ShouldBeAsync<AppointmentView>(HttpStatusCode.Created);

    /// <summary>
    /// A location with the given number of rooms and practitioners all working 08:00-18:00 on 2026-03-09 (New York),
    /// its rooms and shifts written straight to the database so hundreds cost one statement each.
    /// </summary>
    public static async Task<(Guid Location, Guid[] Rooms, Guid[] Practitioners)> BusyDayClinicAsync(
        this ServiceFactory<Program> service, HttpClient api, int rooms, int practitioners)
    {
        var location = await api.CreateLocationAsync();
        var roomIds = Enumerable.Range(0, rooms).Select(_ => Guid.CreateVersion7()).ToArray();
        var practitionerIds = Enumerable.Range(0, practitioners).Select(_ => Guid.NewGuid()).ToArray();
        await service.ExecuteAsync(
            "INSERT INTO rooms (id, location_id, name, created_at) SELECT r, $1, 'Room ' || n, now() FROM unnest($2::uuid[]) WITH ORDINALITY AS t(r, n)",
            location.Id, roomIds);
        await service.ExecuteAsync("""
            INSERT INTO shifts (id, practitioner_id, location_id, starts_at, ends_at, created_at)
            SELECT gen_random_uuid(), p, $1, '2026-03-09T12:00:00Z', '2026-03-09T22:00:00Z', now() FROM unnest($2::uuid[]) AS p
            """, location.Id, practitionerIds);
        return (location.Id, roomIds, practitionerIds);
    }
}
