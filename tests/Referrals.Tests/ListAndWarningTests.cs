using System.Net;
using Platform.ServiceDefaults.Http;
using Referrals.Api.Domain;
using Referrals.Api.Features.Referrals;

namespace Referrals.Tests;

public sealed class ListAndWarningTests(ReferralsWorld world) : IClassFixture<ReferralsWorld>
{
    private readonly ReferralsDriver _driver = new(world);

    private async Task<Page<ReferralView>> ListAsync(string query)
    {
        using var response = await _driver.Api.GetAsync("/api/referrals?" + query);
        return await response.ShouldBeAsync<Page<ReferralView>>(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Staff_are_warned_at_two_visits_left()
    {
        var (referral, clientId) = await _driver.ActiveReferralAsync(authorizedVisits: 4, frequencyPerWeek: 1, durationWeeks: 4);
        await _driver.HoldAsync(referral.Id, clientId);
        Assert.Empty((await _driver.GetAsync(referral.Id)).Warnings);

        await _driver.HoldAsync(referral.Id, clientId);

        var low = await _driver.GetAsync(referral.Id);
        Assert.Equal(2, low.Visits.Remaining);
        Assert.Equal([ReferralState.VisitsLow], low.Warnings);
    }

    [Fact]
    public async Task Staff_are_warned_within_seven_days_of_expiry_on_the_locations_date()
    {
        var expires = ReferralsDriver.Today.AddDays(30);
        var (referral, _) = await _driver.ActiveReferralAsync(expiresOn: expires);

        Assert.Empty((await _driver.GetAsync(referral.Id, $"?on={IsoDate.Of(expires.AddDays(-8))}")).Warnings);
        Assert.Equal([ReferralState.ExpiringSoon], (await _driver.GetAsync(referral.Id, $"?on={IsoDate.Of(expires.AddDays(-7))}")).Warnings);
        Assert.Equal([ReferralState.ExpiringSoon], (await _driver.GetAsync(referral.Id, $"?on={IsoDate.Of(expires)}")).Warnings);
        var expired = await _driver.GetAsync(referral.Id, $"?on={IsoDate.Of(expires.AddDays(1))}");
        Assert.Equal(ReferralStatus.Expired, expired.Status);
        Assert.Empty(expired.Warnings);
    }

    [Fact]
    public async Task Referrals_are_listed_newest_first_by_physician_client_and_status_a_page_at_a_time()
    {
        var physician = await _driver.RegisterPhysicianAsync();
        var clientId = await _driver.RegisterClientAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add((await _driver.SubmitReferralAsync(ReferralsDriver.ReferralBody(physician.Id, clientId))).Id);
        await _driver.AcceptAsync(ids[0], clientId);
        var other = await _driver.SubmitReferralAsync(ReferralsDriver.ReferralBody((await _driver.RegisterPhysicianAsync()).Id));

        var first = await ListAsync($"physicianId={physician.Id}&limit=2");
        Assert.Equal([ids[2], ids[1]], first.Items.Select(r => r.Id));
        Assert.NotNull(first.NextCursor);
        var second = await ListAsync($"physicianId={physician.Id}&limit=2&cursor={first.NextCursor}");
        Assert.Equal([ids[0]], second.Items.Select(r => r.Id));
        Assert.Null(second.NextCursor);

        Assert.Equal([ids[0]], (await ListAsync($"clientId={clientId}&status=active")).Items.Select(r => r.Id));
        Assert.Equal([ids[2], ids[1]], (await ListAsync($"physicianId={physician.Id}&status=submitted")).Items.Select(r => r.Id));
        Assert.DoesNotContain(other.Id, (await ListAsync($"clientId={clientId}")).Items.Select(r => r.Id));
    }

    [Fact]
    public async Task The_status_filter_sees_exhausted_and_expired_as_the_referral_shows_them()
    {
        var (exhausted, clientId) = await _driver.ActiveReferralAsync(authorizedVisits: 1, frequencyPerWeek: 1, durationWeeks: 1);
        await _driver.HoldAsync(exhausted.Id, clientId);
        var (lapsed, _) = await _driver.ActiveReferralAsync(startDate: ReferralsDriver.Today.AddDays(-40), expiresOn: ReferralsDriver.Today.AddDays(-2));

        Assert.Contains(exhausted.Id, (await ListAsync("status=exhausted&limit=200")).Items.Select(r => r.Id));
        Assert.DoesNotContain(exhausted.Id, (await ListAsync("status=active&limit=200")).Items.Select(r => r.Id));
        var expired = (await ListAsync("status=expired&limit=200")).Items;
        Assert.Equal(ReferralStatus.Expired, Assert.Single(expired, r => r.Id == lapsed.Id).Status);
    }
}
