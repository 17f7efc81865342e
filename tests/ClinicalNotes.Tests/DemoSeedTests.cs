using System.Net;
using ClinicalNotes.Api.Domain;
using Platform.DemoChain;

namespace ClinicalNotes.Tests;

/// <summary>The service started with <c>Demo:Seed=demo</c> (seeding date: today) on a fresh database.</summary>
public sealed class SeededNotesFactory : SeededServiceFactory<Program>
{
    /// <summary>The tests read as a manager of every demo location (chain verification and outcomes are theirs).</summary>
    public SeededNotesFactory() : base("notesdb") =>
        WithDefaultUser("demo-manager", [Platform.ServiceDefaults.Security.Roles.Manager], Chain.Locations.Select(l => l.Id));
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
public sealed class DemoSeedTests(SeededNotesFactory service) : IClassFixture<SeededNotesFactory>
{
    private readonly HttpClient _http = service.CreateApiClient();
    private DemoChain Chain => service.Chain;

    private async Task<(long Notes, long Signed, long Chains, long Linked, long Events)> CountsAsync() => (
        await service.ScalarAsync<long>("SELECT count(*) FROM notes"),
        await service.ScalarAsync<long>("SELECT count(*) FROM notes WHERE signed_at IS NOT NULL AND hash IS NOT NULL"),
        await service.ScalarAsync<long>("SELECT count(*) FROM note_chains"),
        await service.ScalarAsync<long>("SELECT coalesce(sum(length), 0) FROM note_chains"),
        await service.ScalarAsync<long>("SELECT count(*) FROM outbox_events"));

    [Fact]
    public async Task Every_completed_visit_has_its_signed_note_linked_into_its_clients_chain()
    {
        var counts = await CountsAsync();

        Assert.Equal(Chain.Notes.Count, counts.Notes);
        Assert.Equal(counts.Notes, counts.Signed);
        Assert.Equal(Chain.Notes.Select(n => n.ClientId).Distinct().Count(), counts.Chains);
        Assert.Equal(counts.Notes, counts.Linked);
        Assert.Equal(counts.Notes, counts.Events); // each signing records its NoteSigned for Referrals' progress reports
        Assert.Equal(0, await service.ScalarAsync<long>("SELECT count(*) FROM notes WHERE author_id <> signed_by"));
    }

    [Fact]
    public async Task The_hash_chain_of_seeded_clients_verifies()
    {
        var clients = Chain.Notes.GroupBy(n => n.ClientId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Take(25);

        foreach (var client in clients)
        {
            var verification = await (await _http.GetAsync($"/api/notes/chain-verification?clientId={client.Key}"))
                .ShouldBeAsync<ChainVerification>(HttpStatusCode.OK);
            Assert.True(verification.Intact, verification.FirstBrokenLink?.Detail);
            Assert.Equal(client.Count(), verification.NotesChecked);
        }
    }

    [Fact]
    public async Task A_referrals_outcomes_show_pain_falling_over_the_course()
    {
        var course = Chain.Notes.Where(n => n.ReferralId is not null).GroupBy(n => (n.ClientId, n.ReferralId))
            .Where(g => g.Count() >= 4 && g.Any(n => n.OutcomeMeasures.Count > 0)).OrderBy(g => g.Key.ReferralId).First();

        var report = await (await _http.GetAsync($"/api/clients/{course.Key.ClientId}/outcomes?referralId={course.Key.ReferralId}"))
            .ShouldBeAsync<OutcomeReport>(HttpStatusCode.OK);

        Assert.Equal(course.Count(), report.NotesSigned);
        Assert.True(report.Pain.Progress!.Latest < report.Pain.Progress.First, $"pain {report.Pain.Progress.First} -> {report.Pain.Progress.Latest}");
        Assert.True(report.Pain.AverageSessionRelief >= 1);
        Assert.NotEmpty(report.Measures);
    }

    [Fact]
    public async Task Starting_again_on_the_seeded_database_adds_nothing()
    {
        var before = await CountsAsync();

        await service.StartAgainAsync();

        Assert.Equal(before, await CountsAsync());
    }
}
