using Referrals.Api.Domain;

namespace Referrals.Tests.Domain;

/// <summary>Status and warnings of a referral on a given (location-local) day, from its stored status, dates and counts.</summary>
public sealed class ReferralStateTests
{
    private static readonly DateOnly Start = new(2026, 3, 1);
    private static readonly DateOnly Expires = new(2026, 4, 30);

    private static ReferralStatus On(ReferralStatus stored, DateOnly day, int used = 0, int held = 0, int authorized = 12) =>
        ReferralState.StatusOn(stored, Start, Expires, new VisitAccount(authorized, used, held), day);

    [Theory]
    [InlineData(ReferralStatus.Submitted)]
    [InlineData(ReferralStatus.Rejected)]
    [InlineData(ReferralStatus.Completed)]
    public void A_status_a_person_decided_is_shown_whatever_the_dates_and_counts(ReferralStatus stored)
    {
        Assert.Equal(stored, On(stored, Expires.AddDays(10), used: 12));
        Assert.Equal(stored, On(stored, Start.AddDays(-1)));
    }

    [Fact]
    public void An_active_referral_is_accepted_before_its_start_date_and_active_from_it() =>
        Assert.Equal((ReferralStatus.Accepted, ReferralStatus.Active), (On(ReferralStatus.Active, Start.AddDays(-1)), On(ReferralStatus.Active, Start)));

    [Fact]
    public void It_is_active_on_its_expiry_date_and_expired_the_day_after() =>
        Assert.Equal((ReferralStatus.Active, ReferralStatus.Expired), (On(ReferralStatus.Active, Expires), On(ReferralStatus.Active, Expires.AddDays(1))));

    [Theory]
    [InlineData(12, 0)]
    [InlineData(0, 12)]
    [InlineData(7, 5)]
    public void It_is_exhausted_while_used_and_held_take_every_visit(int used, int held) =>
        Assert.Equal(ReferralStatus.Exhausted, On(ReferralStatus.Active, Start.AddDays(3), used, held));

    [Fact]
    public void Expired_wins_over_exhausted() => Assert.Equal(ReferralStatus.Expired, On(ReferralStatus.Active, Expires.AddDays(1), used: 12));

    [Fact]
    public void One_visit_left_is_still_active() => Assert.Equal(ReferralStatus.Active, On(ReferralStatus.Active, Start, used: 10, held: 1));

    private static IReadOnlyList<string> Warnings(ReferralStatus status, DateOnly day, int remaining) =>
        ReferralState.Warnings(status, Expires, new VisitAccount(12, 12 - remaining, 0), day);

    [Theory]
    [InlineData(3, new string[0])]
    [InlineData(2, new[] { ReferralState.VisitsLow })]
    [InlineData(1, new[] { ReferralState.VisitsLow })]
    [InlineData(0, new[] { ReferralState.VisitsLow })]
    public void Staff_are_warned_at_two_visits_left_or_fewer(int remaining, string[] expected) =>
        Assert.Equal(expected, Warnings(ReferralStatus.Active, Start, remaining));

    [Theory]
    [InlineData(8, new string[0])]
    [InlineData(7, new[] { ReferralState.ExpiringSoon })]
    [InlineData(1, new[] { ReferralState.ExpiringSoon })]
    [InlineData(0, new[] { ReferralState.ExpiringSoon })]
    public void Staff_are_warned_seven_days_before_expiry(int daysLeft, string[] expected) =>
        Assert.Equal(expected, Warnings(ReferralStatus.Active, Expires.AddDays(-daysLeft), remaining: 5));

    [Fact]
    public void Both_warnings_at_once() =>
        Assert.Equal([ReferralState.VisitsLow, ReferralState.ExpiringSoon], Warnings(ReferralStatus.Active, Expires.AddDays(-2), remaining: 1));

    [Theory]
    [InlineData(ReferralStatus.Submitted)]
    [InlineData(ReferralStatus.Rejected)]
    [InlineData(ReferralStatus.Completed)]
    [InlineData(ReferralStatus.Expired)]
    public void A_referral_that_cannot_be_booked_warns_of_nothing(ReferralStatus status) =>
        Assert.Empty(Warnings(status, Expires.AddDays(-1), remaining: 0));

    [Theory]
    [InlineData(ReferralStatus.Accepted)]
    [InlineData(ReferralStatus.Exhausted)]
    public void Accepted_and_exhausted_referrals_are_still_warned(ReferralStatus status) =>
        Assert.Equal([ReferralState.VisitsLow, ReferralState.ExpiringSoon], Warnings(status, Expires.AddDays(-1), remaining: 0));
}
