using System.Net;
using System.Text.Json;
using Scheduling.Api.Domain;
using Scheduling.Api.Features.Appointments;
using static Scheduling.Tests.SchedulingClient;

namespace Scheduling.Tests;

public sealed class BookingTests(SchedulingServiceFactory service) : IClassFixture<SchedulingServiceFactory>
{
    private readonly HttpClient _api = service.CreateApiClient();

    private Task<long> BookedAsync(Guid practitionerId) =>
        service.ScalarAsync<long>("SELECT count(*) FROM appointments WHERE practitioner_id = $1", practitionerId)!;

    /// <summary>A New York location (opening hours 07:00-21:00) with rooms, and a practitioner working 08:00-18:00 on Monday 2026-03-09.</summary>
    private async Task<(Guid Location, IReadOnlyList<Guid> Rooms, Guid Practitioner)> ClinicAsync(int rooms = 2, string zone = NewYork, string date = "2026-03-09")
    {
        var location = await _api.CreateLocationAsync(zone, zone == NewYork ? "US-NY" : "US-CA", rooms: rooms);
        var practitioner = Guid.NewGuid();
        await _api.CreateShiftAsync(practitioner, location.Id, date, "08:00", "18:00");
        return (location.Id, location.Rooms.Select(r => r.Id).ToList(), practitioner);
    }

    [Fact]
    public async Task A_booking_is_stored_as_instants_and_answered_in_the_locations_time()
    {
        var (location, rooms, practitioner) = await ClinicAsync();
        var client = Guid.NewGuid();
        var referral = Guid.NewGuid();
        var body = Booking(client, practitioner, location, "2026-03-09T13:00:00Z", 90, "treatment-90");
        body["technique"] = "myofascial-release";
        body["referralId"] = referral;

        var response = await _api.PostJsonAsync("/api/appointments", body);
        var booked = await response.ShouldBeAsync<AppointmentView>(HttpStatusCode.Created);

        Assert.Equal($"/api/appointments/{booked.Id}", response.Headers.Location?.ToString());
        Assert.Equal(DateTimeOffset.Parse("2026-03-09T09:00:00-04:00"), booked.Start);
        Assert.Equal(TimeSpan.FromHours(-4), booked.Start.Offset);
        Assert.Equal((new DateOnly(2026, 3, 9), new TimeOnly(9, 0), new TimeOnly(10, 30), NewYork),
            (booked.LocalDate, booked.LocalStart, booked.LocalEnd, booked.TimeZone));
        Assert.Equal((AppointmentStatus.Booked, ServiceCode.Treatment90, Technique.MyofascialRelease, referral, 90),
            (booked.Status, booked.Service, booked.Technique, booked.ReferralId, booked.DurationMinutes));
        Assert.Equal(rooms[0], booked.RoomId); // assigned: the first free room by name

        var json = await (await _api.GetAsync($"/api/appointments/{booked.Id}")).Content.ReadAsStringAsync();
        Assert.Contains("\"start\":\"2026-03-09T09:00:00-04:00\"", json);
        Assert.Contains("\"service\":\"treatment-90\"", json);
        Assert.Contains("\"technique\":\"myofascial-release\"", json);
        Assert.Equal("treatment-90", await service.ScalarAsync<string>("SELECT service FROM appointments WHERE id = $1", booked.Id));
        Assert.Equal(DateTimeOffset.Parse("2026-03-09T13:00:00Z").UtcDateTime, await service.ScalarAsync<DateTime>("SELECT starts_at FROM appointments WHERE id = $1", booked.Id));
    }

    [Theory]
    [InlineData(NewYork, "2026-03-06", "2026-03-06T09:00:00-05:00")]
    [InlineData(NewYork, "2026-03-09", "2026-03-09T09:00:00-04:00")]
    [InlineData(LosAngeles, "2026-03-06", "2026-03-06T09:00:00-08:00")]
    [InlineData(LosAngeles, "2026-03-09", "2026-03-09T09:00:00-07:00")]
    [InlineData(LosAngeles, "2026-11-02", "2026-11-02T09:00:00-08:00")]
    public async Task Nine_oclock_local_is_bookable_on_both_sides_of_a_change(string zone, string date, string start)
    {
        var (location, _, practitioner) = await ClinicAsync(1, zone, date);

        var booked = await _api.BookAsync(Booking(Guid.NewGuid(), practitioner, location, start));
        Assert.Equal(new TimeOnly(9, 0), booked.LocalStart);

        // One hour "earlier" in UTC is 08:00 local, inside the shift; the same UTC hour on the other side of the change is not 09:00.
        var outside = await (await _api.PostJsonAsync("/api/appointments", Booking(Guid.NewGuid(), practitioner, location,
            DateTimeOffset.Parse(start).AddHours(-2).ToString("yyyy-MM-ddTHH:mm:sszzz")))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("outside_shift", outside.Code);
    }

    [Fact]
    public async Task Outside_the_shift_and_the_opening_hours_is_a_422_with_every_reason()
    {
        var (location, _, practitioner) = await ClinicAsync();

        var afterShift = await (await _api.PostJsonAsync("/api/appointments", Booking(Guid.NewGuid(), practitioner, location, "2026-03-09T18:00:00-04:00")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("outside_shift", afterShift.Code);
        Assert.Contains("shifts that day: 08:00-18:00", Assert.Single(afterShift.Reasons!));

        var lateNight = await (await _api.PostJsonAsync("/api/appointments", Booking(Guid.NewGuid(), practitioner, location, "2026-03-09T21:00:00-04:00")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("outside_opening_hours", lateNight.Code);
        Assert.Equal(2, lateNight.Reasons!.Length);
        Assert.StartsWith("outside_opening_hours:", lateNight.Reasons[0]);
        Assert.StartsWith("outside_shift:", lateNight.Reasons[1]);

        var otherDay = await (await _api.PostJsonAsync("/api/appointments", Booking(Guid.NewGuid(), practitioner, location, "2026-03-10T10:00:00-04:00")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("shifts that day: none", otherDay.Reasons![0]);

        Assert.Equal(0, await BookedAsync(practitioner));
    }

    [Fact]
    public async Task Rooms_are_assigned_automatically_until_none_is_free()
    {
        var (location, rooms, _) = await ClinicAsync(rooms: 2);
        var practitioners = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var p = Guid.NewGuid();
            await _api.CreateShiftAsync(p, location, "2026-03-09", "08:00", "18:00");
            practitioners.Add(p);
        }

        var first = await _api.BookAsync(Booking(Guid.NewGuid(), practitioners[0], location, "2026-03-09T10:00:00-04:00"));
        var second = await _api.BookAsync(Booking(Guid.NewGuid(), practitioners[1], location, "2026-03-09T10:30:00-04:00", 30, "treatment-30"));
        var third = await (await _api.PostJsonAsync("/api/appointments", Booking(Guid.NewGuid(), practitioners[2], location, "2026-03-09T10:15:00-04:00", 30, "treatment-30")))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(rooms, [first.RoomId, second.RoomId]);
        Assert.Equal("no_room_free", third.Code);
        Assert.Equal(0, await BookedAsync(practitioners[2]));

        // The same practitioner at 11:00 (back to back) gets the first room again.
        var backToBack = await _api.BookAsync(Booking(Guid.NewGuid(), practitioners[0], location, "2026-03-09T11:00:00-04:00"));
        Assert.Equal(rooms[0], backToBack.RoomId);
    }

    [Fact]
    public async Task A_busy_practitioner_room_or_client_is_a_409_naming_which()
    {
        var (location, rooms, practitioner) = await ClinicAsync(rooms: 2);
        var other = Guid.NewGuid();
        await _api.CreateShiftAsync(other, location, "2026-03-09", "08:00", "18:00");
        var client = Guid.NewGuid();
        await _api.BookAsync(Booking(client, practitioner, location, "2026-03-09T10:00:00-04:00", roomId: rooms[0]));

        var practitionerBusy = await (await _api.PostJsonAsync("/api/appointments", Booking(Guid.NewGuid(), practitioner, location, "2026-03-09T10:30:00-04:00", roomId: rooms[1])))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var roomBusy = await (await _api.PostJsonAsync("/api/appointments", Booking(Guid.NewGuid(), other, location, "2026-03-09T10:30:00-04:00", roomId: rooms[0])))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var clientBusy = await (await _api.PostJsonAsync("/api/appointments", Booking(client, other, location, "2026-03-09T09:30:00-04:00", roomId: rooms[1])))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("practitioner_busy", practitionerBusy.Code);
        Assert.Equal("room_busy", roomBusy.Code);
        Assert.Equal("client_busy", clientBusy.Code);
        Assert.Contains("2026-03-09 10:30-11:30 (America/New_York)", practitionerBusy.Detail);
        Assert.Equal(1L, await service.ScalarAsync<long>("SELECT count(*) FROM appointments WHERE location_id = $1", location));
    }

    [Fact]
    public async Task A_cancelled_appointment_frees_its_time()
    {
        var (location, rooms, practitioner) = await ClinicAsync(rooms: 1);
        var booked = await _api.BookAsync(Booking(Guid.NewGuid(), practitioner, location, "2026-03-09T10:00:00-04:00"));
        await (await _api.PostJsonAsync($"/api/appointments/{booked.Id}/cancel", new { reason = "Client called in sick" })).ShouldBeAsync<AppointmentView>(HttpStatusCode.OK);

        var again = await _api.BookAsync(Booking(Guid.NewGuid(), practitioner, location, "2026-03-09T10:00:00-04:00"));

        Assert.Equal(rooms[0], again.RoomId);
        Assert.Equal(2, await BookedAsync(practitioner));
    }

    [Theory]
    [InlineData("durationMinutes", 45, "durationMinutes")]
    [InlineData("durationMinutes", "sixty", "durationMinutes")]
    [InlineData("service", "hot-stones", "service")]
    [InlineData("service", null, "service")]
    [InlineData("technique", "reiki", "technique")]
    [InlineData("start", "2026-03-09T10:00:30-04:00", "start")]
    [InlineData("start", "2026-03-09T10:00:00.5-04:00", "start")]
    [InlineData("start", "2026-03-09T10:00:00", "start")]
    [InlineData("start", "2026-03-09", "start")]
    [InlineData("start", "next monday", "start")]
    [InlineData("start", "2020-03-09T10:00:00-04:00", "start")]
    [InlineData("start", "2027-03-09T10:00:00-04:00", "start")]
    [InlineData("clientId", "not-a-uuid", "clientId")]
    [InlineData("clientId", null, "clientId")]
    [InlineData("practitionerId", "00000000-0000-0000-0000-000000000000", "practitionerId")]
    [InlineData("referralId", 42, "referralId")]
    public async Task Bad_booking_input_is_a_400_naming_the_field_and_nothing_is_stored(string field, object? value, string named)
    {
        var (location, _, practitioner) = await ClinicAsync(rooms: 1);
        var body = Booking(Guid.NewGuid(), practitioner, location, "2026-03-09T10:00:00-04:00");
        body[field] = value;

        var problem = await (await _api.PostJsonAsync("/api/appointments", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(named, problem.Errors!.Keys);
        Assert.Equal(0, await BookedAsync(practitioner));
    }

    [Fact]
    public async Task Malformed_json_and_huge_strings_are_400s()
    {
        var (location, _, practitioner) = await ClinicAsync(rooms: 1);
        await (await _api.PostRawJsonAsync("/api/appointments", "{\"clientId\": ")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await _api.PostRawJsonAsync("/api/appointments", "[1,2,3]")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var body = Booking(Guid.NewGuid(), practitioner, location, "2026-03-09T10:00:00-04:00");
        body["technique"] = new string('x', 10_000);
        var huge = await (await _api.PostJsonAsync("/api/appointments", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("technique", huge.Errors!.Keys);
        body["technique"] = null;
        body["start"] = new string('2', 10_000);
        Assert.Contains("start", (await (await _api.PostJsonAsync("/api/appointments", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Equal(0, await BookedAsync(practitioner));
    }

    [Fact]
    public async Task Every_missing_field_is_named()
    {
        var problem = await (await _api.PostRawJsonAsync("/api/appointments", "{}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["clientId", "durationMinutes", "locationId", "practitionerId", "service", "start"], problem.Errors!.Keys.Order());
    }

    [Fact]
    public async Task An_unknown_location_or_a_room_of_another_location_is_a_404()
    {
        var (location, _, practitioner) = await ClinicAsync(rooms: 1);
        var elsewhere = await _api.CreateLocationAsync(rooms: 1);

        await (await _api.PostJsonAsync("/api/appointments", Booking(Guid.NewGuid(), practitioner, Guid.NewGuid(), "2026-03-09T10:00:00-04:00")))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await _api.PostJsonAsync("/api/appointments", Booking(Guid.NewGuid(), practitioner, location, "2026-03-09T10:00:00-04:00", roomId: elsewhere.Rooms[0].Id)))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await BookedAsync(practitioner));
    }

    [Fact]
    public async Task A_room_of_another_location_is_a_404_even_when_both_locations_were_booked_before()
    {
        // Both locations and their rooms are now remembered by the booking path; the pairing must still be checked.
        var (location, rooms, practitioner) = await ClinicAsync(rooms: 1);
        var (elsewhere, elsewhereRooms, colleague) = await ClinicAsync(rooms: 1);
        await _api.BookAsync(Booking(Guid.NewGuid(), practitioner, location, "2026-03-09T09:00:00-04:00", roomId: rooms[0]));
        await _api.BookAsync(Booking(Guid.NewGuid(), colleague, elsewhere, "2026-03-09T09:00:00-04:00", roomId: elsewhereRooms[0]));

        var problem = await (await _api.PostJsonAsync("/api/appointments", Booking(Guid.NewGuid(), practitioner, location, "2026-03-09T11:00:00-04:00", roomId: elsewhereRooms[0])))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains(elsewhereRooms[0].ToString(), problem.Detail);
        Assert.Equal(1, await BookedAsync(practitioner));
    }

    [Fact]
    public async Task A_room_added_after_bookings_at_its_location_can_be_booked_at_once()
    {
        var (location, rooms, practitioner) = await ClinicAsync(rooms: 1);
        await _api.BookAsync(Booking(Guid.NewGuid(), practitioner, location, "2026-03-09T09:00:00-04:00", roomId: rooms[0]));

        var added = await _api.AddRoomAsync(location, "Room 9");
        var booked = await _api.BookAsync(Booking(Guid.NewGuid(), practitioner, location, "2026-03-09T11:00:00-04:00", roomId: added.Id));

        Assert.Equal(added.Id, booked.RoomId);
        Assert.Equal(2, await BookedAsync(practitioner));
    }

    [Fact]
    public async Task A_shift_added_after_a_refusal_is_bookable_at_once()
    {
        // The 09:00 booking leaves the 08:00-18:00 shift remembered; 19:00 lies outside it and must be asked again.
        var (location, _, practitioner) = await ClinicAsync(rooms: 1);
        await _api.BookAsync(Booking(Guid.NewGuid(), practitioner, location, "2026-03-09T09:00:00-04:00"));
        var refused = await (await _api.PostJsonAsync("/api/appointments", Booking(Guid.NewGuid(), practitioner, location, "2026-03-09T19:00:00-04:00")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("outside_shift", refused.Code);

        await _api.CreateShiftAsync(practitioner, location, "2026-03-09", "18:00", "21:00");
        var booked = await _api.BookAsync(Booking(Guid.NewGuid(), practitioner, location, "2026-03-09T19:00:00-04:00"));

        Assert.Equal(new DateTimeOffset(2026, 3, 9, 23, 0, 0, TimeSpan.Zero), booked.Start.ToUniversalTime());
        Assert.Equal(2, await BookedAsync(practitioner));
    }

    [Fact]
    public async Task Appointments_are_listed_by_local_date_and_filters_page_by_page()
    {
        var (location, _, practitioner) = await ClinicAsync(rooms: 2);
        await _api.CreateShiftAsync(practitioner, location, "2026-03-10", "08:00", "18:00");
        var client = Guid.NewGuid();
        // 20:00 local on the 9th is already the 10th in UTC: it belongs to the 9th.
        foreach (var start in new[] { "2026-03-09T09:00:00-04:00", "2026-03-09T11:00:00-04:00", "2026-03-10T09:00:00-04:00" })
        {
            await _api.BookAsync(Booking(client, practitioner, location, start));
        }

        var ninth = await (await _api.GetAsync($"/api/appointments?locationId={location}&from=2026-03-09&to=2026-03-09"))
            .ShouldBeAsync<Platform.ServiceDefaults.Http.Page<AppointmentView>>(HttpStatusCode.OK);
        Assert.Equal([new TimeOnly(9, 0), new TimeOnly(11, 0)], ninth.Items.Select(a => a.LocalStart));

        var pages = new List<AppointmentView>();
        string? cursor = null;
        do
        {
            var page = await (await _api.GetAsync($"/api/appointments?clientId={client}&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}"))
                .ShouldBeAsync<Platform.ServiceDefaults.Http.Page<AppointmentView>>(HttpStatusCode.OK);
            pages.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal(3, pages.Count);
        Assert.Equal(pages.OrderBy(p => p.Start).Select(p => p.Id), pages.Select(p => p.Id));

        Assert.Contains("from", (await (await _api.GetAsync("/api/appointments?from=March")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("status", (await (await _api.GetAsync("/api/appointments?status=done")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("locationId", (await (await _api.GetAsync("/api/appointments?locationId=x")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        await (await _api.GetAsync($"/api/appointments/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
