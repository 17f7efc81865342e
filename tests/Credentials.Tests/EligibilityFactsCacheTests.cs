using System.Net;
using Credentials.Api.Features.Eligibility;
using Credentials.Api.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.Tests;

/// <summary>
/// The eligibility facts cache against real PostgreSQL: checks are served from memory, and every way credentials can
/// change (this service's API, SQL run by anyone else, a truncated table) reaches it, so a cached answer is never a stale one.
/// </summary>
public sealed class EligibilityFactsCacheTests(CredentialsServiceFactory service) : IClassFixture<CredentialsServiceFactory>
{
    private static readonly DateOnly Today = CredentialsServiceFactory.Today;
    private readonly CredentialsClient _api = new(service.CreateApiClient());
    private EligibilityFactsCache Cache => service.GetService<EligibilityFactsCache>();

    private async Task<EligibilityAnswer> CheckAsync(Guid practitionerId, string jurisdiction = "US-FL", string technique = "swedish")
    {
        using var response = await _api.Http.GetAsync(
            $"/api/practitioners/{practitionerId}/eligibility?jurisdiction={jurisdiction}&on={Today:yyyy-MM-dd}&technique={technique}");
        return await response.ShouldBeAsync<EligibilityAnswer>(HttpStatusCode.OK);
    }

    private async Task ListeningAsync()
    {
        for (var waited = 0; !Cache.IsTrusted; waited += 50)
        {
            Assert.True(waited < 10_000, "The service never started listening for credential changes.");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Checks until the facts are in the cache: the notifications of the writes that made the practitioner arrive a
    /// moment later and may evict what the first check stored.
    /// </summary>
    private async Task<PractitionerFacts> CachedAsync(Guid practitionerId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            await CheckAsync(practitionerId);
            if (Cache.TryGet(practitionerId, out var facts)) return facts;
            Assert.True(DateTime.UtcNow < deadline, "A checked practitioner's facts were never cached.");
            await Task.Delay(20);
        }
    }

    /// <summary>Polls until the answer changes to what is expected: a change made elsewhere arrives by notification.</summary>
    private async Task<EligibilityAnswer> EventuallyAsync(Guid practitionerId, Func<EligibilityAnswer, bool> expected, string technique = "swedish")
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var answer = await CheckAsync(practitionerId, technique: technique);
            if (expected(answer) || DateTime.UtcNow > deadline) return answer;
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_checked_practitioner_is_answered_from_memory()
    {
        await ListeningAsync();
        var practitioner = await _api.RegisterAsync();
        await _api.AddVerifiedLicenseAsync(practitioner.Id);

        Assert.True((await CheckAsync(practitioner.Id)).Eligible);

        var facts = await CachedAsync(practitioner.Id);
        Assert.Single(facts.Licenses);
    }

    [Fact]
    public async Task A_change_through_the_api_is_seen_by_the_very_next_check()
    {
        await ListeningAsync();
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddVerifiedLicenseAsync(practitioner.Id);
        Assert.True((await CheckAsync(practitioner.Id, technique: "lymphatic-drainage")).Eligible is false);

        // No waiting between the writes and the checks: this replica evicts as its own change commits.
        await _api.AddCertificationAsync(practitioner.Id, "MLD", issuedOn: Today.AddYears(-1));
        Assert.True((await CheckAsync(practitioner.Id, technique: "lymphatic-drainage")).Eligible);

        for (var round = 0; round < 5; round++)
        {
            await CachedAsync(practitioner.Id);
            await _api.SetStatusAsync(license, "suspended");
            Assert.Equal(["license_suspended"], (await CheckAsync(practitioner.Id)).Reasons);

            await CachedAsync(practitioner.Id);
            await _api.SetStatusAsync(license, "active", "Cleared by the board");
            Assert.True((await CheckAsync(practitioner.Id)).Eligible);
        }
    }

    [Fact]
    public async Task A_change_made_in_the_database_by_anyone_else_reaches_the_cache()
    {
        await ListeningAsync();
        var practitioner = await _api.RegisterAsync();
        await _api.AddVerifiedLicenseAsync(practitioner.Id);
        Assert.True((await CheckAsync(practitioner.Id)).Eligible);
        await CachedAsync(practitioner.Id);

        // As another replica of this service (or an operator's SQL) would: nothing in this process knows of it.
        await service.ExecuteAsync("UPDATE licenses SET status = 'revoked' WHERE practitioner_id = $1", practitioner.Id);

        var answer = await EventuallyAsync(practitioner.Id, a => !a.Eligible);
        Assert.Equal(["license_revoked"], answer.Reasons);
    }

    [Fact]
    public async Task Truncating_a_table_forgets_every_practitioner()
    {
        await ListeningAsync();
        var practitioner = await _api.RegisterAsync();
        await _api.AddVerifiedLicenseAsync(practitioner.Id);
        await _api.AddCertificationAsync(practitioner.Id, "MLD", issuedOn: Today.AddYears(-1));
        Assert.True((await CheckAsync(practitioner.Id, technique: "lymphatic-drainage")).Eligible);
        await CachedAsync(practitioner.Id);

        await service.ExecuteAsync("TRUNCATE certifications");

        var answer = await EventuallyAsync(practitioner.Id, a => !a.Eligible, technique: "lymphatic-drainage");
        Assert.Equal(["certification_missing:MLD"], answer.Reasons);
    }
}

/// <summary>The cache's own rules, without a database: when it may store, serve and must forget.</summary>
public sealed class EligibilityFactsCacheRulesTests
{
    private readonly FakeTimeProvider _clock = new(CredentialsServiceFactory.Now);
    private readonly EligibilityFactsCache _cache;
    private static readonly Guid Practitioner = Guid.NewGuid();

    public EligibilityFactsCacheRulesTests()
    {
        _cache = new EligibilityFactsCache(_clock);
        _cache.Trust();
    }

    [Fact]
    public void Facts_stored_are_served()
    {
        _cache.Store(Practitioner, new PractitionerFacts(), _cache.Generation);
        Assert.True(_cache.TryGet(Practitioner, out _));
    }

    [Fact]
    public void Facts_read_before_an_eviction_are_not_stored()
    {
        var before = _cache.Generation;
        _cache.Evict(Guid.NewGuid()); // any practitioner: the read may have raced with it
        _cache.Store(Practitioner, new PractitionerFacts(), before);
        Assert.False(_cache.TryGet(Practitioner, out _));
    }

    [Fact]
    public void Nothing_is_stored_or_served_while_changes_are_not_listened_to()
    {
        _cache.Store(Practitioner, new PractitionerFacts(), _cache.Generation);
        _cache.Distrust();
        Assert.False(_cache.TryGet(Practitioner, out _));

        _cache.Store(Practitioner, new PractitionerFacts(), _cache.Generation);
        Assert.Equal(0, _cache.Count);

        // Listening again starts from nothing: what changed meanwhile was never heard.
        _cache.Trust();
        Assert.False(_cache.TryGet(Practitioner, out _));
    }

    [Fact]
    public void Eviction_forgets_one_practitioner_and_evict_all_everyone()
    {
        var other = Guid.NewGuid();
        _cache.Store(Practitioner, new PractitionerFacts(), _cache.Generation);
        _cache.Store(other, new PractitionerFacts(), _cache.Generation);

        _cache.Evict(Practitioner);
        Assert.False(_cache.TryGet(Practitioner, out _));
        Assert.True(_cache.TryGet(other, out _));

        _cache.EvictAll();
        Assert.False(_cache.TryGet(other, out _));
    }

    [Fact]
    public void Facts_older_than_the_maximum_age_are_read_again()
    {
        _cache.Store(Practitioner, new PractitionerFacts(), _cache.Generation);
        _clock.Advance(EligibilityFactsCache.MaxAge + TimeSpan.FromSeconds(1));
        Assert.False(_cache.TryGet(Practitioner, out _));
    }
}
