using Grpc.Core;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Grpc;
using Referrals.Api;
using Referrals.Api.Domain;

namespace Referrals.Tests;

/// <summary>
/// An unconfirmed hold lapses by itself: it stops counting at its expiry, with no background job, and the next
/// change of the referral records it as expired. A confirmed hold never lapses.
/// </summary>
public sealed class HoldExpiryTests(ReferralsWorld world) : IClassFixture<ReferralsWorld>, IDisposable
{
    private static readonly TimeSpan PastTheTimeout = TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1);
    private readonly ReferralsDriver _driver = new(world);

    public void Dispose() => _driver.Clock.Reset();

    private Task<string?> State(Guid referralId, Guid appointmentId) =>
        world.Referrals.ScalarAsync<string>("SELECT state FROM visit_holds WHERE referral_id = $1 AND appointment_id = $2", referralId, appointmentId);

    [Fact]
    public async Task An_unconfirmed_hold_stops_counting_at_its_expiry_and_frees_the_visit()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync(authorizedVisits: 1, frequencyPerWeek: 1, durationWeeks: 1);
        var lapsing = Guid.NewGuid();
        await _driver.HoldAsync(referral.Id, clientId, lapsing);

        _driver.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(ReferralStatus.Exhausted, (await _driver.GetAsync(referral.Id)).Status);

        _driver.Clock.Advance(PastTheTimeout - TimeSpan.FromMinutes(9));
        // Nothing has touched the row yet, and it already counts no more.
        Assert.Equal("held", await State(referral.Id, lapsing));
        var visits = (await _driver.GetAsync(referral.Id)).Visits;
        Assert.Equal((0, 1), (visits.Held, visits.Remaining));

        var next = await _driver.HoldAsync(referral.Id, clientId);
        Assert.Equal((1, 0), (next.Account.Held, next.Account.Remaining));
        Assert.Equal("expired", await State(referral.Id, lapsing));
        Assert.Equal(1, await _driver.CountAsync("SELECT visits_held FROM referrals WHERE id = $1", referral.Id));
    }

    [Fact]
    public async Task A_confirmed_hold_never_lapses()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync();
        var booked = Guid.NewGuid();
        await _driver.HoldAsync(referral.Id, clientId, booked);
        await _driver.Visits.ConfirmHoldAsync(ReferralsDriver.Ref(referral.Id, booked));

        _driver.Clock.Advance(TimeSpan.FromDays(3));
        await _driver.HoldAsync(referral.Id, clientId); // a change of the referral, which sweeps lapsed holds

        Assert.Equal("confirmed", await State(referral.Id, booked));
        Assert.Equal(2, (await _driver.GetAsync(referral.Id)).Visits.Held);
    }

    [Fact]
    public async Task Confirming_a_lapsed_hold_holds_the_visit_again_when_one_is_free()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync();
        var slow = Guid.NewGuid();
        await _driver.HoldAsync(referral.Id, clientId, slow);
        _driver.Clock.Advance(PastTheTimeout);

        var confirmed = await _driver.Visits.ConfirmHoldAsync(ReferralsDriver.Ref(referral.Id, slow));

        Assert.Equal((1, 11), (confirmed.Held, confirmed.Remaining));
        Assert.Equal("confirmed", await State(referral.Id, slow));
    }

    [Fact]
    public async Task Confirming_a_lapsed_hold_whose_visit_was_taken_meanwhile_is_refused_referral_exhausted()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync(authorizedVisits: 1, frequencyPerWeek: 1, durationWeeks: 1);
        var slow = Guid.NewGuid();
        await _driver.HoldAsync(referral.Id, clientId, slow);
        _driver.Clock.Advance(PastTheTimeout);
        await _driver.HoldAsync(referral.Id, clientId);

        var refused = await _driver.Visits.ConfirmHoldAsync(ReferralsDriver.Ref(referral.Id, slow)).ShouldFailAsync(StatusCode.FailedPrecondition);

        Assert.Equal("referral_exhausted", refused.GetCode());
        Assert.Contains("lapsed before it was confirmed", refused.Status.Detail);
        Assert.Equal("expired", await State(referral.Id, slow));
        Assert.Equal(1, (await _driver.GetAsync(referral.Id)).Visits.Held);
    }

    [Fact]
    public async Task Consuming_a_lapsed_hold_uses_a_free_visit_because_the_appointment_took_place()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync();
        var forgotten = Guid.NewGuid();
        await _driver.HoldAsync(referral.Id, clientId, forgotten);
        _driver.Clock.Advance(PastTheTimeout);

        var consumed = await _driver.Visits.ConsumeVisitAsync(ReferralsDriver.Ref(referral.Id, forgotten));

        Assert.Equal((1, 0, 11), (consumed.Used, consumed.Held, consumed.Remaining));
    }

    [Fact]
    public async Task Asking_again_for_a_lapsed_hold_takes_a_new_one_with_a_new_expiry()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync();
        var appointment = Guid.NewGuid();
        var first = await _driver.HoldAsync(referral.Id, clientId, appointment);
        _driver.Clock.Advance(PastTheTimeout);

        var again = await _driver.HoldAsync(referral.Id, clientId, appointment);

        Assert.True(DateTimeOffset.Parse(again.ExpiresAt) > DateTimeOffset.Parse(first.ExpiresAt));
        Assert.Equal(1, again.Account.Held);
        Assert.Equal("held", await State(referral.Id, appointment));
    }
}

/// <summary>The hold timeout comes from configuration (<c>Referrals:HoldTimeout</c>).</summary>
public sealed class HoldTimeoutConfigurationTests(HoldTimeoutConfigurationTests.TwoMinuteHolds world) : IClassFixture<HoldTimeoutConfigurationTests.TwoMinuteHolds>
{
    public sealed class TwoMinuteHolds : ReferralsWorld
    {
        protected override void Configure(ReferralsServiceFactory referrals) => referrals.WithSetting("Referrals:HoldTimeout", "00:02:00");
    }

    [Fact]
    public async Task A_hold_lapses_after_the_configured_time()
    {
        var driver = new ReferralsDriver(world);
        var (referral, clientId) = await driver.ActiveReferralAsync();

        var hold = await driver.HoldAsync(referral.Id, clientId);

        Assert.InRange(DateTimeOffset.Parse(hold.ExpiresAt) - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1.5), TimeSpan.FromMinutes(2.1));
        Assert.Equal(TimeSpan.FromMinutes(2), world.Referrals.GetService<IOptions<ReferralsOptions>>().Value.HoldTimeout);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:05:00")]
    [InlineData("2.00:00:00")]
    public async Task A_nonsensical_timeout_stops_the_service_at_startup_saying_which_setting(string timeout)
    {
        var service = new ReferralsServiceFactory();
        service.WithSetting("Referrals:HoldTimeout", timeout);
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(service.InitializeAsync);
            Assert.Contains("Referrals:HoldTimeout", failure.ToString());
        }
        finally
        {
            await ((IAsyncLifetime)service).DisposeAsync();
        }
    }
}
