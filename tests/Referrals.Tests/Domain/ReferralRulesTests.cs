using Platform.ServiceDefaults.Problems;
using Referrals.Api.Domain;

namespace Referrals.Tests.Domain;

/// <summary>The rules of counted visits, case by case: what a hold, a confirmation, a consumption and a release may do.</summary>
public sealed class ReferralRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 15, 0, 0, TimeSpan.Zero);
    private static readonly Guid Client = Guid.CreateVersion7();
    private static readonly DateOnly Start = new(2026, 3, 1);
    private static readonly DateOnly Expires = new(2026, 4, 30);
    private static readonly HoldTerms Active = new(ReferralStatus.Active, Client, Start, Expires);
    private static readonly IReadOnlyDictionary<Guid, VisitHold> NoHolds = new Dictionary<Guid, VisitHold>();

    private static VisitSlot Slot(DateOnly date, Guid? appointment = null) => new(appointment ?? Guid.CreateVersion7(), date);

    private static IReadOnlyList<PlannedHold> Plan(VisitAccount account, params VisitSlot[] slots) =>
        ReferralRules.PlanHolds(Active, account, Client, slots, NoHolds, Now);

    private static VisitHold Hold(HoldState state, DateOnly? date = null, DateTimeOffset? expiresAt = null, Guid? appointment = null) =>
        new(appointment ?? Guid.CreateVersion7(), state, date ?? Start.AddDays(10), state == HoldState.Held ? expiresAt ?? Now.AddMinutes(5) : expiresAt);

    [Fact]
    public void A_visit_is_held_while_one_is_free()
    {
        var slot = Slot(Start.AddDays(3));
        Assert.Equal([new PlannedHold(slot, HoldAction.Hold)], Plan(new VisitAccount(12, 5, 6), slot));
    }

    [Fact]
    public void No_visit_is_held_when_used_and_held_take_every_one()
    {
        var refused = Assert.Throws<BusinessRuleException>(() => Plan(new VisitAccount(12, 5, 7), Slot(Start.AddDays(3))));
        Assert.Equal((ReferralRules.Exhausted, "2026-03-04: referral_exhausted"), (refused.Code, Assert.Single(refused.Reasons)));
    }

    [Theory]
    [InlineData(ReferralStatus.Submitted)]
    [InlineData(ReferralStatus.Rejected)]
    [InlineData(ReferralStatus.Completed)]
    public void Only_an_accepted_referral_holds_visits(ReferralStatus status)
    {
        var refused = Assert.Throws<BusinessRuleException>(() => ReferralRules.PlanHolds(Active with { Status = status }, new VisitAccount(12, 0, 0),
            Client, [Slot(Start.AddDays(3))], NoHolds, Now));
        Assert.Equal((ReferralRules.NotActive, $"status:{status.Code()}"), (refused.Code, Assert.Single(refused.Reasons)));
    }

    [Fact]
    public void Another_clients_appointment_is_refused() =>
        Assert.Equal(ReferralRules.ClientMismatch, Assert.Throws<BusinessRuleException>(() =>
            ReferralRules.PlanHolds(Active, new VisitAccount(12, 0, 0), Guid.CreateVersion7(), [Slot(Start)], NoHolds, Now)).Code);

    [Fact]
    public void The_visit_date_must_lie_from_the_start_date_to_the_expiry_date_both_included()
    {
        var account = new VisitAccount(12, 0, 0);
        Assert.Equal(HoldAction.Hold, Plan(account, Slot(Start)).Single().Action);
        Assert.Equal(HoldAction.Hold, Plan(account, Slot(Expires)).Single().Action);
        Assert.Equal(ReferralRules.NotStarted, Assert.Throws<BusinessRuleException>(() => Plan(account, Slot(Start.AddDays(-1)))).Code);
        var expired = Assert.Throws<BusinessRuleException>(() => Plan(account, Slot(Expires.AddDays(1))));
        Assert.Equal(ReferralRules.Expired, expired.Code);
        Assert.Contains("expires on 2026-04-30", expired.Message);
    }

    [Fact]
    public void A_series_takes_the_remaining_visits_earliest_date_first_or_nothing_naming_every_failing_date()
    {
        var (d1, d2, d3) = (Start.AddDays(7), Start.AddDays(14), Start.AddDays(21));

        var refused = Assert.Throws<BusinessRuleException>(() =>
            Plan(new VisitAccount(12, 10, 0), Slot(d3), Slot(Expires.AddDays(2)), Slot(d1), Slot(d2)));

        // d1 and d2 take the last two visits; d3 finds none; the date after expiry is expired. The first failure names the code.
        Assert.Equal(ReferralRules.Exhausted, refused.Code);
        Assert.Equal(["2026-03-22: referral_exhausted", "2026-05-02: referral_expired"], refused.Reasons);
        Assert.StartsWith("Nothing was held.", refused.Message);
    }

    [Fact]
    public void Asking_again_for_the_same_appointment_and_date_keeps_its_hold_even_with_no_visit_left()
    {
        var existing = Hold(HoldState.Held);
        var plan = ReferralRules.PlanHolds(Active, new VisitAccount(12, 11, 1), Client, [new VisitSlot(existing.AppointmentId, existing.VisitDate)],
            new Dictionary<Guid, VisitHold> { [existing.AppointmentId] = existing }, Now);
        Assert.Equal(HoldAction.Keep, plan.Single().Action);
    }

    [Fact]
    public void A_rescheduled_appointment_moves_its_hold_without_taking_another_visit()
    {
        var existing = Hold(HoldState.Confirmed);
        var plan = ReferralRules.PlanHolds(Active, new VisitAccount(12, 11, 1), Client, [new VisitSlot(existing.AppointmentId, existing.VisitDate.AddDays(2))],
            new Dictionary<Guid, VisitHold> { [existing.AppointmentId] = existing }, Now);
        Assert.Equal(HoldAction.Move, plan.Single().Action);
    }

    [Fact]
    public void A_hold_cannot_move_past_the_expiry_date()
    {
        var existing = Hold(HoldState.Confirmed);
        var refused = Assert.Throws<BusinessRuleException>(() => ReferralRules.PlanHolds(Active, new VisitAccount(12, 0, 1), Client,
            [new VisitSlot(existing.AppointmentId, Expires.AddDays(1))], new Dictionary<Guid, VisitHold> { [existing.AppointmentId] = existing }, Now));
        Assert.Equal(ReferralRules.Expired, refused.Code);
    }

    [Fact]
    public void A_lapsed_hold_asked_again_takes_a_new_visit_if_one_is_free()
    {
        var lapsed = Hold(HoldState.Held, expiresAt: Now);
        var holds = new Dictionary<Guid, VisitHold> { [lapsed.AppointmentId] = lapsed };
        var slot = new VisitSlot(lapsed.AppointmentId, lapsed.VisitDate);

        Assert.Equal(HoldAction.Hold, ReferralRules.PlanHolds(Active, new VisitAccount(12, 0, 0), Client, [slot], holds, Now).Single().Action);
        Assert.Equal(ReferralRules.Exhausted,
            Assert.Throws<BusinessRuleException>(() => ReferralRules.PlanHolds(Active, new VisitAccount(12, 12, 0), Client, [slot], holds, Now)).Code);
    }

    [Fact]
    public void A_hold_counts_until_the_instant_it_lapses_and_a_confirmed_one_always()
    {
        var held = Hold(HoldState.Held, expiresAt: Now.AddTicks(10));
        Assert.True(held.Counts(Now));
        Assert.False(held.Counts(Now.AddTicks(10)));
        Assert.True(Hold(HoldState.Confirmed).Counts(Now.AddYears(1)));
        Assert.True(Hold(HoldState.Consumed).Counts(Now.AddYears(1)));
        Assert.False(Hold(HoldState.Released).Counts(Now));
        Assert.False(Hold(HoldState.Expired, expiresAt: Now.AddDays(-1)).Counts(Now));
    }

    [Fact]
    public void Confirming_moves_a_live_hold_to_confirmed_and_is_idempotent()
    {
        var full = new VisitAccount(12, 11, 1);
        Assert.Equal(HoldState.Confirmed, ReferralRules.Confirm(Hold(HoldState.Held), Active, full, Now));
        Assert.Null(ReferralRules.Confirm(Hold(HoldState.Confirmed), Active, full, Now));
        Assert.Null(ReferralRules.Confirm(Hold(HoldState.Consumed), Active, full, Now));
    }

    [Fact]
    public void Confirming_a_lapsed_hold_takes_the_visit_again_only_if_the_rules_of_a_new_hold_allow_it()
    {
        var lapsed = Hold(HoldState.Expired, expiresAt: Now.AddMinutes(-1));
        Assert.Equal(HoldState.Confirmed, ReferralRules.Confirm(lapsed, Active, new VisitAccount(12, 0, 11), Now));
        Assert.Equal(ReferralRules.Exhausted, Assert.Throws<BusinessRuleException>(() => ReferralRules.Confirm(lapsed, Active, new VisitAccount(12, 0, 12), Now)).Code);
        Assert.Equal(ReferralRules.NotActive, Assert.Throws<BusinessRuleException>(() =>
            ReferralRules.Confirm(lapsed, Active with { Status = ReferralStatus.Completed }, new VisitAccount(12, 0, 0), Now)).Code);
        Assert.Equal(ReferralRules.Expired, Assert.Throws<BusinessRuleException>(() =>
            ReferralRules.Confirm(lapsed with { VisitDate = Expires.AddDays(1) }, Active, new VisitAccount(12, 0, 0), Now)).Code);
    }

    [Fact]
    public void A_released_hold_is_neither_confirmed_nor_consumed()
    {
        var released = Hold(HoldState.Released);
        Assert.Equal(ReferralRules.HoldReleased, Assert.Throws<BusinessRuleException>(() => ReferralRules.Confirm(released, Active, new VisitAccount(12, 0, 0), Now)).Code);
        Assert.Equal(ReferralRules.HoldReleased, Assert.Throws<BusinessRuleException>(() => ReferralRules.Consume(released, Active, new VisitAccount(12, 0, 0), Now)).Code);
    }

    [Fact]
    public void Consuming_uses_the_held_visit_and_is_idempotent()
    {
        Assert.Equal(HoldState.Consumed, ReferralRules.Consume(Hold(HoldState.Confirmed), Active, new VisitAccount(12, 11, 1), Now));
        Assert.Equal(HoldState.Consumed, ReferralRules.Consume(Hold(HoldState.Held), Active, new VisitAccount(12, 11, 1), Now));
        Assert.Null(ReferralRules.Consume(Hold(HoldState.Consumed), Active, new VisitAccount(12, 12, 0), Now));
    }

    [Fact]
    public void Consuming_a_lapsed_hold_needs_a_free_visit_but_not_the_dates_or_status_because_the_visit_took_place()
    {
        var lapsed = Hold(HoldState.Expired, date: Expires.AddDays(3), expiresAt: Now.AddDays(-1));
        var completed = Active with { Status = ReferralStatus.Completed };
        Assert.Equal(HoldState.Consumed, ReferralRules.Consume(lapsed, completed, new VisitAccount(12, 11, 0), Now));
        Assert.Equal(ReferralRules.Exhausted, Assert.Throws<BusinessRuleException>(() => ReferralRules.Consume(lapsed, completed, new VisitAccount(12, 12, 0), Now)).Code);
    }

    [Fact]
    public void Releasing_frees_a_held_or_confirmed_visit_and_is_idempotent()
    {
        Assert.Equal(HoldState.Released, ReferralRules.Release(Hold(HoldState.Held)));
        Assert.Equal(HoldState.Released, ReferralRules.Release(Hold(HoldState.Confirmed)));
        Assert.Null(ReferralRules.Release(Hold(HoldState.Released)));
        Assert.Null(ReferralRules.Release(Hold(HoldState.Expired, expiresAt: Now)));
        Assert.Null(ReferralRules.Release(null));
    }

    [Fact]
    public void A_consumed_visit_is_not_given_back() =>
        Assert.Equal(ReferralRules.VisitConsumed, Assert.Throws<BusinessRuleException>(() => ReferralRules.Release(Hold(HoldState.Consumed))).Code);

    [Fact]
    public void Remaining_visits_never_go_below_zero() => Assert.Equal(0, new VisitAccount(3, 2, 2).Remaining);
}
