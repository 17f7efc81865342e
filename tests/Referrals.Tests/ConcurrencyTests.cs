using Grpc.Core;
using Npgsql;
using Platform.ServiceDefaults.Grpc;
using Referrals.Api.Domain;
using Referrals.Grpc;
using VisitSlot = Referrals.Grpc.VisitSlot;

namespace Referrals.Tests;

/// <summary>Under any concurrency, used + held never exceeds authorized.</summary>
public sealed class ConcurrencyTests(ReferralsWorld world) : IClassFixture<ReferralsWorld>, IDisposable
{
    private readonly ReferralsDriver _driver = new(world);

    public void Dispose() => _driver.Clock.Reset();

    /// <summary>Outcome of a call: "ok" or the refusal's problem code.</summary>
    private static async Task<string> Outcome<T>(Func<AsyncUnaryCall<T>> call)
    {
        try
        {
            await call();
            return "ok";
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            return ex.GetCode()!;
        }
    }

    /// <summary>The counters agree with the holds, and stay within the authorization.</summary>
    private async Task AssertCountsMatchHolds(Guid referralId, int expectedTaken)
    {
        var counted = await _driver.CountAsync("SELECT visits_used + visits_held FROM referrals WHERE id = $1", referralId);
        var rows = await _driver.CountAsync("SELECT count(*) FROM visit_holds WHERE referral_id = $1 AND state IN ('held', 'confirmed', 'consumed')", referralId);
        Assert.Equal(expectedTaken, counted);
        Assert.Equal(expectedTaken, rows);
    }

    [Fact]
    public async Task Fifty_parallel_holds_on_twelve_visits_hold_exactly_twelve()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync(authorizedVisits: 12);
        var visits = new VisitAuthorizations.VisitAuthorizationsClient(world.Referrals.CreateGrpcChannel());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => Outcome(() => visits.HoldVisitAsync(new HoldVisitRequest
        {
            ReferralId = referral.Id.ToString(),
            ClientId = clientId.ToString(),
            AppointmentId = Guid.NewGuid().ToString(),
            VisitDate = IsoDate.Of(ReferralsDriver.Today.AddDays(1 + i % 40)),
        })))));

        Assert.Equal(12, outcomes.Count(o => o == "ok"));
        Assert.Equal(38, outcomes.Count(o => o == "referral_exhausted"));
        await AssertCountsMatchHolds(referral.Id, 12);
        Assert.Equal(ReferralStatus.Exhausted, (await _driver.GetAsync(referral.Id)).Status);
    }

    [Fact]
    public async Task Parallel_series_are_held_whole_or_not_at_all()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync(authorizedVisits: 12);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() =>
        {
            var series = new HoldVisitsRequest { ReferralId = referral.Id.ToString(), ClientId = clientId.ToString() };
            series.Visits.AddRange(Enumerable.Range(1, 4).Select(w => new VisitSlot
            {
                AppointmentId = Guid.NewGuid().ToString(), VisitDate = IsoDate.Of(ReferralsDriver.Today.AddDays(7 * w)),
            }));
            return Outcome(() => _driver.Visits.HoldVisitsAsync(series));
        })));

        Assert.Equal(3, outcomes.Count(o => o == "ok"));
        Assert.Equal(7, outcomes.Count(o => o == "referral_exhausted"));
        await AssertCountsMatchHolds(referral.Id, 12);
    }

    [Fact]
    public async Task Holds_racing_the_expiry_of_others_never_exceed_the_authorization()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync(authorizedVisits: 12);
        var lapsing = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToList();
        foreach (var appointment in lapsing) await _driver.HoldAsync(referral.Id, clientId, appointment);
        _driver.Clock.Advance(TimeSpan.FromMinutes(11));

        // Thirty new bookings race the twelve late confirmations of the lapsed holds for the twelve visits.
        var newHolds = Enumerable.Range(0, 30).Select(_ => Task.Run(() => Outcome(() => _driver.Visits.HoldVisitAsync(new HoldVisitRequest
        {
            ReferralId = referral.Id.ToString(), ClientId = clientId.ToString(),
            AppointmentId = Guid.NewGuid().ToString(), VisitDate = IsoDate.Of(ReferralsDriver.Today.AddDays(5)),
        }))));
        var lateConfirms = lapsing.Select(a => Task.Run(() => Outcome(() => _driver.Visits.ConfirmHoldAsync(ReferralsDriver.Ref(referral.Id, a)))));
        var outcomes = await Task.WhenAll(newHolds.Concat(lateConfirms));

        Assert.Equal(12, outcomes.Count(o => o == "ok"));
        Assert.Equal(30, outcomes.Count(o => o == "referral_exhausted"));
        await AssertCountsMatchHolds(referral.Id, 12);
    }

    [Fact]
    public async Task Holds_releases_and_consumptions_in_any_order_keep_the_counts_exact()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync(authorizedVisits: 10, frequencyPerWeek: 2, durationWeeks: 5);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var appointment = Guid.NewGuid();
            var held = await Outcome(() => _driver.Visits.HoldVisitAsync(new HoldVisitRequest
            {
                ReferralId = referral.Id.ToString(), ClientId = clientId.ToString(),
                AppointmentId = appointment.ToString(), VisitDate = IsoDate.Of(ReferralsDriver.Today.AddDays(2)),
            }));
            if (held != "ok") return held;
            return (i % 3) switch
            {
                0 => await Outcome(() => _driver.Visits.ReleaseHoldAsync(ReferralsDriver.Ref(referral.Id, appointment))),
                1 => await Outcome(() => _driver.Visits.ConsumeVisitAsync(ReferralsDriver.Ref(referral.Id, appointment))),
                _ => await Outcome(() => _driver.Visits.ConfirmHoldAsync(ReferralsDriver.Ref(referral.Id, appointment))),
            };
        })));

        var taken = (int)await _driver.CountAsync(
            "SELECT count(*) FROM visit_holds WHERE referral_id = $1 AND state IN ('held', 'confirmed', 'consumed')", referral.Id);
        Assert.InRange(taken, 1, 10);
        await AssertCountsMatchHolds(referral.Id, taken);
        Assert.All(outcomes, o => Assert.Contains(o, new[] { "ok", "referral_exhausted" }));
    }

    [Fact]
    public async Task The_database_refuses_a_visit_beyond_the_authorization_whatever_writes_it()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync(authorizedVisits: 1, frequencyPerWeek: 1, durationWeeks: 1);
        await _driver.HoldAsync(referral.Id, clientId);

        var overbook = await Assert.ThrowsAsync<PostgresException>(() => world.Referrals.ExecuteAsync(
            "INSERT INTO visit_holds (referral_id, appointment_id, visit_date, state, held_at, expires_at, updated_at) " +
            "VALUES ($1, $2, current_date, 'confirmed', now(), NULL, now())", referral.Id, Guid.NewGuid()));
        Assert.Equal("ck_referrals_visits_within_authorized", overbook.ConstraintName);

        var tamper = await Assert.ThrowsAsync<PostgresException>(() => world.Referrals.ExecuteAsync(
            "UPDATE referrals SET visits_held = 0 WHERE id = $1", referral.Id));
        Assert.Equal("RF001", tamper.SqlState);

        await AssertCountsMatchHolds(referral.Id, 1);
    }
}
