using System.Net;
using Credentials.Api.Features.Audit;
using Credentials.Api.Features.Eligibility;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.DemoChain;
using Platform.ServiceDefaults.Http;

namespace Credentials.Tests;

/// <summary>The service started with <c>Demo:Seed=demo</c> on a fresh database, on the fixed day of <see cref="CredentialsServiceFactory"/>.</summary>
public sealed class SeededCredentialsFactory : SeededServiceFactory<Program>
{
    public SeededCredentialsFactory() : base("credentialsdb", CredentialsServiceFactory.Today)
    {
        WithDefaultUser("demo-admin", [Platform.ServiceDefaults.Security.Roles.Admin]);
    }

    protected override void ConfigureService(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(CredentialsServiceFactory.Now)));
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
public sealed class DemoSeedTests(SeededCredentialsFactory service) : IClassFixture<SeededCredentialsFactory>
{
    private readonly HttpClient _http = service.CreateApiClient();
    private DemoChain Chain => service.Chain;

    private async Task<List<T>> AllPages<T>(string path)
    {
        var items = new List<T>();
        string? cursor = null;
        do
        {
            var page = await (await _http.GetAsync($"{path}{(path.Contains('?') ? '&' : '?')}limit=200{(cursor is null ? "" : $"&cursor={cursor}")}"))
                .ShouldBeAsync<Page<T>>(HttpStatusCode.OK);
            items.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return items;
    }

    private async Task<(long Practitioners, long Licenses, long Verifications, long Certifications, long Audit)> CountsAsync() => (
        await service.ScalarAsync<long>("SELECT count(*) FROM practitioners"),
        await service.ScalarAsync<long>("SELECT count(*) FROM licenses"),
        await service.ScalarAsync<long>("SELECT count(*) FROM license_verifications"),
        await service.ScalarAsync<long>("SELECT count(*) FROM certifications"),
        await service.ScalarAsync<long>("SELECT count(*) FROM audit_records"));

    [Fact]
    public async Task Every_therapist_licence_verification_and_certification_is_stored_and_audited()
    {
        var counts = await CountsAsync();

        Assert.Equal(60, counts.Practitioners);
        Assert.Equal(60, counts.Licenses);
        Assert.Equal(Chain.Therapists.Sum(t => t.License.Verifications.Count), counts.Verifications);
        Assert.Equal(Chain.Therapists.Sum(t => t.Certifications.Count), counts.Certifications);
        // One "created" record per stored row, plus the suspension's "updated".
        Assert.Equal(counts.Practitioners + counts.Licenses + counts.Verifications + counts.Certifications + 1, counts.Audit);
        Assert.Equal(0, await service.ScalarAsync<long>("SELECT count(*) FROM audit_records WHERE actor <> 'demo-seed'"));
        // The suspension is published for Scheduling's at-risk view, as any change of standing is.
        Assert.Equal(1, await service.ScalarAsync<long>("SELECT count(*) FROM outbox_events"));
    }

    [Fact]
    public async Task Hq_sees_the_licences_expiring_within_30_days_the_unverified_ones_and_the_one_suspension()
    {
        var expiring = await AllPages<LicenseAuditItem>("/api/credentials/audit/expiring?withinDays=30");
        var unverified = await AllPages<LicenseAuditItem>("/api/credentials/audit/unverified");
        var suspended = await AllPages<LicenseAuditItem>("/api/credentials/audit/suspended");

        var expected = Chain.Therapists.Where(t => t.License.ExpiresOn <= Chain.Today.AddDays(30)).Select(t => t.License.Id).ToHashSet();
        Assert.NotEmpty(expiring);
        Assert.Equal(expected, expiring.Select(l => l.LicenseId).ToHashSet());
        Assert.Equal(Chain.Therapists.Where(t => !t.License.IsVerified).Select(t => t.License.Id).Order(), unverified.Select(l => l.LicenseId).Order());
        var only = Assert.Single(suspended);
        Assert.Equal(DemoIdentities.SuspendedPractitionerId, only.PractitionerId);

        var trail = await AllPages<AuditRecordView>($"/api/credentials/audit/trail?practitionerId={DemoIdentities.SuspendedPractitionerId}");
        var suspension = Assert.Single(trail, r => r.Action == "updated");
        Assert.Equal(("license", "demo-seed"), (suspension.EntityType, suspension.Actor));
        Assert.Equal("active", suspension.Before!.Value.GetProperty("status").GetString());
        Assert.Equal("suspended", suspension.After!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_demo_therapist_may_do_lymphatic_drainage_at_the_first_location_and_the_suspended_one_may_not_treat()
    {
        var therapist = await (await _http.GetAsync(
                $"/api/practitioners/{DemoIdentities.TherapistPractitionerId}/eligibility?jurisdiction=US-NY&technique=lymphatic-drainage"))
            .ShouldBeAsync<EligibilityAnswer>(HttpStatusCode.OK);
        var suspended = Chain.Therapist(DemoIdentities.SuspendedPractitionerId);
        var refused = await (await _http.GetAsync($"/api/practitioners/{suspended.Id}/eligibility?jurisdiction={suspended.License.Jurisdiction}"))
            .ShouldBeAsync<EligibilityAnswer>(HttpStatusCode.OK);

        Assert.True(therapist.Eligible, string.Join(", ", therapist.Reasons));
        Assert.False(refused.Eligible);
        Assert.Equal(["license_suspended"], refused.Reasons);
    }

    [Fact]
    public async Task Starting_again_on_the_seeded_database_adds_nothing()
    {
        var before = await CountsAsync();

        await service.StartAgainAsync();

        Assert.Equal(before, await CountsAsync());
    }
}
