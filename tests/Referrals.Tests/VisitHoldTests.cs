using Grpc.Core;
using Platform.ServiceDefaults.Grpc;
using Referrals.Api.Domain;
using Referrals.Grpc;
using VisitSlot = Referrals.Grpc.VisitSlot;

namespace Referrals.Tests;

/// <summary>The counted visits over gRPC, as Scheduling's booking saga calls them.</summary>
public sealed class VisitHoldTests(ReferralsWorld world) : IClassFixture<ReferralsWorld>
{
    private readonly ReferralsDriver _driver = new(world);
    private static DateOnly Day(int offset) => ReferralsDriver.Today.AddDays(offset);

    private static HoldVisitRequest Request(Guid referralId, Guid clientId, Guid appointmentId, DateOnly date) => new()
    {
        ReferralId = referralId.ToString(), ClientId = clientId.ToString(), AppointmentId = appointmentId.ToString(), VisitDate = IsoDate.Of(date),
    };

    private Task<long> HoldRows(Guid referralId) => _driver.CountAsync("SELECT count(*) FROM visit_holds WHERE referral_id = $1", referralId);

    [Fact]
    public async Task A_hold_takes_a_visit_until_it_lapses_and_asking_again_answers_the_same_hold()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync();
        var appointment = Guid.NewGuid();

        var hold = await _driver.HoldAsync(referral.Id, clientId, appointment, Day(7));
        var again = await _driver.HoldAsync(referral.Id, clientId, appointment, Day(7));

        Assert.Equal("held", hold.State);
        Assert.Equal((12, 0, 1, 11), (hold.Account.Authorized, hold.Account.Used, hold.Account.Held, hold.Account.Remaining));
        var lapses = DateTimeOffset.Parse(hold.ExpiresAt);
        Assert.InRange(lapses - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10.1));
        Assert.Equal(hold.ExpiresAt, again.ExpiresAt);
        Assert.Equal(1, again.Account.Held);
        Assert.Equal(1, await HoldRows(referral.Id));
        var visits = (await _driver.GetAsync(referral.Id)).Visits;
        Assert.Equal((1, 11), (visits.Held, visits.Remaining));
    }

    [Fact]
    public async Task Confirm_consume_and_release_move_the_counts_and_are_idempotent()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync();
        var completed = Guid.NewGuid();
        var cancelled = Guid.NewGuid();
        await _driver.HoldAsync(referral.Id, clientId, completed);
        await _driver.HoldAsync(referral.Id, clientId, cancelled);

        var confirmed = await _driver.Visits.ConfirmHoldAsync(ReferralsDriver.Ref(referral.Id, completed));
        Assert.Equal((0, 2, 10), (confirmed.Used, confirmed.Held, confirmed.Remaining));
        Assert.Equal(confirmed, await _driver.Visits.ConfirmHoldAsync(ReferralsDriver.Ref(referral.Id, completed)));
        Assert.Null(await world.Referrals.ScalarAsync<DateTimeOffset?>(
            "SELECT expires_at FROM visit_holds WHERE referral_id = $1 AND appointment_id = $2", referral.Id, completed));

        var consumed = await _driver.Visits.ConsumeVisitAsync(ReferralsDriver.Ref(referral.Id, completed));
        Assert.Equal((1, 1, 10), (consumed.Used, consumed.Held, consumed.Remaining));
        Assert.Equal(consumed, await _driver.Visits.ConsumeVisitAsync(ReferralsDriver.Ref(referral.Id, completed)));

        var released = await _driver.Visits.ReleaseHoldAsync(ReferralsDriver.Ref(referral.Id, cancelled));
        Assert.Equal((1, 0, 11), (released.Used, released.Held, released.Remaining));
        Assert.Equal(released, await _driver.Visits.ReleaseHoldAsync(ReferralsDriver.Ref(referral.Id, cancelled)));
        Assert.Equal(released, await _driver.Visits.ReleaseHoldAsync(ReferralsDriver.Ref(referral.Id, Guid.NewGuid())));

        Assert.Equal((1L, 0L), (
            await _driver.CountAsync("SELECT visits_used FROM referrals WHERE id = $1", referral.Id),
            await _driver.CountAsync("SELECT visits_held FROM referrals WHERE id = $1", referral.Id)));
    }

    [Fact]
    public async Task The_last_visit_is_held_once_and_the_next_hold_is_refused_referral_exhausted()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync(authorizedVisits: 1, frequencyPerWeek: 1, durationWeeks: 1);
        await _driver.HoldAsync(referral.Id, clientId);

        var refused = await _driver.Visits.HoldVisitAsync(Request(referral.Id, clientId, Guid.NewGuid(), Day(8))).ShouldFailAsync(StatusCode.FailedPrecondition);

        Assert.Equal("referral_exhausted", refused.GetCode());
        Assert.Equal([$"{IsoDate.Of(Day(8))}: referral_exhausted"], refused.GetReasons());
        Assert.Contains("all 1 authorized visits are used or held", refused.Status.Detail);
        Assert.Equal(1, await HoldRows(referral.Id));
    }

    [Fact]
    public async Task Visits_are_held_only_between_the_start_and_expiry_dates_judged_on_the_visit_date()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync(startDate: Day(-1), expiresOn: Day(20));

        var late = await _driver.Visits.HoldVisitAsync(Request(referral.Id, clientId, Guid.NewGuid(), Day(21))).ShouldFailAsync(StatusCode.FailedPrecondition);
        var early = await _driver.Visits.HoldVisitAsync(Request(referral.Id, clientId, Guid.NewGuid(), Day(-2))).ShouldFailAsync(StatusCode.FailedPrecondition);
        var lastDay = await _driver.HoldAsync(referral.Id, clientId, Guid.NewGuid(), Day(20));
        var firstDay = await _driver.HoldAsync(referral.Id, clientId, Guid.NewGuid(), Day(-1));

        Assert.Equal("referral_expired", late.GetCode());
        Assert.Contains($"expires on {IsoDate.Of(Day(20))}", late.Status.Detail);
        Assert.Equal("referral_not_started", early.GetCode());
        Assert.Equal((2, 10), (firstDay.Account.Held, firstDay.Account.Remaining));
        Assert.Equal("held", lastDay.State);
    }

    [Fact]
    public async Task A_referral_that_is_not_accepted_holds_nothing()
    {
        var physician = await _driver.RegisterPhysicianAsync();
        var clientId = await _driver.RegisterClientAsync();
        var submitted = await _driver.SubmitReferralAsync(ReferralsDriver.ReferralBody(physician.Id, clientId));

        var refused = await _driver.Visits.HoldVisitAsync(Request(submitted.Id, clientId, Guid.NewGuid(), Day(3))).ShouldFailAsync(StatusCode.FailedPrecondition);

        Assert.Equal("referral_not_active", refused.GetCode());
        Assert.Equal(["status:submitted"], refused.GetReasons());
        Assert.Equal(0, await HoldRows(submitted.Id));
    }

    [Fact]
    public async Task Another_clients_appointment_cannot_use_the_referral()
    {
        var (referral, _) = await _driver.ActiveReferralAsync();

        var refused = await _driver.Visits.HoldVisitAsync(Request(referral.Id, Guid.NewGuid(), Guid.NewGuid(), Day(3))).ShouldFailAsync(StatusCode.FailedPrecondition);

        Assert.Equal("referral_client_mismatch", refused.GetCode());
        Assert.Equal(0, await HoldRows(referral.Id));
    }

    [Fact]
    public async Task A_series_is_held_all_or_nothing_and_a_refusal_names_every_failing_date()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync(authorizedVisits: 4, frequencyPerWeek: 1, durationWeeks: 4, expiresOn: Day(30));
        var series = new HoldVisitsRequest { ReferralId = referral.Id.ToString(), ClientId = clientId.ToString() };
        foreach (var offset in new[] { 3, 10, 17, 24, 31, 38 })
        {
            series.Visits.Add(new VisitSlot { AppointmentId = Guid.NewGuid().ToString(), VisitDate = IsoDate.Of(Day(offset)) });
        }

        var refused = await _driver.Visits.HoldVisitsAsync(series).ShouldFailAsync(StatusCode.FailedPrecondition);

        Assert.Equal("referral_expired", refused.GetCode());
        Assert.Equal([$"{IsoDate.Of(Day(31))}: referral_expired", $"{IsoDate.Of(Day(38))}: referral_expired"], refused.GetReasons());
        Assert.Equal(0, await HoldRows(referral.Id));

        // Five dates within the prescription, four visits: the last date cannot be held, so none is.
        series.Visits.RemoveAt(5);
        series.Visits[4].VisitDate = IsoDate.Of(Day(28));
        var exhausted = await _driver.Visits.HoldVisitsAsync(series).ShouldFailAsync(StatusCode.FailedPrecondition);
        Assert.Equal([$"{IsoDate.Of(Day(28))}: referral_exhausted"], exhausted.GetReasons());
        Assert.Equal(0, await HoldRows(referral.Id));

        series.Visits.RemoveAt(4);
        var held = await _driver.Visits.HoldVisitsAsync(series);
        Assert.Equal(4, held.Holds.Count);
        Assert.All(held.Holds, h => Assert.Equal("held", h.State));
        Assert.Equal((4, 0), (held.Account.Held, held.Account.Remaining));
        // The same series again (a retry) holds nothing more.
        Assert.Equal(held.Account, (await _driver.Visits.HoldVisitsAsync(series)).Account);
        Assert.Equal(4, await HoldRows(referral.Id));
    }

    [Fact]
    public async Task A_rescheduled_appointment_keeps_its_hold_on_the_new_date()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync(expiresOn: Day(30));
        var appointment = Guid.NewGuid();
        await _driver.HoldAsync(referral.Id, clientId, appointment, Day(5));

        var moved = await _driver.HoldAsync(referral.Id, clientId, appointment, Day(6));
        var tooLate = await _driver.Visits.HoldVisitAsync(Request(referral.Id, clientId, appointment, Day(31))).ShouldFailAsync(StatusCode.FailedPrecondition);

        Assert.Equal(1, moved.Account.Held);
        Assert.Equal("referral_expired", tooLate.GetCode());
        Assert.Equal(Day(6), await world.Referrals.ScalarAsync<DateOnly>(
            "SELECT visit_date FROM visit_holds WHERE referral_id = $1 AND appointment_id = $2", referral.Id, appointment));
    }

    [Fact]
    public async Task A_consumed_visit_is_not_released_and_a_released_hold_is_not_confirmed_or_consumed()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync();
        var done = Guid.NewGuid();
        var cancelled = Guid.NewGuid();
        await _driver.HoldAsync(referral.Id, clientId, done);
        await _driver.HoldAsync(referral.Id, clientId, cancelled);
        await _driver.Visits.ConsumeVisitAsync(ReferralsDriver.Ref(referral.Id, done));
        await _driver.Visits.ReleaseHoldAsync(ReferralsDriver.Ref(referral.Id, cancelled));

        var release = await _driver.Visits.ReleaseHoldAsync(ReferralsDriver.Ref(referral.Id, done)).ShouldFailAsync(StatusCode.FailedPrecondition);
        var confirm = await _driver.Visits.ConfirmHoldAsync(ReferralsDriver.Ref(referral.Id, cancelled)).ShouldFailAsync(StatusCode.FailedPrecondition);
        var consume = await _driver.Visits.ConsumeVisitAsync(ReferralsDriver.Ref(referral.Id, cancelled)).ShouldFailAsync(StatusCode.FailedPrecondition);

        Assert.Equal("visit_consumed", release.GetCode());
        Assert.Equal("hold_released", confirm.GetCode());
        Assert.Equal("hold_released", consume.GetCode());
        // A released appointment may be held again (the booking is retried).
        Assert.Equal("held", (await _driver.HoldAsync(referral.Id, clientId, cancelled)).State);
        var visits = (await _driver.GetAsync(referral.Id)).Visits;
        Assert.Equal((1, 1), (visits.Used, visits.Held));
    }

    [Fact]
    public async Task Unknown_referrals_and_holds_are_NOT_FOUND()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync();

        await _driver.Visits.HoldVisitAsync(Request(Guid.NewGuid(), clientId, Guid.NewGuid(), Day(2))).ShouldFailAsync(StatusCode.NotFound);
        await _driver.Visits.ConfirmHoldAsync(ReferralsDriver.Ref(referral.Id, Guid.NewGuid())).ShouldFailAsync(StatusCode.NotFound);
        await _driver.Visits.ConsumeVisitAsync(ReferralsDriver.Ref(referral.Id, Guid.NewGuid())).ShouldFailAsync(StatusCode.NotFound);
        await _driver.Visits.GetAuthorizationAsync(new GetAuthorizationRequest { ReferralId = Guid.NewGuid().ToString() }).ShouldFailAsync(StatusCode.NotFound);
    }

    [Theory]
    [InlineData("not-a-uuid", "00000000-0000-0000-0000-000000000001", "2026-12-01", "referralId")]
    [InlineData("", "00000000-0000-0000-0000-000000000001", "2026-12-01", "referralId")]
    [InlineData("00000000-0000-0000-0000-000000000001", "x", "2026-12-01", "clientId")]
    [InlineData("00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000001", "2026-02-30", "visitDate")]
    [InlineData("00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000001", "12/01/2026", "visitDate")]
    public async Task Malformed_arguments_are_INVALID_ARGUMENT_naming_the_field(string referralId, string clientId, string visitDate, string field)
    {
        var refused = await _driver.Visits.HoldVisitAsync(new HoldVisitRequest
        {
            ReferralId = referralId, ClientId = clientId, AppointmentId = Guid.NewGuid().ToString(), VisitDate = visitDate,
        }).ShouldFailAsync(StatusCode.InvalidArgument);

        Assert.Contains(field, refused.Status.Detail);
    }

    [Fact]
    public async Task A_series_naming_an_appointment_twice_is_INVALID_ARGUMENT()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync();
        var appointment = Guid.NewGuid().ToString();
        var series = new HoldVisitsRequest { ReferralId = referral.Id.ToString(), ClientId = clientId.ToString() };
        series.Visits.Add(new VisitSlot { AppointmentId = appointment, VisitDate = IsoDate.Of(Day(2)) });
        series.Visits.Add(new VisitSlot { AppointmentId = appointment, VisitDate = IsoDate.Of(Day(9)) });

        var refused = await _driver.Visits.HoldVisitsAsync(series).ShouldFailAsync(StatusCode.InvalidArgument);

        Assert.Contains("visits", refused.GetErrors().Keys);
        Assert.Equal(0, await HoldRows(referral.Id));
    }

    [Fact]
    public async Task GetAuthorization_tells_Scheduling_what_the_prescription_allows_and_warns()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync(authorizedVisits: 3, frequencyPerWeek: 1, durationWeeks: 3, expiresOn: Day(20));
        await _driver.HoldAsync(referral.Id, clientId);

        var authorization = await _driver.Visits.GetAuthorizationAsync(new GetAuthorizationRequest { ReferralId = referral.Id.ToString() });
        var onLastWeek = await _driver.Visits.GetAuthorizationAsync(new GetAuthorizationRequest { ReferralId = referral.Id.ToString(), On = IsoDate.Of(Day(15)) });

        Assert.Equal(("active", clientId.ToString(), 1, 3, 60), (authorization.Status, authorization.ClientId, authorization.FrequencyPerWeek, authorization.DurationWeeks, authorization.SessionMinutes));
        Assert.Equal((3, 0, 1, 2), (authorization.Visits.Authorized, authorization.Visits.Used, authorization.Visits.Held, authorization.Visits.Remaining));
        Assert.Equal(["97124", "97140"], authorization.CptCodes);
        Assert.Equal(["visits_low"], authorization.Warnings);
        Assert.Equal(["visits_low", "expiring_soon"], onLastWeek.Warnings);
        Assert.Equal(IsoDate.Of(Day(20)), authorization.ExpiresOn);
    }
}
