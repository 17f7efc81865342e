using System.Net;
using System.Text.Json;
using Scheduling.Api.Features.Appointments;
using Scheduling.Api.Features.Shifts;
using static Scheduling.Tests.SchedulingClient;

namespace Scheduling.Tests;

public sealed class SeriesTests(SchedulingServiceFactory service) : IClassFixture<SchedulingServiceFactory>
{
    private readonly HttpClient _api = service.CreateApiClient();

    private Task<long> BookedAsync(Guid clientId) =>
        service.ScalarAsync<long>("SELECT count(*) FROM appointments WHERE client_id = $1", clientId)!;

    /// <summary>A location with two rooms and a practitioner working 08:00-18:00 on every Monday and Thursday of March 2026.</summary>
    private async Task<(Guid Location, Guid Practitioner)> ClinicAsync(string zone)
    {
        var location = await _api.CreateLocationAsync(zone, zone == NewYork ? "US-NY" : "US-CA", rooms: 2);
        var practitioner = Guid.NewGuid();
        await (await _api.PostJsonAsync("/api/shifts/weekly", new
        {
            practitionerId = practitioner, locationId = location.Id, fromDate = "2026-03-01", toDate = "2026-03-31",
            days = new object[] { new { dayOfWeek = "monday", start = "08:00", end = "18:00" }, new { dayOfWeek = "thursday", start = "08:00", end = "18:00" } },
        })).ShouldBeAsync<WeeklyShiftsCreated>(HttpStatusCode.Created);
        return (location.Id, practitioner);
    }

    private static Dictionary<string, object?> Series(Guid client, Guid practitioner, Guid location, string start, object? count = null, string? until = null, string[]? days = null)
    {
        var body = Booking(client, practitioner, location, start, 30, "treatment-30");
        body["referralId"] = Guid.NewGuid();
        body["daysOfWeek"] = days ?? ["monday", "thursday"];
        if (count is not null) body["count"] = count;
        if (until is not null) body["until"] = until;
        return body;
    }

    [Theory]
    [InlineData(NewYork, "2026-03-02T10:00:00-05:00", new[] { "-05:00", "-05:00", "-04:00", "-04:00" })]
    [InlineData(LosAngeles, "2026-03-02T10:00:00-08:00", new[] { "-08:00", "-08:00", "-07:00", "-07:00" })]
    public async Task A_twice_weekly_series_keeps_its_local_time_across_the_change(string zone, string start, string[] offsets)
    {
        var (location, practitioner) = await ClinicAsync(zone);
        var client = Guid.NewGuid();

        var response = await _api.PostJsonAsync("/api/appointments/series", Series(client, practitioner, location, start, count: 4));
        var series = await response.ShouldBeAsync<SeriesBooked>(HttpStatusCode.Created);

        Assert.Equal(4, series.Count);
        Assert.Equal([new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 5), new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 12)], series.Appointments.Select(a => a.LocalDate));
        Assert.All(series.Appointments, a => Assert.Equal(new TimeOnly(10, 0), a.LocalStart));
        Assert.Equal(offsets, series.Appointments.Select(a => a.Start.ToString("zzz")));
        Assert.All(series.Appointments, a => Assert.Equal(series.SeriesId, a.SeriesId));
        Assert.Equal(4, await BookedAsync(client));
    }

    [Fact]
    public async Task A_series_until_a_date_books_every_listed_weekday_up_to_it()
    {
        var (location, practitioner) = await ClinicAsync(NewYork);
        var client = Guid.NewGuid();

        var series = await (await _api.PostJsonAsync("/api/appointments/series", Series(client, practitioner, location, "2026-03-03T09:00:00-05:00", until: "2026-03-19", days: ["thursday"])))
            .ShouldBeAsync<SeriesBooked>(HttpStatusCode.Created);

        Assert.Equal([new DateOnly(2026, 3, 5), new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 19)], series.Appointments.Select(a => a.LocalDate));
    }

    [Fact]
    public async Task A_series_with_dates_outside_the_shifts_books_nothing_and_names_each_date()
    {
        var (location, practitioner) = await ClinicAsync(NewYork);
        var client = Guid.NewGuid();

        // Mondays and Tuesdays: the practitioner does not work Tuesdays, nor any day in April.
        var response = await _api.PostJsonAsync("/api/appointments/series",
            Series(client, practitioner, location, "2026-03-23T10:00:00-04:00", count: 6, days: ["monday", "tuesday"]));
        var body = await response.Content.ReadAsStringAsync();
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("outside_shift", problem.Code);
        var failing = JsonDocument.Parse(body).RootElement.GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("date").GetString()).ToList();
        Assert.Equal(["2026-03-24", "2026-03-31", "2026-04-06", "2026-04-07"], failing);
        Assert.All(problem.Reasons!, r => Assert.Matches(@"^2026-0[34]-\d\d: outside_shift: ", r));
        Assert.Equal(0, await BookedAsync(client));
    }

    [Fact]
    public async Task A_series_with_one_taken_date_books_nothing_and_names_that_date()
    {
        var (location, practitioner) = await ClinicAsync(NewYork);
        var client = Guid.NewGuid();
        await _api.BookAsync(Booking(Guid.NewGuid(), practitioner, location, "2026-03-12T10:15:00-04:00", 30, "treatment-30"));

        var response = await _api.PostJsonAsync("/api/appointments/series", Series(client, practitioner, location, "2026-03-02T10:00:00-05:00", count: 6));
        var body = await response.Content.ReadAsStringAsync();
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("practitioner_busy", problem.Code);
        var failures = JsonDocument.Parse(body).RootElement.GetProperty("failures").EnumerateArray().ToList();
        Assert.Equal("2026-03-12", Assert.Single(failures).GetProperty("date").GetString());
        Assert.Contains("2026-03-12 practitioner_busy", problem.Detail);
        Assert.Equal(0, await BookedAsync(client));
    }

    [Fact]
    public async Task A_series_in_a_named_room_with_two_taken_dates_books_nothing_and_names_both()
    {
        var (location, practitioner) = await ClinicAsync(NewYork);
        var rooms = (await _api.GetLocationAsync(location)).Rooms.Select(r => r.Id).ToList();
        var client = Guid.NewGuid();
        await _api.BookAsync(Booking(Guid.NewGuid(), practitioner, location, "2026-03-05T10:15:00-05:00", 30, "treatment-30", roomId: rooms[1]));
        await _api.BookAsync(Booking(Guid.NewGuid(), practitioner, location, "2026-03-12T10:15:00-04:00", 30, "treatment-30", roomId: rooms[1]));

        var body = Series(client, practitioner, location, "2026-03-02T10:00:00-05:00", count: 6);
        body["roomId"] = rooms[0];
        var eventsBefore = await service.ScalarAsync<long>("SELECT count(*) FROM outbox_events");
        var response = await _api.PostJsonAsync("/api/appointments/series", body);
        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("practitioner_busy", problem.Code);
        var failing = JsonDocument.Parse(text).RootElement.GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("date").GetString()).ToList();
        Assert.Equal(["2026-03-05", "2026-03-12"], failing);
        Assert.Equal(0, await BookedAsync(client));
        Assert.Equal(eventsBefore, await service.ScalarAsync<long>("SELECT count(*) FROM outbox_events")); // nor any event of it
    }

    [Fact]
    public async Task A_series_in_a_named_room_is_booked_there_with_one_booked_event_per_visit()
    {
        var (location, practitioner) = await ClinicAsync(NewYork);
        var room = (await _api.GetLocationAsync(location)).Rooms[1].Id;
        var client = Guid.NewGuid();
        var body = Series(client, practitioner, location, "2026-03-02T10:00:00-05:00", count: 4);
        body["roomId"] = room;

        var series = await (await _api.PostJsonAsync("/api/appointments/series", body)).ShouldBeAsync<SeriesBooked>(HttpStatusCode.Created);

        Assert.All(series.Appointments, a => Assert.Equal(room, a.RoomId));
        Assert.Equal(4, await BookedAsync(client));
        var ids = series.Appointments.Select(a => a.Id.ToString()).ToArray();
        Assert.Equal(4L, await service.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_events WHERE event_type LIKE '%.AppointmentBooked' AND aggregate_id = ANY($1)", (object)ids));
    }

    [Theory]
    [InlineData(null, null, "until")]
    [InlineData(4, "2026-03-31", "count")]
    [InlineData(0, null, "count")]
    [InlineData(101, null, "count")]
    [InlineData("four", null, "count")]
    [InlineData(null, "2026-02-28", "until")]
    [InlineData(null, "2027-12-31", "until")]
    [InlineData(null, "31/03/2026", "until")]
    public async Task Count_or_until_and_nothing_else(object? count, string? until, string field)
    {
        var (location, practitioner) = await ClinicAsync(NewYork);
        var client = Guid.NewGuid();

        var problem = await (await _api.PostJsonAsync("/api/appointments/series", Series(client, practitioner, location, "2026-03-02T10:00:00-05:00", count, until)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.Errors!.Keys);
        Assert.Equal(0, await BookedAsync(client));
    }

    [Fact]
    public async Task Weekdays_must_be_given_once_each_and_be_real_days()
    {
        var (location, practitioner) = await ClinicAsync(NewYork);
        var client = Guid.NewGuid();
        async Task<Problem> Post(string[] days) => await (await _api.PostJsonAsync("/api/appointments/series",
            Series(client, practitioner, location, "2026-03-02T10:00:00-05:00", count: 2, days: days))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("daysOfWeek", (await Post([])).Errors!.Keys);
        Assert.Contains("daysOfWeek", (await Post(["monday", "monday"])).Errors!.Keys);
        Assert.Contains("daysOfWeek[0]", (await Post(["mondays"])).Errors!.Keys);
        Assert.Equal(0, await BookedAsync(client));
    }

    [Fact]
    public async Task A_series_that_would_run_beyond_a_year_is_refused()
    {
        var (location, practitioner) = await ClinicAsync(NewYork);
        var client = Guid.NewGuid();

        // 100 weekly appointments from 2026-03-02 run into 2028.
        var problem = await (await _api.PostJsonAsync("/api/appointments/series", Series(client, practitioner, location, "2026-03-02T10:00:00-05:00", count: 100, days: ["monday"])))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("count", problem.Errors!.Keys);
        Assert.Equal(0, await BookedAsync(client));
    }
}
