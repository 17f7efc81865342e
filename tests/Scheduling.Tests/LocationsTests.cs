using System.Net;
using Scheduling.Api.Features.Locations;
using static Scheduling.Tests.SchedulingClient;

namespace Scheduling.Tests;

public sealed class LocationsTests(SchedulingServiceFactory service) : IClassFixture<SchedulingServiceFactory>
{
    private readonly HttpClient _api = service.CreateApiClient();

    private Task<long> CountAsync(string name) => service.ScalarAsync<long>("SELECT count(*) FROM locations WHERE name = $1", name)!;

    [Fact]
    public async Task A_location_is_created_with_its_zone_jurisdiction_and_opening_hours()
    {
        var body = LocationBody(LosAngeles, "us-ca", [
            new { dayOfWeek = "monday", opens = "08:00", closes = "12:00" },
            new { dayOfWeek = "monday", opens = "13:00", closes = "19:30" },
            new { dayOfWeek = "saturday", opens = "09:00", closes = "14:00" },
        ]);
        var created = await (await _api.PostJsonAsync("/api/locations", body)).ShouldBeAsync<LocationView>(HttpStatusCode.Created);

        Assert.Equal(LosAngeles, created.TimeZone);
        Assert.Equal("US-CA", created.Jurisdiction);
        Assert.Equal(3, created.OpeningHours.Count);
        Assert.Equal(new TimeOnly(19, 30), created.OpeningHours[1].Closes);

        var read = await _api.GetLocationAsync(created.Id);
        Assert.Equal(created.Name, read.Name);
        Assert.Equal(3, read.OpeningHours.Count);
        Assert.Equal(3L, await service.ScalarAsync<long>("SELECT count(*) FROM location_opening_hours WHERE location_id = $1", created.Id));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons", "US-NY", "timeZone")]
    [InlineData("Eastern Standard Time", "US-NY", "timeZone")]
    [InlineData("America/New_York", "US-XX", "jurisdiction")]
    [InlineData("America/New_York", "MX-CMX", "jurisdiction")]
    [InlineData("America/New_York", "", "jurisdiction")]
    public async Task An_unknown_zone_or_jurisdiction_is_a_400_naming_the_field_and_nothing_is_stored(string zone, string jurisdiction, string field)
    {
        var name = "Bad " + Guid.NewGuid();
        var body = LocationBody(zone, jurisdiction, name: name);

        var problem = await (await _api.PostJsonAsync("/api/locations", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.Errors!.Keys);
        Assert.Equal(0, await CountAsync(name));
    }

    [Fact]
    public async Task Opening_hours_must_close_after_they_open_and_not_overlap()
    {
        var name = "Bad hours " + Guid.NewGuid();
        var closesFirst = await (await _api.PostJsonAsync("/api/locations", LocationBody(name: name,
            openingHours: [new { dayOfWeek = "monday", opens = "09:00", closes = "08:00" }]))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("openingHours[0].closes", closesFirst.Errors!.Keys);

        var overlapping = await (await _api.PostJsonAsync("/api/locations", LocationBody(name: name, openingHours: [
            new { dayOfWeek = "monday", opens = "09:00", closes = "13:00" },
            new { dayOfWeek = "monday", opens = "12:00", closes = "18:00" },
        ]))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("monday 09:00-13:00 overlaps 12:00-18:00", overlapping.Errors!["openingHours"][0]);

        var none = await (await _api.PostJsonAsync("/api/locations", LocationBody(name: name, openingHours: []))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("openingHours", none.Errors!.Keys);

        var badTime = await (await _api.PostJsonAsync("/api/locations", LocationBody(name: name,
            openingHours: [new { dayOfWeek = "monday", opens = "25:00", closes = "26:00" }]))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("openingHours[0].opens", badTime.Errors!.Keys);

        var badDay = await (await _api.PostJsonAsync("/api/locations", LocationBody(name: name,
            openingHours: [new { dayOfWeek = "funday", opens = "09:00", closes = "10:00" }]))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("openingHours[0].dayOfWeek", badDay.Errors!.Keys);

        Assert.Equal(0, await CountAsync(name));
    }

    [Fact]
    public async Task Malformed_json_missing_fields_and_huge_strings_are_400s()
    {
        var malformed = await (await _api.PostRawJsonAsync("/api/locations", "{\"name\": \"x\", ")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(malformed.Errors);

        var missing = await (await _api.PostRawJsonAsync("/api/locations", "{}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("name", missing.Errors!.Keys);
        Assert.Contains("timeZone", missing.Errors.Keys);
        Assert.Contains("address", missing.Errors.Keys);

        var huge = new string('x', 10_000);
        var tooLong = await (await _api.PostJsonAsync("/api/locations", LocationBody(name: huge))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("name", tooLong.Errors!.Keys);
        Assert.Equal(0, await CountAsync(huge));

        var hugeZone = await (await _api.PostJsonAsync("/api/locations", LocationBody(timeZone: huge))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("timeZone", hugeZone.Errors!.Keys);
    }

    [Fact]
    public async Task Room_names_are_unique_within_a_location_ignoring_case()
    {
        var first = await _api.CreateLocationAsync();
        var second = await _api.CreateLocationAsync();
        await _api.AddRoomAsync(first.Id, "Room 1");
        await _api.AddRoomAsync(second.Id, "Room 1");

        var problem = await (await _api.PostJsonAsync($"/api/locations/{first.Id}/rooms", new { name = "ROOM 1" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("duplicate_room", problem.Code);
        Assert.Equal(1L, await service.ScalarAsync<long>("SELECT count(*) FROM rooms WHERE location_id = $1", first.Id));
        Assert.Single((await _api.GetLocationAsync(second.Id)).Rooms);
    }

    [Fact]
    public async Task A_room_needs_a_name_and_an_existing_location()
    {
        var location = await _api.CreateLocationAsync();
        var noName = await (await _api.PostJsonAsync($"/api/locations/{location.Id}/rooms", new { name = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("name", noName.Errors!.Keys);
        var tooLong = await (await _api.PostJsonAsync($"/api/locations/{location.Id}/rooms", new { name = new string('r', 10_000) })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("name", tooLong.Errors!.Keys);
        await (await _api.PostJsonAsync($"/api/locations/{Guid.NewGuid()}/rooms", new { name = "Room 1" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await service.ScalarAsync<long>("SELECT count(*) FROM rooms WHERE location_id = $1", location.Id));
    }

    [Fact]
    public async Task Locations_are_listed_page_by_page()
    {
        for (var i = 0; i < 3; i++) await _api.CreateLocationAsync();
        var seen = new HashSet<Guid>();
        string? cursor = null;
        do
        {
            var page = await (await _api.GetAsync($"/api/locations?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}"))
                .ShouldBeAsync<Platform.ServiceDefaults.Http.Page<LocationView>>(HttpStatusCode.OK);
            Assert.True(page.Items.Count <= 2);
            foreach (var item in page.Items) Assert.True(seen.Add(item.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(await service.ScalarAsync<long>("SELECT count(*) FROM locations"), seen.Count);
        await (await _api.GetAsync("/api/locations?cursor=garbage")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}
