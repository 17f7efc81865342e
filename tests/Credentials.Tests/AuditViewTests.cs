using System.Net;
using Credentials.Api.Domain;
using Credentials.Api.Features.Audit;
using Platform.ServiceDefaults.Http;

namespace Credentials.Tests;

/// <summary>HQ's views: licences expiring soon, unverified ones, suspended and revoked ones.</summary>
public sealed class AuditViewTests(CredentialsServiceFactory service) : IClassFixture<CredentialsServiceFactory>
{
    private static readonly DateOnly Today = CredentialsServiceFactory.Today;
    private readonly CredentialsClient _api = new(service.CreateApiClient());

    private async Task<List<LicenseAuditItem>> AllPages(string path)
    {
        var items = new List<LicenseAuditItem>();
        string? cursor = null;
        do
        {
            var separator = path.Contains('?') ? '&' : '?';
            using var response = await _api.Http.GetAsync($"{path}{separator}limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            var page = await response.ShouldBeAsync<Page<LicenseAuditItem>>(HttpStatusCode.OK);
            Assert.True(page.Items.Count <= 3);
            items.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return items;
    }

    [Fact]
    public async Task Expiring_lists_licences_expiring_within_the_days_soonest_first_across_pages()
    {
        var practitioner = await _api.RegisterAsync("Expiring");
        var in30 = await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-FL", Today.AddDays(30));
        var today = await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-GA", Today);
        var in10 = await _api.AddLicenseAsync(practitioner.Id, "CA-ON", expiresOn: Today.AddDays(10));
        var suspendedIn5 = await _api.SetStatusAsync(await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-TX", Today.AddDays(5)), "suspended");
        var in61 = await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-NY", Today.AddDays(61));
        var lapsed = await _api.AddLicenseAsync(practitioner.Id, "US-WA", issuedOn: new DateOnly(2024, 1, 1), expiresOn: Today.AddDays(-1));
        var revokedIn3 = await _api.SetStatusAsync(await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-OR", Today.AddDays(3)), "revoked");

        var expiring = (await AllPages("/api/credentials/audit/expiring?withinDays=60")).Where(l => l.PractitionerId == practitioner.Id).ToList();

        Assert.Equal([today.Id, suspendedIn5.Id, in10.Id, in30.Id], expiring.Select(l => l.LicenseId));
        Assert.Equal([0, 5, 10, 30], expiring.Select(l => l.DaysUntilExpiry));
        Assert.Equal(["Expiring"], expiring.Select(l => l.LastName).Distinct());
        Assert.DoesNotContain(expiring, l => l.LicenseId == in61.Id || l.LicenseId == lapsed.Id || l.LicenseId == revokedIn3.Id);

        var defaultWindow = (await AllPages("/api/credentials/audit/expiring")).Where(l => l.PractitionerId == practitioner.Id);
        Assert.Equal(4, defaultWindow.Count());
        var withinFive = (await AllPages("/api/credentials/audit/expiring?withinDays=5")).Where(l => l.PractitionerId == practitioner.Id);
        Assert.Equal([today.Id, suspendedIn5.Id], withinFive.Select(l => l.LicenseId));
    }

    [Fact]
    public async Task Unverified_lists_licences_in_force_without_a_verified_latest_check()
    {
        var practitioner = await _api.RegisterAsync("Unverified");
        var never = await _api.AddLicenseAsync(practitioner.Id, "US-FL");
        var discrepancy = await _api.AddLicenseAsync(practitioner.Id, "US-GA");
        await _api.VerifyAsync(discrepancy, "verified", new DateOnly(2025, 1, 1));
        await _api.VerifyAsync(discrepancy, "discrepancy", new DateOnly(2026, 3, 1));
        var verified = await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-NY");
        var lapsed = await _api.AddLicenseAsync(practitioner.Id, "US-WA", issuedOn: new DateOnly(2024, 1, 1), expiresOn: Today.AddDays(-1));
        var revoked = await _api.SetStatusAsync(await _api.AddLicenseAsync(practitioner.Id, "US-OR"), "revoked");

        var unverified = (await AllPages("/api/credentials/audit/unverified")).Where(l => l.PractitionerId == practitioner.Id).ToList();

        Assert.Equal(new[] { never.Id, discrepancy.Id }.Order(), unverified.Select(l => l.LicenseId).Order());
        Assert.Equal(
            new[] { VerificationStatus.Unverified, VerificationStatus.Discrepancy }.Order(),
            unverified.Select(l => l.Verification).Order());
        Assert.DoesNotContain(unverified, l => l.LicenseId == verified.Id || l.LicenseId == lapsed.Id || l.LicenseId == revoked.Id);
    }

    [Fact]
    public async Task Suspended_lists_suspended_and_revoked_licences_most_recent_first_with_their_reason()
    {
        var practitioner = await _api.RegisterAsync("Suspended");
        var first = await _api.SetStatusAsync(await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-FL"), "suspended", "Complaint A");
        service.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await _api.SetStatusAsync(await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-GA"), "revoked", "Final order B");
        service.Clock.Advance(TimeSpan.FromMinutes(5));
        var third = await _api.SetStatusAsync(await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-NY"), "suspended", "Complaint C");
        var active = await _api.AddVerifiedLicenseAsync(practitioner.Id, "US-TX");

        var both = (await AllPages("/api/credentials/audit/suspended")).Where(l => l.PractitionerId == practitioner.Id).ToList();
        Assert.Equal([third.Id, second.Id, first.Id], both.Select(l => l.LicenseId));
        Assert.Equal(["Complaint C", "Final order B", "Complaint A"], both.Select(l => l.StatusReason));
        Assert.Equal([EffectiveLicenseStatus.Suspended, EffectiveLicenseStatus.Revoked, EffectiveLicenseStatus.Suspended], both.Select(l => l.Status));
        Assert.DoesNotContain(both, l => l.LicenseId == active.Id);

        var revokedOnly = (await AllPages("/api/credentials/audit/suspended?status=revoked")).Where(l => l.PractitionerId == practitioner.Id);
        Assert.Equal([second.Id], revokedOnly.Select(l => l.LicenseId));
    }

    [Theory]
    [InlineData("/api/credentials/audit/expiring?withinDays=-1", "withinDays")]
    [InlineData("/api/credentials/audit/expiring?withinDays=100000", "withinDays")]
    [InlineData("/api/credentials/audit/expiring?withinDays=soon", "withinDays")]
    [InlineData("/api/credentials/audit/expiring?cursor=abc", "cursor")]
    [InlineData("/api/credentials/audit/unverified?limit=999", "limit")]
    [InlineData("/api/credentials/audit/suspended?status=lapsed", "status")]
    public async Task Bad_questions_are_400_naming_the_parameter(string url, string field)
    {
        using var response = await _api.Http.GetAsync(url);
        Assert.True((await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.ContainsKey(field));
    }
}
