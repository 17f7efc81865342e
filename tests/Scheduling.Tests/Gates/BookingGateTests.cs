using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Api.Domain;
using Scheduling.Api.Features.Appointments;
using static Scheduling.Tests.SchedulingClient;
using static Scheduling.Tests.WorldDriver;

namespace Scheduling.Tests;

/// <summary>
/// The booking gates against the real Clients, Credentials and Referrals services: who may be booked, with whom,
/// on what prescription; every refusal a 422 with its code and every reason, and nothing stored or held.
/// </summary>
[Collection(WorldCollection.Name)]
public sealed class BookingGateTests(SchedulingWorld world) : IClassFixture<SchedulingWorld>
{
    private readonly WorldDriver _world = new(world);
    private static readonly DateOnly Date = Day(1);

    private async Task<(Guid Location, Guid Practitioner, Guid License, Guid Client)> BookableAsync(string zone = NewYork, string jurisdiction = "US-NY")
    {
        var (practitioner, license) = await _world.EligiblePractitionerAsync(jurisdiction);
        var location = await _world.ClinicAsync(practitioner, [Date], zone, jurisdiction);
        return (location, practitioner, license, await _world.RegisterClientAsync());
    }

    private async Task<Problem> RefusedAsync(Dictionary<string, object?> body, Guid clientId)
    {
        using var response = await _world.Scheduling.PostJsonAsync("/api/appointments", body);
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0L, await _world.AppointmentsAsync(clientId));
        return problem;
    }

    [Fact]
    public async Task An_eligible_practitioner_and_a_consented_client_are_booked()
    {
        var (location, practitioner, _, client) = await BookableAsync();

        var booked = await _world.BookAsync(Booking(client, practitioner, location, At(Date, "10:00")));

        Assert.Equal((client, practitioner), (booked.ClientId, booked.PractitionerId));
        Assert.Equal(1L, await _world.AppointmentsAsync(client));
    }

    [Fact]
    public async Task An_unknown_client_is_refused_client_not_found()
    {
        var (location, practitioner, _, _) = await BookableAsync();
        var nobody = Guid.CreateVersion7();

        var problem = await RefusedAsync(Booking(nobody, practitioner, location, At(Date, "10:00")), nobody);

        Assert.Equal("client_not_found", problem.Code);
    }

    [Fact]
    public async Task A_contraindicated_client_without_consent_is_refused_with_every_reason()
    {
        var (location, practitioner, _, _) = await BookableAsync();
        var client = await _world.RegisterClientAsync(consent: false, "dvt", "pregnancy");

        var problem = await RefusedAsync(Booking(client, practitioner, location, At(Date, "10:00")), client);

        Assert.Equal("client_contraindicated", problem.Code);
        Assert.Equal(3, problem.Reasons!.Length);
        Assert.StartsWith("client_contraindicated: contraindication:dvt", problem.Reasons[0]);
        Assert.StartsWith("client_contraindicated: contraindication:pregnancy", problem.Reasons[1]);
        Assert.StartsWith("client_consent_missing: consent_missing:treatment", problem.Reasons[2]);
    }

    [Fact]
    public async Task A_practitioner_licensed_elsewhere_unverified_or_unknown_is_refused_practitioner_not_eligible()
    {
        var client = await _world.RegisterClientAsync();
        var floridaOnly = await _world.RegisterPractitionerAsync();
        await _world.AddLicenseAsync(floridaOnly, "US-FL");
        var unverified = await _world.RegisterPractitionerAsync();
        await _world.AddLicenseAsync(unverified, "US-NY", verified: false);
        var unknown = Guid.CreateVersion7();
        var location = await _world.ClinicAsync(floridaOnly, [Date]);
        await _world.Scheduling.CreateShiftAsync(unverified, location, Iso(Date));
        await _world.Scheduling.CreateShiftAsync(unknown, location, Iso(Date));

        foreach (var (practitioner, reason) in new[] { (floridaOnly, "no_license_in_jurisdiction"), (unverified, "license_unverified"), (unknown, "practitioner_unknown") })
        {
            var problem = await RefusedAsync(Booking(client, practitioner, location, At(Date, "10:00")), client);
            Assert.Equal("practitioner_not_eligible", problem.Code);
            Assert.Contains(reason, Assert.Single(problem.Reasons!));
            Assert.Contains($"US-NY on {Iso(Date)}", problem.Reasons![0]);
        }
    }

    [Fact]
    public async Task Lymphatic_drainage_needs_the_MLD_certification()
    {
        var (location, practitioner, _, client) = await BookableAsync();
        var body = Booking(client, practitioner, location, At(Date, "10:00"));
        body["technique"] = "lymphatic-drainage";

        var problem = await RefusedAsync(body, client);
        Assert.Equal("practitioner_not_eligible", problem.Code);
        Assert.Contains("certification_missing:MLD", problem.Reasons![0]);

        await _world.AddCertificationAsync(practitioner, "MLD");
        var booked = await _world.BookAsync(body);
        Assert.Equal(Api.Domain.Technique.LymphaticDrainage, booked.Technique);
    }

    [Fact]
    public async Task Eligibility_is_judged_on_the_locations_date_not_the_UTC_date()
    {
        // 20:00 in Los Angeles is already the next day in UTC: a licence expiring that (local) day still covers it.
        var practitioner = await _world.RegisterPractitionerAsync();
        await _world.AddLicenseAsync(practitioner, "US-CA", expiresOn: Date);
        var location = await _world.ClinicAsync(practitioner, [Date, Date.AddDays(1)], LosAngeles, "US-CA");
        await _world.Scheduling.CreateShiftAsync(practitioner, location, Iso(Date), "18:00", "21:00");
        var client = await _world.RegisterClientAsync();

        var evening = await _world.BookAsync(Booking(client, practitioner, location, At(Date, "20:00", LosAngeles)));
        Assert.Equal(Date.AddDays(1), DateOnly.FromDateTime(evening.Start.UtcDateTime));

        var nextMorning = await (await _world.Scheduling.PostJsonAsync("/api/appointments",
            Booking(client, practitioner, location, At(Date.AddDays(1), "09:00", LosAngeles)))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("practitioner_not_eligible", nextMorning.Code);
        Assert.Contains("license_expired", Assert.Single(nextMorning.Reasons!));
    }

    [Fact]
    public async Task A_booking_refused_by_several_rules_names_every_one()
    {
        var location = await _world.ClinicAsync(Guid.CreateVersion7(), [Date]);
        var practitioner = await _world.RegisterPractitionerAsync(); // no licence, no shift
        var client = await _world.RegisterClientAsync(consent: false);

        var problem = await RefusedAsync(Booking(client, practitioner, location, At(Date, "10:00")), client);

        Assert.Equal(
            ["outside_shift", "client_consent_missing", "practitioner_not_eligible"],
            problem.Reasons!.Select(r => r[..r.IndexOf(':')]).ToArray());
        Assert.Equal("outside_shift", problem.Code);
    }

    [Fact]
    public async Task A_referral_visit_is_held_and_confirmed_when_the_appointment_is_stored()
    {
        var (location, practitioner, _, client) = await BookableAsync();
        var referral = await _world.ActiveReferralAsync(client);
        var body = Booking(client, practitioner, location, At(Date, "10:00"));
        body["referralId"] = referral;

        var booked = await _world.BookAsync(body);

        Assert.Equal(referral, booked.ReferralId);
        Assert.Equal("confirmed", await _world.HoldStateAsync(referral, booked.Id));
        Assert.Equal((0, 1), await _world.VisitsAsync(referral));
    }

    [Fact]
    public async Task Referral_refusals_keep_Referrals_code_and_nothing_is_booked_or_held()
    {
        var (location, practitioner, _, client) = await BookableAsync();
        var otherClient = await _world.RegisterClientAsync();
        var othersReferral = await _world.ActiveReferralAsync(otherClient);
        var exhausted = await _world.ActiveReferralAsync(client, authorizedVisits: 1);
        var first = Booking(client, practitioner, location, At(Date, "08:00"));
        first["referralId"] = exhausted;
        await _world.BookAsync(first);
        var expiring = await _world.ActiveReferralAsync(client, expiresInDays: 2);

        foreach (var (referral, code) in new[]
                 {
                     (othersReferral, "referral_client_mismatch"), (exhausted, "referral_exhausted"),
                     (expiring, "referral_expired"), (Guid.CreateVersion7(), "referral_not_found"),
                 })
        {
            var body = Booking(client, practitioner, location, At(Date, "11:00"));
            body["referralId"] = referral;
            using var response = await _world.Scheduling.PostJsonAsync("/api/appointments", body);
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal(code, problem.Code);
            Assert.NotEmpty(problem.Reasons!);
        }

        Assert.Equal(1L, await _world.AppointmentsAsync(client));
        Assert.Equal((0, 0), await _world.VisitsAsync(othersReferral));
        Assert.Equal((0, 1), await _world.VisitsAsync(exhausted));
        Assert.Equal((0, 0), await _world.VisitsAsync(expiring));
    }

    [Fact]
    public async Task A_double_booking_releases_the_hold_it_took()
    {
        var (location, practitioner, _, client) = await BookableAsync();
        var otherClient = await _world.RegisterClientAsync();
        await _world.BookAsync(Booking(otherClient, practitioner, location, At(Date, "10:00")));
        var referral = await _world.ActiveReferralAsync(client);
        var body = Booking(client, practitioner, location, At(Date, "10:30"));
        body["referralId"] = referral;

        using var response = await _world.Scheduling.PostJsonAsync("/api/appointments", body);

        Assert.Equal("practitioner_busy", (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal(0L, await _world.AppointmentsAsync(client));
        Assert.Equal((0, 0), await _world.VisitsAsync(referral));
        Assert.Equal(1L, await world.Referrals.ScalarAsync<long>("SELECT count(*) FROM visit_holds WHERE referral_id = $1 AND state = 'released'", referral));
    }

    /// <summary>Tuesdays and Thursdays from <see cref="Date"/> (a Tuesday): 4 visits over two weeks, with a shift on each.</summary>
    private async Task<(Guid Location, Guid Practitioner, Guid Client, DateOnly[] Dates)> SeriesClinicAsync()
    {
        var dates = new[] { Date, Date.AddDays(2), Date.AddDays(7), Date.AddDays(9) };
        var (practitioner, _) = await _world.EligiblePractitionerAsync();
        var location = await _world.ClinicAsync(practitioner, dates);
        return (location, practitioner, await _world.RegisterClientAsync(), dates);
    }

    private static Dictionary<string, object?> Series(Guid client, Guid practitioner, Guid location, Guid referral)
    {
        var body = Booking(client, practitioner, location, At(Date, "10:00"));
        body["referralId"] = referral;
        body["count"] = 4;
        body["daysOfWeek"] = new[] { "tuesday", "thursday" };
        return body;
    }

    [Fact]
    public async Task A_series_on_a_referral_holds_and_confirms_a_visit_per_appointment()
    {
        var (location, practitioner, client, _) = await SeriesClinicAsync();
        var referral = await _world.ActiveReferralAsync(client);

        using var response = await _world.Scheduling.PostJsonAsync("/api/appointments/series", Series(client, practitioner, location, referral));

        var booked = await response.ShouldBeAsync<SeriesBooked>(HttpStatusCode.Created);
        Assert.Equal(4, booked.Count);
        Assert.Equal((0, 4), await _world.VisitsAsync(referral));
        foreach (var appointment in booked.Appointments) Assert.Equal("confirmed", await _world.HoldStateAsync(referral, appointment.Id));
    }

    [Fact]
    public async Task A_series_beyond_the_authorized_visits_books_and_holds_nothing()
    {
        var (location, practitioner, client, _) = await SeriesClinicAsync();
        var referral = await _world.ActiveReferralAsync(client, authorizedVisits: 3);

        using var response = await _world.Scheduling.PostJsonAsync("/api/appointments/series", Series(client, practitioner, location, referral));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("referral_exhausted", problem.Code);
        Assert.Contains(problem.Reasons!, r => r.Contains(Iso(Date.AddDays(9)), StringComparison.Ordinal));
        Assert.Equal(0L, await _world.AppointmentsAsync(client));
        Assert.Equal((0, 0), await _world.VisitsAsync(referral));
    }

    [Fact]
    public async Task A_series_with_one_busy_date_books_nothing_and_releases_every_hold()
    {
        var (location, practitioner, client, dates) = await SeriesClinicAsync();
        await _world.BookAsync(Booking(await _world.RegisterClientAsync(), practitioner, location, At(dates[2], "10:00")));
        var referral = await _world.ActiveReferralAsync(client);

        using var response = await _world.Scheduling.PostJsonAsync("/api/appointments/series", Series(client, practitioner, location, referral));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("practitioner_busy", problem.Code);
        Assert.Contains($"{Iso(dates[2])} practitioner_busy", problem.Detail);
        Assert.Equal(0L, await _world.AppointmentsAsync(client));
        Assert.Equal((0, 0), await _world.VisitsAsync(referral));
        Assert.Equal(4L, await world.Referrals.ScalarAsync<long>("SELECT count(*) FROM visit_holds WHERE referral_id = $1 AND state = 'released'", referral));
    }

    [Fact]
    public async Task A_crash_after_the_hold_leaves_only_a_hold_that_lapses()
    {
        // Step 1 of the saga, then the process "dies" before the insert: what is left in Referrals is an unconfirmed hold.
        var (location, practitioner, _, client) = await BookableAsync();
        var referral = await _world.ActiveReferralAsync(client);
        var visit = new PlannedVisit(Guid.CreateVersion7(), new Interval(DateTimeOffset.Parse(At(Date, "10:00")), DateTimeOffset.Parse(At(Date, "11:00"))), Date);
        await using (var scope = world.Scheduling.Services.CreateAsyncScope())
        {
            var where = await scope.ServiceProvider.GetRequiredService<Api.Infrastructure.SchedulingDbContext>().Locations.FindAsync(location);
            var plan = new BookingPlan(client, practitioner, where!, null, ServiceCode.Treatment60, referral, null, null, [visit]);
            await scope.ServiceProvider.GetRequiredService<IBookingGates>().HoldAsync(plan, CancellationToken.None);
        }

        Assert.Equal("held", await _world.HoldStateAsync(referral, visit.AppointmentId));
        var lapses = await world.Referrals.ScalarAsync<DateTime>(
            "SELECT expires_at FROM visit_holds WHERE referral_id = $1 AND appointment_id = $2", referral, visit.AppointmentId);
        Assert.InRange(lapses - DateTime.UtcNow, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10.1));
        Assert.Equal(0L, await _world.AppointmentsAsync(client));
    }

    [Fact]
    public async Task Fifty_parallel_bookings_on_one_referral_for_one_slot_book_one_and_hold_one_visit()
    {
        const int parallel = 50;
        var (location, practitioner, _, client) = await BookableAsync();
        var referral = await _world.ActiveReferralAsync(client, authorizedVisits: 60);
        var body = Booking(client, practitioner, location, At(Date, "14:00"));
        body["referralId"] = referral;
        using var go = new SemaphoreSlim(0);
        var requests = Enumerable.Range(0, parallel).Select(async _ =>
        {
            await go.WaitAsync();
            var response = await _world.Scheduling.PostJsonAsync("/api/appointments", body);
            // A dependency that misses its deadline under the burst (a 2-core machine shared with builds) is a 503 that
            // books and holds nothing; the front desk retries it, as Retry-After says.
            for (var retry = 0; retry < 5 && response.StatusCode == HttpStatusCode.ServiceUnavailable; retry++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                response = await _world.Scheduling.PostJsonAsync("/api/appointments", body);
            }

            return response.StatusCode;
        }).ToList();
        go.Release(parallel);
        var statuses = await Task.WhenAll(requests);

        var counts = string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()} x {(int)g.Key}"));
        Assert.True(statuses.Count(s => s == HttpStatusCode.Created) == 1, counts);
        Assert.True(statuses.Count(s => s == HttpStatusCode.Conflict) == parallel - 1, counts);
        Assert.Equal(1L, await _world.AppointmentsAsync(client));
        Assert.Equal((0, 1), await _world.VisitsAsync(referral));
        Assert.Equal(1L, await _world.HoldCountAsync(referral));
    }

    [Fact]
    public async Task Availability_for_a_technique_offers_only_eligible_practitioners()
    {
        var (certified, _) = await _world.EligiblePractitionerAsync();
        await _world.AddCertificationAsync(certified, "MLD");
        var (uncertified, _) = await _world.EligiblePractitionerAsync();
        var unlicensed = await _world.RegisterPractitionerAsync();
        var location = await _world.ClinicAsync(certified, [Date], rooms: 3);
        await _world.Scheduling.CreateShiftAsync(uncertified, location, Iso(Date));
        await _world.Scheduling.CreateShiftAsync(unlicensed, location, Iso(Date));

        async Task<HashSet<Guid>> PractitionersAsync(string technique)
        {
            var page = await (await _world.Scheduling.GetAsync(
                    $"/api/availability?locationId={location}&from={Iso(Date)}&to={Iso(Date)}&durationMinutes=60&limit=1000{technique}"))
                .ShouldBeAsync<Platform.ServiceDefaults.Http.Page<Api.Features.Availability.SlotView>>(HttpStatusCode.OK);
            return page.Items.Select(s => s.PractitionerId).ToHashSet();
        }

        Assert.Equal(new[] { certified, uncertified, unlicensed }.Order(), (await PractitionersAsync("")).Order());
        Assert.Equal(new[] { certified, uncertified }.Order(), (await PractitionersAsync("&technique=swedish")).Order());
        Assert.Equal([certified], await PractitionersAsync("&technique=lymphatic-drainage"));
    }
}
