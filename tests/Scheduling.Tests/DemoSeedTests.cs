using System.Net;
using Platform.DemoChain;
using Platform.ServiceDefaults.Http;
using Scheduling.Api.Features.Appointments;
using Scheduling.Api.Features.Availability;
using Scheduling.Api.Features.Locations;

namespace Scheduling.Tests;

/// <summary>The service started with <c>Demo:Seed=demo</c> (seeding date: today, real clock) on a fresh database.</summary>
public sealed class SeededSchedulingFactory : SeededServiceFactory<Program>
{
    public SeededSchedulingFactory() : base("schedulingdb") => this.AsAdministrator();
}


/// <summary>
/// Seeding writes thousands of rows in a few statements: the seed tests run alone, so tests that listen to every
/// span of the process (the PHI checks) do not see the seeder's SQL, whose parameter names look like numbers.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DemoSeedCollection
{
    public const string Name = "Demo seed";
}

[Collection(DemoSeedCollection.Name)]
public sealed class DemoSeedTests(SeededSchedulingFactory service) : IClassFixture<SeededSchedulingFactory>
{
    private readonly HttpClient _http = service.CreateApiClient();
    private DemoChain Chain => service.Chain;

    private static string Iso(DateOnly date) => Platform.DemoChain.Seeding.DemoSeeding.Format(date);

    private async Task<(long Locations, long Rooms, long Hours, long Shifts, long Appointments)> CountsAsync() => (
        await service.ScalarAsync<long>("SELECT count(*) FROM locations"),
        await service.ScalarAsync<long>("SELECT count(*) FROM rooms"),
        await service.ScalarAsync<long>("SELECT count(*) FROM location_opening_hours"),
        await service.ScalarAsync<long>("SELECT count(*) FROM shifts"),
        await service.ScalarAsync<long>("SELECT count(*) FROM appointments"));

    [Fact]
    public async Task Locations_rooms_hours_shifts_and_appointments_are_all_stored()
    {
        var counts = await CountsAsync();

        Assert.Equal(12, counts.Locations);
        Assert.Equal(Chain.Locations.Sum(l => l.Rooms.Count), counts.Rooms);
        Assert.Equal(Chain.Locations.Sum(l => l.OpeningHours.Count), counts.Hours);
        Assert.Equal(Chain.Shifts.Count, counts.Shifts);
        Assert.Equal(Chain.Appointments.Count, counts.Appointments);
        // The database's own judges agree: no non-cancelled appointment overlaps another of its practitioner, room or client.
        Assert.Equal(0, await service.ScalarAsync<long>("""
            SELECT count(*) FROM appointments a JOIN appointments b ON a.id < b.id
             AND a.status <> 'cancelled' AND b.status <> 'cancelled'
             AND (a.practitioner_id = b.practitioner_id OR a.room_id = b.room_id OR a.client_id = b.client_id)
             AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
            """));
    }

    [Fact]
    public async Task The_first_location_shows_its_zone_hours_and_rooms()
    {
        var location = await (await _http.GetAsync($"/api/locations/{DemoIdentities.FirstLocationId}")).ShouldBeAsync<LocationView>(HttpStatusCode.OK);

        Assert.Equal(("Midtown Manhattan", "America/New_York", "US-NY"), (location.Name, location.TimeZone, location.Jurisdiction));
        Assert.Equal(Chain.Locations[0].Rooms.Select(r => r.Name).Order(), location.Rooms.Select(r => r.Name).Order());
        Assert.Equal(Chain.Locations[0].OpeningHours.Count, location.OpeningHours.Count);
    }

    [Fact]
    public async Task The_demo_therapists_appointments_are_all_listed_and_next_week_still_has_open_slots()
    {
        var therapist = DemoIdentities.TherapistPractitionerId;
        var from = Chain.Today.AddDays(7);
        var to = from.AddDays(6);

        var appointments = new List<AppointmentView>();
        string? cursor = null;
        do
        {
            var page = await (await _http.GetAsync($"/api/appointments?practitionerId={therapist}&from={Iso(Chain.FirstAppointmentDay)}&to={Iso(Chain.LastAppointmentDay)}&limit=200" +
                    (cursor is null ? "" : $"&cursor={cursor}")))
                .ShouldBeAsync<Page<AppointmentView>>(HttpStatusCode.OK);
            appointments.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        var slots = await (await _http.GetAsync($"/api/availability?locationId={DemoIdentities.FirstLocationId}&practitionerId={therapist}&from={Iso(from)}&to={Iso(to)}&durationMinutes=60"))
            .ShouldBeAsync<Page<SlotView>>(HttpStatusCode.OK);

        Assert.Equal(Chain.Appointments.Where(a => a.PractitionerId == therapist).Select(a => a.Id).Order(), appointments.Select(a => a.Id).Order());
        Assert.NotEmpty(slots.Items);
        Assert.All(slots.Items, s => Assert.Equal(DemoIdentities.FirstLocationId, s.LocationId));
    }

    [Fact]
    public async Task Starting_again_on_the_seeded_database_adds_nothing()
    {
        var before = await CountsAsync();

        await service.StartAgainAsync();

        Assert.Equal(before, await CountsAsync());
    }
}
