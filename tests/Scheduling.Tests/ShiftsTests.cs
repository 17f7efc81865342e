using System.Net;
using System.Text.Json;
using Platform.ServiceDefaults.Http;
using Scheduling.Api.Features.Shifts;
using static Scheduling.Tests.SchedulingClient;

namespace Scheduling.Tests;

public sealed class ShiftsTests(SchedulingServiceFactory service) : IClassFixture<SchedulingServiceFactory>
{
    private readonly HttpClient _api = service.CreateApiClient();

    private Task<long> ShiftCountAsync(Guid practitionerId) =>
        service.ScalarAsync<long>("SELECT count(*) FROM shifts WHERE practitioner_id = $1", practitionerId)!;

    [Theory]
    [InlineData(NewYork, "US-NY", "2026-03-06", "2026-03-06T09:00:00-05:00", "2026-03-06T14:00:00Z")]
    [InlineData(NewYork, "US-NY", "2026-03-09", "2026-03-09T09:00:00-04:00", "2026-03-09T13:00:00Z")]
    [InlineData(LosAngeles, "US-CA", "2026-03-06", "2026-03-06T09:00:00-08:00", "2026-03-06T17:00:00Z")]
    [InlineData(LosAngeles, "US-CA", "2026-03-09", "2026-03-09T09:00:00-07:00", "2026-03-09T16:00:00Z")]
    [InlineData(LosAngeles, "US-CA", "2026-10-30", "2026-10-30T09:00:00-07:00", "2026-10-30T16:00:00Z")]
    [InlineData(LosAngeles, "US-CA", "2026-11-02", "2026-11-02T09:00:00-08:00", "2026-11-02T17:00:00Z")]
    public async Task A_shift_is_stored_as_instants_and_shown_in_local_time(string zone, string jurisdiction, string date, string shownStart, string storedStart)
    {
        var location = await _api.CreateLocationAsync(zone, jurisdiction);
        var practitioner = Guid.NewGuid();

        var shift = await _api.CreateShiftAsync(practitioner, location.Id, date, "09:00", "17:00");

        Assert.Equal(DateTimeOffset.Parse(shownStart), shift.Start);
        Assert.Equal(DateTimeOffset.Parse(shownStart).Offset, shift.Start.Offset);
        Assert.Equal((new TimeOnly(9, 0), new TimeOnly(17, 0), zone), (shift.LocalStart, shift.LocalEnd, shift.TimeZone));
        var stored = await service.ScalarAsync<DateTime>("SELECT starts_at FROM shifts WHERE id = $1", shift.Id);
        Assert.Equal(DateTimeOffset.Parse(storedStart).UtcDateTime, stored);
        Assert.Equal(8.0, await service.ScalarAsync<double>("SELECT extract(epoch FROM ends_at - starts_at) / 3600 FROM shifts WHERE id = $1", shift.Id));
    }

    [Fact]
    public async Task On_the_spring_forward_day_a_start_in_the_skipped_hour_moves_to_after_it()
    {
        var location = await _api.CreateLocationAsync(NewYork);

        var shift = await _api.CreateShiftAsync(Guid.NewGuid(), location.Id, "2026-03-08", "02:30", "10:00");

        Assert.Equal(DateTimeOffset.Parse("2026-03-08T03:30:00-04:00"), shift.Start);
        Assert.Equal(new TimeOnly(3, 30), shift.LocalStart);
        Assert.Equal(TimeSpan.FromHours(6.5), shift.End - shift.Start);
    }

    [Fact]
    public async Task A_shift_that_vanishes_in_the_skipped_hour_is_refused()
    {
        var location = await _api.CreateLocationAsync(LosAngeles, "US-CA");
        var practitioner = Guid.NewGuid();

        var problem = await (await _api.PostJsonAsync("/api/shifts", new { practitionerId = practitioner, locationId = location.Id, date = "2026-03-08", start = "02:30", end = "03:15" }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("nonexistent_local_time", problem.Code);
        Assert.Contains("2026-03-08", problem.Reasons![0]);
        Assert.Equal(0, await ShiftCountAsync(practitioner));
    }

    [Fact]
    public async Task On_the_fall_back_day_a_shift_over_the_repeated_hour_lasts_an_hour_longer()
    {
        var location = await _api.CreateLocationAsync(LosAngeles, "US-CA");

        var shift = await _api.CreateShiftAsync(Guid.NewGuid(), location.Id, "2026-11-01", "00:00", "06:00");

        Assert.Equal(TimeSpan.FromHours(7), shift.End - shift.Start);
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T06:00:00-08:00"), shift.End);
    }

    [Fact]
    public async Task A_weekly_pattern_across_the_change_keeps_local_hours_and_counts_its_shifts()
    {
        var newYork = await _api.CreateLocationAsync(NewYork);
        var losAngeles = await _api.CreateLocationAsync(LosAngeles, "US-CA");
        var practitioner = Guid.NewGuid();

        // Mon/Wed in New York, Fri in Los Angeles, across 2026-03-08.
        var ny = await (await _api.PostJsonAsync("/api/shifts/weekly", new
        {
            practitionerId = practitioner, locationId = newYork.Id, fromDate = "2026-03-01", toDate = "2026-03-14",
            days = new object[] { new { dayOfWeek = "monday", start = "09:00", end = "17:00" }, new { dayOfWeek = "wednesday", start = "09:00", end = "17:00" } },
        })).ShouldBeAsync<WeeklyShiftsCreated>(HttpStatusCode.Created);
        var la = await (await _api.PostJsonAsync("/api/shifts/weekly", new
        {
            practitionerId = practitioner, locationId = losAngeles.Id, fromDate = "2026-03-01", toDate = "2026-03-14",
            days = new object[] { new { dayOfWeek = "friday", start = "09:00", end = "17:00" } },
        })).ShouldBeAsync<WeeklyShiftsCreated>(HttpStatusCode.Created);

        Assert.Equal(4, ny.Count);
        Assert.Equal(2, la.Count);
        Assert.All(ny.Shifts.Concat(la.Shifts), s => Assert.Equal((new TimeOnly(9, 0), new TimeOnly(17, 0)), (s.LocalStart, s.LocalEnd)));
        Assert.Equal(["-05:00", "-05:00", "-04:00", "-04:00"], ny.Shifts.OrderBy(s => s.Start).Select(s => s.Start.ToString("zzz")));
        Assert.Equal(["-08:00", "-07:00"], la.Shifts.OrderBy(s => s.Start).Select(s => s.Start.ToString("zzz")));
        Assert.Equal(6, await ShiftCountAsync(practitioner));
        Assert.Equal(4L, await service.ScalarAsync<long>("SELECT count(*) FROM shifts WHERE pattern_id = $1", ny.PatternId));
    }

    [Fact]
    public async Task Shifts_are_listed_by_pattern_practitioner_and_local_dates()
    {
        var location = await _api.CreateLocationAsync(LosAngeles, "US-CA");
        var practitioner = Guid.NewGuid();
        var pattern = await (await _api.PostJsonAsync("/api/shifts/weekly", new
        {
            practitionerId = practitioner, locationId = location.Id, fromDate = "2026-03-01", toDate = "2026-03-14",
            days = new object[] { new { dayOfWeek = "monday", start = "18:00", end = "22:00" }, new { dayOfWeek = "friday", start = "09:00", end = "17:00" } },
        })).ShouldBeAsync<WeeklyShiftsCreated>(HttpStatusCode.Created);
        var single = await _api.CreateShiftAsync(practitioner, location.Id, "2026-03-11", "09:00", "12:00");

        async Task<Page<ShiftView>> List(string query) =>
            await (await _api.GetAsync("/api/shifts?" + query)).ShouldBeAsync<Page<ShiftView>>(HttpStatusCode.OK);

        Assert.Equal(pattern.Shifts.Select(s => s.Id).Order(), (await List($"patternId={pattern.PatternId}")).Items.Select(s => s.Id).Order());
        // Monday 2026-03-09 18:00-22:00 in Los Angeles is already 2026-03-10 in UTC: it belongs to the 9th.
        var ninth = await List($"practitionerId={practitioner}&from=2026-03-09&to=2026-03-09");
        Assert.Equal((new DateOnly(2026, 3, 9), new TimeOnly(18, 0)), (Assert.Single(ninth.Items).LocalDate, ninth.Items[0].LocalStart));
        var page = await List($"practitionerId={practitioner}&limit=2");
        Assert.Equal(2, page.Items.Count);
        var rest = await List($"practitionerId={practitioner}&limit=10&cursor={page.NextCursor}");
        Assert.Equal(5, page.Items.Count + rest.Items.Count);
        Assert.Null(rest.NextCursor);

        var read = await (await _api.GetAsync($"/api/shifts/{single.Id}")).ShouldBeAsync<ShiftView>(HttpStatusCode.OK);
        Assert.Equal(single, read);
        await (await _api.GetAsync($"/api/shifts/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("from", (await (await _api.GetAsync("/api/shifts?from=yesterday")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("to", (await (await _api.GetAsync("/api/shifts?from=2026-03-10&to=2026-03-09")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    [Fact]
    public async Task An_overlapping_shift_is_refused_by_the_database_at_any_location()
    {
        var first = await _api.CreateLocationAsync(NewYork);
        var second = await _api.CreateLocationAsync(NewYork);
        var practitioner = Guid.NewGuid();
        await _api.CreateShiftAsync(practitioner, first.Id, "2026-03-10", "09:00", "17:00");

        var sameLocation = await (await _api.PostJsonAsync("/api/shifts", new { practitionerId = practitioner, locationId = first.Id, date = "2026-03-10", start = "16:00", end = "20:00" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var elsewhere = await (await _api.PostJsonAsync("/api/shifts", new { practitionerId = practitioner, locationId = second.Id, date = "2026-03-10", start = "08:00", end = "09:30" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("overlapping_shift", sameLocation.Code);
        Assert.Equal("overlapping_shift", elsewhere.Code);
        Assert.Contains("2026-03-10", elsewhere.Detail);
        Assert.Equal(1, await ShiftCountAsync(practitioner));

        // Back to back is not an overlap, and another practitioner may work the same hours.
        await _api.CreateShiftAsync(practitioner, second.Id, "2026-03-10", "17:00", "20:00");
        await _api.CreateShiftAsync(Guid.NewGuid(), first.Id, "2026-03-10", "09:00", "17:00");
        Assert.Equal(2, await ShiftCountAsync(practitioner));
    }

    [Fact]
    public async Task A_weekly_pattern_with_clashes_creates_nothing_and_names_every_clashing_date()
    {
        var location = await _api.CreateLocationAsync(LosAngeles, "US-CA");
        var practitioner = Guid.NewGuid();
        await _api.CreateShiftAsync(practitioner, location.Id, "2026-03-03", "12:00", "14:00"); // Tuesday
        await _api.CreateShiftAsync(practitioner, location.Id, "2026-03-17", "07:00", "09:30"); // Tuesday

        var response = await _api.PostJsonAsync("/api/shifts/weekly", new
        {
            practitionerId = practitioner, locationId = location.Id, fromDate = "2026-03-01", toDate = "2026-03-31",
            days = new object[] { new { dayOfWeek = "tuesday", start = "09:00", end = "17:00" }, new { dayOfWeek = "thursday", start = "09:00", end = "17:00" } },
        });
        var body = await response.Content.ReadAsStringAsync();
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("overlapping_shift", problem.Code);
        var dates = JsonDocument.Parse(body).RootElement.GetProperty("dates").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.Equal(["2026-03-03", "2026-03-17"], dates);
        Assert.Equal(2, await ShiftCountAsync(practitioner));
    }

    [Fact]
    public async Task Two_entries_of_one_weekday_must_not_overlap()
    {
        var location = await _api.CreateLocationAsync();
        var practitioner = Guid.NewGuid();
        var problem = await (await _api.PostJsonAsync("/api/shifts/weekly", new
        {
            practitionerId = practitioner, locationId = location.Id, fromDate = "2026-03-01", toDate = "2026-03-31",
            days = new object[] { new { dayOfWeek = "tuesday", start = "09:00", end = "13:00" }, new { dayOfWeek = "tuesday", start = "12:00", end = "17:00" } },
        })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("days", problem.Errors!.Keys);
        Assert.Equal(0, await ShiftCountAsync(practitioner));

        // A split shift (morning and evening) is fine.
        var split = await (await _api.PostJsonAsync("/api/shifts/weekly", new
        {
            practitionerId = practitioner, locationId = location.Id, fromDate = "2026-03-01", toDate = "2026-03-07",
            days = new object[] { new { dayOfWeek = "tuesday", start = "08:00", end = "12:00" }, new { dayOfWeek = "tuesday", start = "16:00", end = "20:00" } },
        })).ShouldBeAsync<WeeklyShiftsCreated>(HttpStatusCode.Created);
        Assert.Equal(2, split.Count);
    }

    [Theory]
    [InlineData("""{"practitionerId":"P","locationId":"L","date":"2026-03-10","start":"17:00","end":"09:00"}""", "end")]
    [InlineData("""{"practitionerId":"P","locationId":"L","date":"2026-03-10","start":"09:00","end":"09:00"}""", "end")]
    [InlineData("""{"practitionerId":"P","locationId":"L","date":"2028-03-10","start":"09:00","end":"17:00"}""", "date")]
    [InlineData("""{"practitionerId":"P","locationId":"L","date":"2020-03-10","start":"09:00","end":"17:00"}""", "date")]
    [InlineData("""{"practitionerId":"P","locationId":"L","date":"2026-02-30","start":"09:00","end":"17:00"}""", "date")]
    [InlineData("""{"practitionerId":"P","locationId":"L","date":"2026-03-10","start":"9am","end":"17:00"}""", "start")]
    [InlineData("""{"practitionerId":"P","locationId":"L","date":"2026-03-10","start":"09:00:30","end":"17:00"}""", "start")]
    [InlineData("""{"practitionerId":"nope","locationId":"L","date":"2026-03-10","start":"09:00","end":"17:00"}""", "practitionerId")]
    [InlineData("""{"locationId":"L","date":"2026-03-10","start":"09:00","end":"17:00"}""", "practitionerId")]
    [InlineData("""{"practitionerId":"P","locationId":"L","date":"2026-03-10","start":"09:00"}""", "end")]
    public async Task Bad_shift_input_is_a_400_naming_the_field(string json, string field)
    {
        var location = await _api.CreateLocationAsync();
        var practitioner = Guid.NewGuid();

        var problem = await (await _api.PostRawJsonAsync("/api/shifts", json.Replace("\"P\"", $"\"{practitioner}\"").Replace("\"L\"", $"\"{location.Id}\"")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.Errors!.Keys);
        Assert.Equal(0L, await service.ScalarAsync<long>("SELECT count(*) FROM shifts WHERE location_id = $1", location.Id));
    }

    [Fact]
    public async Task Bad_weekly_input_is_a_400_naming_the_field()
    {
        var location = await _api.CreateLocationAsync();
        var practitioner = Guid.NewGuid();
        async Task<Problem> Post(object body) => await (await _api.PostJsonAsync("/api/shifts/weekly", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var monday = new { dayOfWeek = "monday", start = "09:00", end = "17:00" };

        Assert.Contains("toDate", (await Post(new { practitionerId = practitioner, locationId = location.Id, fromDate = "2026-03-10", toDate = "2026-03-01", days = new[] { monday } })).Errors!.Keys);
        Assert.Contains("toDate", (await Post(new { practitionerId = practitioner, locationId = location.Id, fromDate = "2026-03-10", toDate = "2027-06-01", days = new[] { monday } })).Errors!.Keys);
        Assert.Contains("days", (await Post(new { practitionerId = practitioner, locationId = location.Id, fromDate = "2026-03-10", toDate = "2026-03-20", days = Array.Empty<object>() })).Errors!.Keys);
        Assert.Contains("days", (await Post(new { practitionerId = practitioner, locationId = location.Id, fromDate = "2026-03-10", toDate = "2026-03-10", days = new[] { monday } })).Errors!.Keys);
        Assert.Contains("days[0].end", (await Post(new { practitionerId = practitioner, locationId = location.Id, fromDate = "2026-03-10", toDate = "2026-03-20",
            days = new[] { new { dayOfWeek = "monday", start = "17:00", end = "09:00" } } })).Errors!.Keys);
        Assert.Equal(0, await ShiftCountAsync(practitioner));
    }

    [Fact]
    public async Task A_shift_at_an_unknown_location_is_a_404()
    {
        var practitioner = Guid.NewGuid();
        await (await _api.PostJsonAsync("/api/shifts", new { practitionerId = practitioner, locationId = Guid.NewGuid(), date = "2026-03-10", start = "09:00", end = "17:00" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await ShiftCountAsync(practitioner));
    }
}
