using System.Net;
using Scheduling.Api.Features.AtRisk;
using static Scheduling.Tests.SchedulingClient;
using static Scheduling.Tests.WorldDriver;

namespace Scheduling.Tests;

/// <summary>
/// The integration events end to end, with the real publishers and consumers: Scheduling's appointment events move
/// Referrals' counted visits, and Credentials' LicenseStatusChanged reaches Scheduling's at-risk report.
/// </summary>
[Collection(WorldCollection.Name)]
public sealed class EventFlowTests(SchedulingWorld world) : IClassFixture<SchedulingWorld>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly WorldDriver _world = new(world);
    private static readonly DateOnly Date = Day(2);

    /// <summary>Delivery is asynchronous (milliseconds normally): wait until the condition holds, or fail after <see cref="Patience"/>.</summary>
    private static async Task EventuallyAsync<T>(Func<Task<T>> read, T expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        T actual;
        while (!Equals(actual = await read(), expected) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(expected, actual);
    }

    private async Task<(Guid Appointment, Guid Referral)> BookedOnReferralAsync(string time = "10:00")
    {
        var (practitioner, _) = await _world.EligiblePractitionerAsync();
        var location = await _world.ClinicAsync(practitioner, [Date]);
        var client = await _world.RegisterClientAsync();
        var referral = await _world.ActiveReferralAsync(client);
        var body = Booking(client, practitioner, location, At(Date, time));
        body["referralId"] = referral;
        return ((await _world.BookAsync(body)).Id, referral);
    }

    private async Task MoveAsync(Guid appointment, string action, object? body = null)
    {
        using var response = await _world.Scheduling.PostJsonAsync($"/api/appointments/{appointment}/{action}", body ?? new { });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_completed_appointment_uses_its_referral_visit()
    {
        var (appointment, referral) = await BookedOnReferralAsync();
        Assert.Equal((0, 1), await _world.VisitsAsync(referral));

        await MoveAsync(appointment, "check-in");
        await MoveAsync(appointment, "complete");

        await EventuallyAsync(() => _world.VisitsAsync(referral), (1, 0));
        Assert.Equal("consumed", await _world.HoldStateAsync(referral, appointment));
        Assert.Equal(2L, await world.Referrals.ScalarAsync<long>(
            "SELECT count(*) FROM inbox_events WHERE aggregate_id = $1", appointment.ToString())); // booked, completed: each applied once
    }

    [Fact]
    public async Task A_cancelled_appointment_releases_its_referral_visit()
    {
        var (appointment, referral) = await BookedOnReferralAsync();

        await MoveAsync(appointment, "cancel", new { reason = "Client called in sick" });

        await EventuallyAsync(() => _world.VisitsAsync(referral), (0, 0));
        Assert.Equal("released", await _world.HoldStateAsync(referral, appointment));
        Assert.Equal(0L, await world.Scheduling.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_deliveries d JOIN outbox_events e ON e.id = d.event_id WHERE e.aggregate_id = $1 AND d.delivered_at IS NULL",
            appointment.ToString()));
    }

    [Fact]
    public async Task A_suspended_licence_puts_future_appointments_at_risk_and_refuses_new_bookings()
    {
        var (practitioner, license) = await _world.EligiblePractitionerAsync();
        var location = await _world.ClinicAsync(practitioner, [Date]);
        var client = await _world.RegisterClientAsync();
        var booked = await _world.BookAsync(Booking(client, practitioner, location, At(Date, "09:00")));
        var other = await _world.EligiblePractitionerAsync();
        await _world.Scheduling.CreateShiftAsync(other.Practitioner, location, Iso(Date));
        var unaffected = await _world.BookAsync(Booking(await _world.RegisterClientAsync(), other.Practitioner, location, At(Date, "09:00")));

        await _world.SetLicenseStatusAsync(practitioner, license, "suspended");

        // The event reaches Scheduling...
        await EventuallyAsync(() => world.Scheduling.ScalarAsync<string>("SELECT status FROM license_standings WHERE license_id = $1", license), "suspended");
        // ...the report lists the appointment with Credentials' reason, and not the other practitioner's...
        var report = await (await _world.Scheduling.GetAsync($"/api/appointments/at-risk?from={Iso(Date)}&to={Iso(Date)}&limit=200"))
            .ShouldBeAsync<AtRiskReport>(HttpStatusCode.OK);
        Assert.True(report.Complete);
        var atRisk = Assert.Single(report.Items, i => i.Appointment.Id == booked.Id);
        Assert.Equal(("US-NY", "credentials"), (atRisk.Jurisdiction, atRisk.Source));
        Assert.Contains("license_suspended", atRisk.Reasons);
        Assert.DoesNotContain(report.Items, i => i.Appointment.Id == unaffected.Id);

        // ...and a new booking with that practitioner is refused.
        using var refused = await _world.Scheduling.PostJsonAsync("/api/appointments", Booking(client, practitioner, location, At(Date, "11:00")));
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("practitioner_not_eligible", problem.Code);
        Assert.Contains("license_suspended", Assert.Single(problem.Reasons!));

        // Reinstated: the event says so, and the appointment is no longer at risk.
        await _world.SetLicenseStatusAsync(practitioner, license, "active");
        await EventuallyAsync(() => world.Scheduling.ScalarAsync<string>("SELECT status FROM license_standings WHERE license_id = $1", license), "active");
        var after = await (await _world.Scheduling.GetAsync($"/api/appointments/at-risk?from={Iso(Date)}&to={Iso(Date)}&limit=200"))
            .ShouldBeAsync<AtRiskReport>(HttpStatusCode.OK);
        Assert.DoesNotContain(after.Items, i => i.Appointment.Id == booked.Id);
    }

    [Theory]
    [InlineData("from=2020-01-01", "from")]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=nonsense", "cursor")]
    public async Task Bad_report_queries_are_400_naming_the_field(string query, string field)
    {
        var problem = await (await _world.Scheduling.GetAsync($"/api/appointments/at-risk?{query}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors!.Keys);
    }
}
