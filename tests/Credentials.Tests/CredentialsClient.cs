using System.Net;
using Credentials.Api.Features.Certifications;
using Credentials.Api.Features.Licenses;
using Credentials.Api.Features.Practitioners;

namespace Credentials.Tests;

/// <summary>Builds test data through the public REST API, as HQ staff would.</summary>
public sealed class CredentialsClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    /// <summary>A licence number no other test uses.</summary>
    public static string UniqueNumber(string prefix = "MA") => prefix + Random.Shared.NextInt64(10_000_000, 99_999_999);

    public async Task<PractitionerView> RegisterAsync(string lastName = "Rivera", string? npi = null)
    {
        using var response = await Http.PostJsonAsync("/api/practitioners",
            new { firstName = "Ana", lastName, email = $"{Guid.NewGuid():N}@clinic.example", npi });
        return await response.ShouldBeAsync<PractitionerView>(HttpStatusCode.Created);
    }

    public async Task<LicenseView> AddLicenseAsync(
        Guid practitionerId, string jurisdiction = "US-FL", DateOnly? issuedOn = null, DateOnly? expiresOn = null,
        string licenseType = "LMT", string? number = null)
    {
        using var response = await Http.PostJsonAsync($"/api/practitioners/{practitionerId}/licenses", new
        {
            jurisdiction,
            licenseNumber = number ?? UniqueNumber(),
            licenseType,
            issuingBoard = "Florida Board of Massage Therapy",
            issuedOn = issuedOn ?? new DateOnly(2024, 7, 1),
            expiresOn = expiresOn ?? new DateOnly(2026, 8, 31),
        });
        return await response.ShouldBeAsync<LicenseView>(HttpStatusCode.Created);
    }

    public async Task<VerificationView> VerifyAsync(LicenseView license, string outcome = "verified", DateOnly? verifiedOn = null)
    {
        using var response = await Http.PostJsonAsync($"/api/practitioners/{license.PractitionerId}/licenses/{license.Id}/verifications", new
        {
            source = "Florida DOH license lookup (primary source)",
            verifiedOn = verifiedOn ?? new DateOnly(2026, 1, 15),
            outcome,
            notes = "Checked online",
        });
        return await response.ShouldBeAsync<VerificationView>(HttpStatusCode.Created);
    }

    /// <summary>A licence that makes the practitioner eligible in the jurisdiction today: active, verified, unexpired.</summary>
    public async Task<LicenseView> AddVerifiedLicenseAsync(Guid practitionerId, string jurisdiction = "US-FL", DateOnly? expiresOn = null)
    {
        var license = await AddLicenseAsync(practitionerId, jurisdiction, expiresOn: expiresOn);
        await VerifyAsync(license);
        return license;
    }

    public async Task<LicenseView> SetStatusAsync(LicenseView license, string status, string reason = "Board order 2026-114")
    {
        using var response = await Http.PostJsonAsync($"/api/practitioners/{license.PractitionerId}/licenses/{license.Id}/status", new { status, reason });
        return await response.ShouldBeAsync<LicenseView>(HttpStatusCode.OK);
    }

    public async Task<CertificationView> AddCertificationAsync(Guid practitionerId, string code, DateOnly? issuedOn = null, DateOnly? expiresOn = null)
    {
        using var response = await Http.PostJsonAsync($"/api/practitioners/{practitionerId}/certifications",
            new { code, issuedOn = issuedOn ?? new DateOnly(2025, 2, 1), expiresOn });
        return await response.ShouldBeAsync<CertificationView>(HttpStatusCode.Created);
    }
}
