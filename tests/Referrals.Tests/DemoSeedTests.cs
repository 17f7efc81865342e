using System.Net;
using Platform.DemoChain;
using Referrals.Api.Domain;
using Referrals.Api.Features.Referrals;

namespace Referrals.Tests;

/// <summary>The service started with <c>Demo:Seed=demo</c> (seeding date: today) on a fresh database.</summary>
public sealed class SeededReferralsFactory : SeededServiceFactory<Program>
{
    public SeededReferralsFactory() : base("referralsdb")
    {
        WithDefaultUser("demo-admin", [Platform.ServiceDefaults.Security.Roles.Admin]);
    }
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
public sealed class DemoSeedTests(SeededReferralsFactory service) : IClassFixture<SeededReferralsFactory>
{
    private readonly HttpClient _http = service.CreateApiClient();
    private DemoChain Chain => service.Chain;

    private async Task<(long Physicians, long Referrals, long Holds, long Used, long Held)> CountsAsync() => (
        await service.ScalarAsync<long>("SELECT count(*) FROM physicians"),
        await service.ScalarAsync<long>("SELECT count(*) FROM referrals"),
        await service.ScalarAsync<long>("SELECT count(*) FROM visit_holds"),
        await service.ScalarAsync<long>("SELECT coalesce(sum(visits_used), 0) FROM referrals"),
        await service.ScalarAsync<long>("SELECT coalesce(sum(visits_held), 0) FROM referrals"));

    [Fact]
    public async Task Physicians_referrals_and_their_visit_holds_are_stored_and_counted_by_the_database()
    {
        var counts = await CountsAsync();

        Assert.Equal(40, counts.Physicians);
        Assert.Equal(300, counts.Referrals);
        Assert.Equal(Chain.Appointments.Count(a => a.ReferralId is not null), counts.Holds);
        Assert.Equal(Chain.Referrals.Sum(r => r.VisitsUsed), counts.Used);
        Assert.Equal(Chain.Referrals.Sum(r => r.VisitsHeld), counts.Held);
        Assert.Equal(0, await service.ScalarAsync<long>("SELECT count(*) FROM referrals WHERE visits_used + visits_held > authorized_visits"));
    }

    [Fact]
    public async Task The_demo_physician_has_a_referral_in_every_state_with_the_chains_visit_counts()
    {
        var day = Platform.DemoChain.Seeding.DemoSeeding.Format(Chain.Today);
        var mine = Chain.Referrals.Where(r => r.PhysicianId == DemoIdentities.PhysicianId).ToList();

        foreach (var status in DemoVocabulary.ReferralStatuses)
        {
            // (An active referral that starts later reads "accepted" until its start date.)
            var expected = mine.First(r => r.Status == status && (status != DemoVocabulary.Active || r.StartDate <= Chain.Today));
            var view = await (await _http.GetAsync($"/api/referrals/{expected.Id}?on={day}")).ShouldBeAsync<ReferralView>(HttpStatusCode.OK);

            Assert.Equal(status, view.Status.Code());
            Assert.Equal((expected.AuthorizedVisits, expected.VisitsUsed, expected.VisitsHeld), (view.Visits.Authorized, view.Visits.Used, view.Visits.Held));
            Assert.Equal(expected.ClientId, view.ClientId);
        }
    }

    [Fact]
    public async Task Starting_again_on_the_seeded_database_adds_nothing()
    {
        var before = await CountsAsync();

        await service.StartAgainAsync();

        Assert.Equal(before, await CountsAsync());
    }
}
