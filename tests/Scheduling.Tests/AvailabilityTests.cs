using System.Net;
using Npgsql;
using Platform.ServiceDefaults.Http;
using Scheduling.Api.Features.Availability;
using static Scheduling.Tests.SchedulingClient;

namespace Scheduling.Tests;

public sealed class AvailabilityTests(SchedulingServiceFactory service) : IClassFixture<SchedulingServiceFactory>
{
    private readonly HttpClient _api = service.CreateApiClient();

    /// <summary>Every slot of a search, following the cursor page by page.</summary>
    private async Task<IReadOnlyList<SlotView>> SlotsAsync(string query, int limit = 1000)
    {
        var slots = new List<SlotView>();
        string? cursor = null;
        do
        {
            var page = await (await _api.GetAsync($"/api/availability?{query}&limit={limit}{(cursor is null ? "" : "&cursor=" + cursor)}"))
                .ShouldBeAsync<Page<SlotView>>(HttpStatusCode.OK);
            Assert.True(page.Items.Count <= limit);
            slots.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return slots;
    }

    private static string[] Times(IEnumerable<SlotView> slots) => slots.Select(s => s.LocalStart.ToString("HH:mm")).ToArray();

    [Fact]
    public async Task Slots_honour_shifts_and_come_on_a_quarter_hour_grid_in_local_time()
    {
        var location = await _api.CreateLocationAsync(LosAngeles, "US-CA", rooms: 2);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await _api.CreateShiftAsync(a, location.Id, "2026-03-10", "09:00", "11:00");
        await _api.CreateShiftAsync(b, location.Id, "2026-03-10", "10:00", "11:30");

        var slots = await SlotsAsync($"locationId={location.Id}&from=2026-03-10&to=2026-03-10&durationMinutes=60");

        Assert.Equal(["09:00", "09:15", "09:30", "09:45", "10:00"], Times(slots.Where(s => s.PractitionerId == a)));
        Assert.Equal(["10:00", "10:15", "10:30"], Times(slots.Where(s => s.PractitionerId == b)));
        Assert.Equal(slots.OrderBy(s => s.Start).Select(s => s.Start), slots.Select(s => s.Start));
        var first = slots[0];
        Assert.Equal(DateTimeOffset.Parse("2026-03-10T09:00:00-07:00"), first.Start);
        Assert.Equal(TimeSpan.FromHours(-7), first.Start.Offset);
        Assert.Equal((location.Id, location.Rooms[0].Id, LosAngeles, new DateOnly(2026, 3, 10), new TimeOnly(10, 0)),
            (first.LocationId, first.RoomId, first.TimeZone, first.LocalDate, first.LocalEnd));
    }

    [Fact]
    public async Task A_search_leaves_no_planner_setting_on_the_connections_it_gives_back()
    {
        // The search asks for generic plans for its own batch only (set_config(..., true)); a setting that outlived the
        // batch would change how every later statement on that pooled connection is planned.
        var location = await _api.CreateLocationAsync(NewYork, rooms: 2);
        await _api.CreateShiftAsync(Guid.NewGuid(), location.Id, "2026-03-10", "09:00", "12:00");
        for (var i = 0; i < 8; i++)
        {
            Assert.NotEmpty(await SlotsAsync($"locationId={location.Id}&from=2026-03-10&to=2026-03-10&durationMinutes=60"));
        }

        var dataSource = service.GetService<NpgsqlDataSource>();
        // Every connection the pool holds idle comes out first; a few dozen is more than this class ever leaves idle.
        var connections = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => dataSource.OpenConnectionAsync().AsTask()));
        try
        {
            foreach (var connection in connections)
            {
                await using var show = new NpgsqlCommand("SHOW plan_cache_mode", connection);
                Assert.Equal("auto", await show.ExecuteScalarAsync());
            }
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task Booked_time_is_not_offered_for_the_practitioner_nor_for_a_full_room()
    {
        var location = await _api.CreateLocationAsync(NewYork, rooms: 1);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await _api.CreateShiftAsync(a, location.Id, "2026-03-10", "09:00", "12:00");
        await _api.CreateShiftAsync(b, location.Id, "2026-03-10", "09:00", "12:00");
        await _api.BookAsync(Booking(Guid.NewGuid(), a, location.Id, "2026-03-10T10:00:00-04:00"));

        var slots = await SlotsAsync($"locationId={location.Id}&from=2026-03-10&to=2026-03-10&durationMinutes=60");

        // The only room is taken 10:00-11:00, for both practitioners.
        Assert.Equal(["09:00", "11:00"], Times(slots.Where(s => s.PractitionerId == a)));
        Assert.Equal(["09:00", "11:00"], Times(slots.Where(s => s.PractitionerId == b)));

        // A second room frees the other practitioner (but not the booked one).
        var second = await _api.AddRoomAsync(location.Id, "Room 2");
        slots = await SlotsAsync($"locationId={location.Id}&from=2026-03-10&to=2026-03-10&durationMinutes=60");
        Assert.Equal(["09:00", "11:00"], Times(slots.Where(s => s.PractitionerId == a)));
        Assert.Equal(9, slots.Count(s => s.PractitionerId == b));
        Assert.All(slots.Where(s => s.PractitionerId == b && s.LocalStart > new TimeOnly(9, 0) && s.LocalStart < new TimeOnly(11, 0)),
            s => Assert.Equal(second.Id, s.RoomId));

        // A cancelled appointment frees its time again.
        var booked = (await (await _api.GetAsync($"/api/appointments?practitionerId={a}")).ShouldBeAsync<Page<Scheduling.Api.Features.Appointments.AppointmentView>>(HttpStatusCode.OK)).Items[0];
        await _api.PostJsonAsync($"/api/appointments/{booked.Id}/cancel", new { reason = "Rescheduled" });
        Assert.Equal(9, (await SlotsAsync($"locationId={location.Id}&practitionerId={a}&from=2026-03-10&to=2026-03-10&durationMinutes=60")).Count);
    }

    [Fact]
    public async Task A_practitioners_appointment_at_another_location_is_busy_time_here_too()
    {
        var here = await _api.CreateLocationAsync(NewYork, rooms: 1);
        var there = await _api.CreateLocationAsync(NewYork, rooms: 1);
        var practitioner = Guid.NewGuid();
        await _api.CreateShiftAsync(practitioner, here.Id, "2026-03-10", "09:00", "12:00");
        // Not bookable through the API (it lies outside any shift there), but stored data may predate a shift change.
        await service.ExecuteAsync("""
            INSERT INTO appointments (id, client_id, practitioner_id, location_id, room_id, starts_at, ends_at, service, status, created_at, status_changed_at)
            VALUES (gen_random_uuid(), gen_random_uuid(), $1, $2, $3, '2026-03-10T14:00:00Z', '2026-03-10T15:00:00Z', 'treatment-60', 'booked', now(), now())
            """, practitioner, there.Id, there.Rooms[0].Id);

        var slots = await SlotsAsync($"locationId={here.Id}&from=2026-03-10&to=2026-03-10&durationMinutes=60");

        Assert.Equal(["09:00", "11:00"], Times(slots));
    }

    [Fact]
    public async Task Opening_hours_clip_the_shift()
    {
        var location = await _api.CreateLocationAsync(NewYork, openingHours: [
            new { dayOfWeek = "tuesday", opens = "10:00", closes = "12:00" },
            new { dayOfWeek = "tuesday", opens = "13:00", closes = "15:00" },
        ], rooms: 1);
        var practitioner = Guid.NewGuid();
        await _api.CreateShiftAsync(practitioner, location.Id, "2026-03-10", "08:00", "18:00");

        var slots = await SlotsAsync($"locationId={location.Id}&from=2026-03-09&to=2026-03-11&durationMinutes=90");

        Assert.Equal(["10:00", "10:15", "10:30", "13:00", "13:15", "13:30"], Times(slots));
    }

    [Fact]
    public async Task On_change_days_slots_are_at_the_same_local_hours_in_both_zones()
    {
        var newYork = await _api.CreateLocationAsync(NewYork, rooms: 1);
        var losAngeles = await _api.CreateLocationAsync(LosAngeles, "US-CA", rooms: 1);
        var (p, q) = (Guid.NewGuid(), Guid.NewGuid());
        foreach (var date in new[] { "2026-03-07", "2026-03-08", "2026-03-09" })
        {
            await _api.CreateShiftAsync(p, newYork.Id, date, "09:00", "11:00");
            await _api.CreateShiftAsync(q, losAngeles.Id, date, "09:00", "11:00");
        }

        foreach (var date in new[] { "2026-10-31", "2026-11-01", "2026-11-02" })
        {
            await _api.CreateShiftAsync(p, newYork.Id, date, "09:00", "11:00");
            await _api.CreateShiftAsync(q, losAngeles.Id, date, "09:00", "11:00");
        }

        var spring = await SlotsAsync($"locationId={newYork.Id}&locationId={losAngeles.Id}&from=2026-03-07&to=2026-03-09&durationMinutes=60");
        var autumn = await SlotsAsync($"locationId={newYork.Id}&locationId={losAngeles.Id}&from=2026-10-31&to=2026-11-02&durationMinutes=60");

        foreach (var (slots, offsets) in new[] { (spring, new[] { "-05:00", "-04:00", "-04:00" }), (autumn, new[] { "-04:00", "-05:00", "-05:00" }) })
        {
            var ny = slots.Where(s => s.LocationId == newYork.Id).GroupBy(s => s.LocalDate).ToList();
            var la = slots.Where(s => s.LocationId == losAngeles.Id).GroupBy(s => s.LocalDate).ToList();
            Assert.Equal(3, ny.Count);
            Assert.Equal(3, la.Count);
            Assert.All(ny.Concat(la), day => Assert.Equal(["09:00", "09:15", "09:30", "09:45", "10:00"], Times(day)));
            Assert.Equal(offsets, ny.Select(day => day.First().Start.ToString("zzz")));
            Assert.Equal(offsets.Select(o => (TimeSpan.Parse(o.TrimStart('-')) + TimeSpan.FromHours(3)).ToString(@"\-hh\:mm")), la.Select(day => day.First().Start.ToString("zzz")));
        }

        // Across locations the earliest instant comes first: 09:00 in New York is 06:00 in Los Angeles.
        Assert.Equal(newYork.Id, spring[0].LocationId);
    }

    [Fact]
    public async Task Every_location_is_searched_when_none_is_given()
    {
        var first = await _api.CreateLocationAsync(NewYork, rooms: 1);
        var second = await _api.CreateLocationAsync(LosAngeles, "US-CA", rooms: 1);
        var practitioner = Guid.NewGuid();
        await _api.CreateShiftAsync(practitioner, first.Id, "2026-04-14", "09:00", "10:00");
        await _api.CreateShiftAsync(practitioner, second.Id, "2026-04-15", "09:00", "10:00");

        var slots = await SlotsAsync($"practitionerId={practitioner}&from=2026-04-14&to=2026-04-15&durationMinutes=60");

        Assert.Equal([first.Id, second.Id], slots.Select(s => s.LocationId));
    }

    [Fact]
    public async Task Nothing_is_offered_in_the_past()
    {
        // The test clock stands at 2026-02-01 12:00 UTC, 07:00 in New York.
        var location = await _api.CreateLocationAsync(NewYork, openingHours: EveryDay("00:00", "23:59"), rooms: 1);
        var practitioner = Guid.NewGuid();
        await _api.CreateShiftAsync(practitioner, location.Id, "2026-02-01", "05:00", "09:00");

        var slots = await SlotsAsync($"locationId={location.Id}&from=2026-02-01&to=2026-02-01&durationMinutes=60");

        Assert.Equal(["07:15", "07:30", "07:45", "08:00"], Times(slots));
    }

    [Fact]
    public async Task Pages_follow_each_other_without_gaps_or_repeats()
    {
        var location = await _api.CreateLocationAsync(NewYork, rooms: 2);
        for (var i = 0; i < 3; i++) await _api.CreateShiftAsync(Guid.NewGuid(), location.Id, "2026-03-11", "09:00", "12:00");
        var all = await SlotsAsync($"locationId={location.Id}&from=2026-03-11&to=2026-03-11&durationMinutes=30");

        var paged = await SlotsAsync($"locationId={location.Id}&from=2026-03-11&to=2026-03-11&durationMinutes=30", limit: 7);

        Assert.Equal(3 * 11, all.Count);
        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task Pages_across_all_locations_and_days_follow_each_other()
    {
        // A search of every location reads one day first and the rest of the range when the page is not full.
        var newYork = await _api.CreateLocationAsync(NewYork, rooms: 1);
        var losAngeles = await _api.CreateLocationAsync(LosAngeles, "US-CA", rooms: 1);
        var practitioner = Guid.NewGuid();
        await _api.CreateShiftAsync(practitioner, newYork.Id, "2026-05-04", "09:00", "10:30");
        await _api.CreateShiftAsync(practitioner, losAngeles.Id, "2026-05-05", "09:00", "10:30");
        await _api.CreateShiftAsync(practitioner, newYork.Id, "2026-05-08", "09:00", "10:30");
        var query = $"practitionerId={practitioner}&from=2026-05-01&to=2026-05-10&durationMinutes=60";

        var paged = await SlotsAsync(query, limit: 2);

        Assert.Equal(9, paged.Count);
        Assert.Equal(paged.OrderBy(s => s.Start).ToList(), paged);
        Assert.Equal([newYork.Id, losAngeles.Id, newYork.Id], paged.GroupBy(s => s.LocalDate).Select(day => day.First().LocationId));
        Assert.Equal(await SlotsAsync(query), paged);
    }

    [Theory]
    [InlineData("to=2026-03-10&durationMinutes=60", "from")]
    [InlineData("from=2026-03-10&durationMinutes=60", "to")]
    [InlineData("from=2026-03-10&to=2026-03-10", "durationMinutes")]
    [InlineData("from=2026-03-10&to=2026-03-09&durationMinutes=60", "to")]
    [InlineData("from=2026-03-01&to=2026-04-15&durationMinutes=60", "to")]
    [InlineData("from=2020-03-01&to=2020-03-02&durationMinutes=60", "from")]
    [InlineData("from=10/03/2026&to=2026-03-10&durationMinutes=60", "from")]
    [InlineData("from=2026-03-10&to=2026-03-10&durationMinutes=0", "durationMinutes")]
    [InlineData("from=2026-03-10&to=2026-03-10&durationMinutes=61", "durationMinutes")]
    [InlineData("from=2026-03-10&to=2026-03-10&durationMinutes=sixty", "durationMinutes")]
    [InlineData("from=2026-03-10&to=2026-03-10&durationMinutes=60&locationId=abc", "locationId")]
    [InlineData("from=2026-03-10&to=2026-03-10&durationMinutes=60&practitionerId=abc", "practitionerId")]
    [InlineData("from=2026-03-10&to=2026-03-10&durationMinutes=60&technique=reiki", "technique")]
    [InlineData("from=2026-03-10&to=2026-03-10&durationMinutes=60&limit=0", "limit")]
    [InlineData("from=2026-03-10&to=2026-03-10&durationMinutes=60&cursor=garbage", "cursor")]
    public async Task Bad_search_input_is_a_400_naming_the_parameter(string query, string field)
    {
        var problem = await (await _api.GetAsync("/api/availability?" + query)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.Errors!.Keys);
    }

    [Fact]
    public async Task An_unknown_location_is_a_404() =>
        await (await _api.GetAsync($"/api/availability?locationId={Guid.NewGuid()}&from=2026-03-10&to=2026-03-10&durationMinutes=60"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
}
