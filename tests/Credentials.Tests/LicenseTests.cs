using System.Net;
using Credentials.Api.Domain;
using Credentials.Api.Features.Certifications;
using Credentials.Api.Features.Licenses;

namespace Credentials.Tests;

/// <summary>Licences, their verification records, status changes, renewals and certifications over REST.</summary>
public sealed class LicenseTests(CredentialsServiceFactory service) : IClassFixture<CredentialsServiceFactory>
{
    private readonly CredentialsClient _api = new(service.CreateApiClient());

    private Task<long> Rows(string table) => service.ScalarAsync<long>($"SELECT count(*) FROM {table}")!;

    [Fact]
    public async Task A_recorded_licence_is_active_and_unverified_with_codes_in_upper_case()
    {
        var practitioner = await _api.RegisterAsync();

        using var response = await _api.Http.PostJsonAsync($"/api/practitioners/{practitioner.Id}/licenses", new
        {
            jurisdiction = "us-fl", licenseNumber = " ma 40123 ", licenseType = "lmt", issuingBoard = "Florida Board of Massage Therapy",
            issuedOn = "2024-09-01", expiresOn = "2026-08-31",
        });

        var license = await response.ShouldBeAsync<LicenseView>(HttpStatusCode.Created);
        Assert.Equal($"/api/practitioners/{practitioner.Id}/licenses/{license.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("US-FL", "MA 40123", "LMT"), (license.Jurisdiction, license.LicenseNumber, license.LicenseType));
        Assert.Equal((EffectiveLicenseStatus.Active, VerificationStatus.Unverified), (license.Status, license.Verification));
        Assert.Equal("active", await service.ScalarAsync<string>("SELECT status FROM licenses WHERE id = $1", license.Id));
    }

    [Fact]
    public async Task A_licence_number_is_unique_within_jurisdiction_and_type_whatever_its_case()
    {
        var practitioner = await _api.RegisterAsync();
        var other = await _api.RegisterAsync();
        var number = CredentialsClient.UniqueNumber();
        var first = await _api.AddLicenseAsync(practitioner.Id, "US-FL", number: number);
        var before = await Rows("licenses");

        using var response = await _api.Http.PostJsonAsync($"/api/practitioners/{other.Id}/licenses", new
        {
            jurisdiction = "US-FL", licenseNumber = number.ToLowerInvariant(), licenseType = "LMT", issuingBoard = "Board",
            issuedOn = "2025-01-01", expiresOn = "2027-01-01",
        });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("duplicate_license_number", problem.Code);
        Assert.Contains(first.Id.ToString(), await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await Rows("licenses"));

        // The same number in another jurisdiction, or of another type, is another licence.
        await _api.AddLicenseAsync(other.Id, "US-GA", number: number);
        await _api.AddLicenseAsync(other.Id, "US-FL", licenseType: "LMBT", number: number);
    }

    [Fact]
    public async Task Concurrent_creates_of_one_licence_number_give_exactly_one_201()
    {
        var practitioners = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _api.RegisterAsync()));
        var number = CredentialsClient.UniqueNumber("CON");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            using var response = await _api.Http.PostJsonAsync($"/api/practitioners/{practitioners[i % 4].Id}/licenses", new
            {
                jurisdiction = "US-NY", licenseNumber = number, licenseType = "LMT", issuingBoard = "NYSED Office of the Professions",
                issuedOn = "2025-01-01", expiresOn = "2027-12-31",
            });
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                Assert.Equal("duplicate_license_number", (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Code);
            }

            return response.StatusCode;
        }));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(23, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(1, await service.ScalarAsync<long>("SELECT count(*) FROM licenses WHERE license_number = $1", number));
        Assert.Equal(1, await service.ScalarAsync<long>(
            "SELECT count(*) FROM audit_records WHERE entity_type = 'license' AND after->>'licenseNumber' = $1", number));
    }

    public static TheoryData<string, string> BadLicenses => new()
    {
        { """{"jurisdiction":"FL","licenseNumber":"MA1","licenseType":"LMT","issuingBoard":"B","issuedOn":"2025-01-01","expiresOn":"2027-01-01"}""", "jurisdiction" },
        { """{"jurisdiction":"US-XX","licenseNumber":"MA1","licenseType":"LMT","issuingBoard":"B","issuedOn":"2025-01-01","expiresOn":"2027-01-01"}""", "jurisdiction" },
        { """{"jurisdiction":"GB-LND","licenseNumber":"MA1","licenseType":"LMT","issuingBoard":"B","issuedOn":"2025-01-01","expiresOn":"2027-01-01"}""", "jurisdiction" },
        { """{"licenseNumber":"MA1","licenseType":"LMT","issuingBoard":"B","issuedOn":"2025-01-01","expiresOn":"2027-01-01"}""", "jurisdiction" },
        { """{"jurisdiction":"US-FL","licenseNumber":"MA1","licenseType":"LMT","issuingBoard":"B","issuedOn":"2025-01-01","expiresOn":"2024-12-31"}""", "expiresOn" },
        { """{"jurisdiction":"US-FL","licenseNumber":"MA1","licenseType":"LMT","issuingBoard":"B","issuedOn":"2025-01-01","expiresOn":"2025-01-01"}""", "expiresOn" },
        { """{"jurisdiction":"US-FL","licenseNumber":"MA1","licenseType":"LMT","issuingBoard":"B","issuedOn":"2025-01-01","expiresOn":"2225-01-01"}""", "expiresOn" },
        { """{"jurisdiction":"US-FL","licenseNumber":"MA1","licenseType":"LMT","issuingBoard":"B","issuedOn":"2025-02-30","expiresOn":"2027-01-01"}""", "issuedOn" },
        { """{"jurisdiction":"US-FL","licenseNumber":"MA1","licenseType":"LMT","issuingBoard":"B","issuedOn":"2031-01-01","expiresOn":"2033-01-01"}""", "issuedOn" },
        { """{"jurisdiction":"US-FL","licenseNumber":"MA1","licenseType":"LMT","issuingBoard":"B","issuedOn":20250101,"expiresOn":"2027-01-01"}""", "issuedOn" },
        { """{"jurisdiction":"US-FL","licenseNumber":"MA1","licenseType":"LMT","issuingBoard":"B","expiresOn":"2027-01-01"}""", "issuedOn" },
        { """{"jurisdiction":"US-FL","licenseNumber":"MA#1;--","licenseType":"LMT","issuingBoard":"B","issuedOn":"2025-01-01","expiresOn":"2027-01-01"}""", "licenseNumber" },
        { """{"jurisdiction":"US-FL","licenseNumber":"MA1","licenseType":"L1","issuingBoard":"B","issuedOn":"2025-01-01","expiresOn":"2027-01-01"}""", "licenseType" },
        { """{"jurisdiction":"US-FL","licenseNumber":"MA1","licenseType":"LMT","issuingBoard":"","issuedOn":"2025-01-01","expiresOn":"2027-01-01"}""", "issuingBoard" },
        { """{"jurisdiction":"US-FL","licenseNumber":"MA1","licenseType":"LMT","issuingBoard":"B","issuedOn":"2025-01-01","expiresOn":""", "expiresOn" },
        { """{"jurisdiction":"US-FL","licenseNumber":""" + "\"" + new string('1', 10_240) + "\"" + ""","licenseType":"LMT","issuingBoard":"B","issuedOn":"2025-01-01","expiresOn":"2027-01-01"}""", "licenseNumber" },
        { """{"jurisdiction":"US-FL","licenseNumber":"MA1","licenseType":"LMT","issuingBoard":""" + "\"" + new string('b', 10_240) + "\"" + ""","issuedOn":"2025-01-01","expiresOn":"2027-01-01"}""", "issuingBoard" },
    };

    [Theory]
    [MemberData(nameof(BadLicenses))]
    public async Task Bad_licences_are_400_naming_the_field_and_store_nothing(string json, string field)
    {
        var practitioner = await _api.RegisterAsync();
        var (licenses, audit) = (await Rows("licenses"), await Rows("audit_records"));

        using var response = await _api.Http.PostRawJsonAsync($"/api/practitioners/{practitioner.Id}/licenses", json);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors?.ContainsKey(field), $"expected an error for '{field}': {await response.Content.ReadAsStringAsync()}");
        Assert.Equal((licenses, audit), (await Rows("licenses"), await Rows("audit_records")));
    }

    [Fact]
    public async Task The_jurisdiction_error_says_which_codes_are_accepted()
    {
        var practitioner = await _api.RegisterAsync();

        using var response = await _api.Http.PostRawJsonAsync($"/api/practitioners/{practitioner.Id}/licenses",
            """{"jurisdiction":"Florida","licenseNumber":"MA1","licenseType":"LMT","issuingBoard":"B","issuedOn":"2025-01-01","expiresOn":"2027-01-01"}""");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("ISO 3166-2", Assert.Single(problem.Errors!["jurisdiction"]));
    }

    [Fact]
    public async Task A_licence_for_an_unknown_practitioner_is_404_and_stores_nothing()
    {
        var before = await Rows("licenses");

        using var response = await _api.Http.PostJsonAsync($"/api/practitioners/{Guid.CreateVersion7()}/licenses", new
        {
            jurisdiction = "US-FL", licenseNumber = "MA1", licenseType = "LMT", issuingBoard = "B", issuedOn = "2025-01-01", expiresOn = "2027-01-01",
        });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await Rows("licenses"));
    }

    [Fact]
    public async Task A_verified_check_verifies_the_licence_and_records_who_checked()
    {
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddLicenseAsync(practitioner.Id);
        using var hq = service.CreateApiClient().AsUser("hq-auditor-7", roles: ["hq-auditor"]);

        using var response = await hq.PostJsonAsync($"/api/practitioners/{practitioner.Id}/licenses/{license.Id}/verifications", new
        {
            source = "Florida DOH MQA license verification", verifiedOn = "2026-03-09", outcome = "verified", notes = "Clear and active",
        });

        var record = await response.ShouldBeAsync<VerificationView>(HttpStatusCode.Created);
        Assert.Equal(("hq-auditor-7", VerificationOutcome.Verified), (record.Verifier, record.Outcome));
        var read = await GetLicense(license);
        Assert.Equal((VerificationStatus.Verified, new DateOnly(2026, 3, 9)), (read.Verification, read.VerificationCheckedOn));
    }

    [Fact]
    public async Task A_later_discrepancy_unverifies_the_licence_until_checked_again()
    {
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddLicenseAsync(practitioner.Id);
        await _api.VerifyAsync(license, "verified", new DateOnly(2025, 6, 1));

        await _api.VerifyAsync(license, "discrepancy", new DateOnly(2026, 2, 1));
        Assert.Equal(VerificationStatus.Discrepancy, (await GetLicense(license)).Verification);

        await _api.VerifyAsync(license, "verified", new DateOnly(2025, 12, 1)); // backdated evidence decides nothing
        Assert.Equal(VerificationStatus.Discrepancy, (await GetLicense(license)).Verification);

        await _api.VerifyAsync(license, "verified", new DateOnly(2026, 3, 1));
        var read = await GetLicense(license);
        Assert.Equal(VerificationStatus.Verified, read.Verification);
        Assert.Equal(4, read.Verifications.Count);
    }

    public static TheoryData<string, string> BadVerifications => new()
    {
        { """{"source":"Board","verifiedOn":"2026-03-09","outcome":"ok"}""", "outcome" },
        { """{"source":"Board","verifiedOn":"2026-03-09"}""", "outcome" },
        { """{"source":"Board","verifiedOn":"2026-03-12","outcome":"verified"}""", "verifiedOn" },
        { """{"source":"Board","verifiedOn":"2024-06-30","outcome":"verified"}""", "verifiedOn" },
        { """{"verifiedOn":"2026-03-09","outcome":"verified"}""", "source" },
        { """{"source":"Board","verifiedOn":"2026-03-09","outcome":"verified","notes":""" + "\"" + new string('n', 10_240) + "\"}", "notes" },
    };

    [Theory]
    [MemberData(nameof(BadVerifications))]
    public async Task Bad_verifications_are_400_naming_the_field_and_store_nothing(string json, string field)
    {
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddLicenseAsync(practitioner.Id, issuedOn: new DateOnly(2024, 7, 1));
        var (records, audit) = (await Rows("license_verifications"), await Rows("audit_records"));

        using var response = await _api.Http.PostRawJsonAsync($"/api/practitioners/{practitioner.Id}/licenses/{license.Id}/verifications", json);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors?.ContainsKey(field), $"expected an error for '{field}': {await response.Content.ReadAsStringAsync()}");
        Assert.Equal((records, audit), (await Rows("license_verifications"), await Rows("audit_records")));
        Assert.Equal("unverified", await service.ScalarAsync<string>("SELECT verification FROM licenses WHERE id = $1", license.Id));
    }

    [Fact]
    public async Task A_licence_under_another_practitioner_is_404()
    {
        var owner = await _api.RegisterAsync();
        var someoneElse = await _api.RegisterAsync();
        var license = await _api.AddLicenseAsync(owner.Id);

        using var read = await _api.Http.GetAsync($"/api/practitioners/{someoneElse.Id}/licenses/{license.Id}");
        await read.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        using var suspend = await _api.Http.PostJsonAsync($"/api/practitioners/{someoneElse.Id}/licenses/{license.Id}/status", new { status = "suspended", reason = "x" });
        await suspend.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("active", await service.ScalarAsync<string>("SELECT status FROM licenses WHERE id = $1", license.Id));
    }

    [Fact]
    public async Task Suspend_reinstate_and_revoke_change_the_stored_status_with_the_reason()
    {
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddVerifiedLicenseAsync(practitioner.Id);

        var suspended = await _api.SetStatusAsync(license, "suspended", "Complaint under investigation");
        Assert.Equal((EffectiveLicenseStatus.Suspended, "Complaint under investigation"), (suspended.Status, suspended.StatusReason));
        Assert.Equal(service.Clock.GetUtcNow(), suspended.StatusChangedAt);

        var reinstated = await _api.SetStatusAsync(license, "active", "Investigation closed");
        Assert.Equal(EffectiveLicenseStatus.Active, reinstated.Status);

        var revoked = await _api.SetStatusAsync(license, "revoked", "Board final order");
        Assert.Equal(EffectiveLicenseStatus.Revoked, revoked.Status);
        Assert.Equal("revoked", await service.ScalarAsync<string>("SELECT status FROM licenses WHERE id = $1", license.Id));
    }

    [Fact]
    public async Task A_revoked_licence_cannot_be_reinstated_or_renewed()
    {
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddVerifiedLicenseAsync(practitioner.Id);
        await _api.SetStatusAsync(license, "revoked");

        using var reinstate = await _api.Http.PostJsonAsync($"/api/practitioners/{practitioner.Id}/licenses/{license.Id}/status", new { status = "active", reason = "Appeal" });
        Assert.Equal("license_revoked", (await reinstate.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Code);
        using var renew = await _api.Http.PostJsonAsync($"/api/practitioners/{practitioner.Id}/licenses/{license.Id}/renewal", new { expiresOn = "2028-08-31", reason = "Renewed" });
        Assert.Equal("license_revoked", (await renew.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal("revoked", await service.ScalarAsync<string>("SELECT status FROM licenses WHERE id = $1", license.Id));
    }

    public static TheoryData<string, string, string> BadStatusChanges => new()
    {
        { """{"status":"lapsed","reason":"Expired"}""", "status", "renew" },
        { """{"status":"expired","reason":"x"}""", "status", "active, suspended, revoked" },
        { """{"status":"SUSPENDED","reason":"x"}""", "status", "active, suspended, revoked" },
        { """{"reason":"x"}""", "status", "" },
        { """{"status":"suspended"}""", "reason", "" },
        { """{"status":"suspended","reason":""" + "\"" + new string('r', 10_240) + "\"}", "reason", "" },
        { """{"status":"suspended","reason":["x"]}""", "reason", "" },
    };

    [Theory]
    [MemberData(nameof(BadStatusChanges))]
    public async Task Bad_status_changes_are_400_naming_the_field_and_change_nothing(string json, string field, string hint)
    {
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddLicenseAsync(practitioner.Id);
        var audit = await Rows("audit_records");

        using var response = await _api.Http.PostRawJsonAsync($"/api/practitioners/{practitioner.Id}/licenses/{license.Id}/status", json);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(hint, string.Join(' ', problem.Errors![field]));
        Assert.Equal("active", await service.ScalarAsync<string>("SELECT status FROM licenses WHERE id = $1", license.Id));
        Assert.Equal(audit, await Rows("audit_records"));
    }

    [Fact]
    public async Task The_database_refuses_a_lapsed_status_too() =>
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => service.ExecuteAsync("UPDATE licenses SET status = 'lapsed'"));

    [Fact]
    public async Task A_licence_past_its_expiry_day_shows_as_lapsed_and_a_renewal_brings_it_back()
    {
        var practitioner = await _api.RegisterAsync();
        var yesterday = CredentialsServiceFactory.Today.AddDays(-1);
        var license = await _api.AddLicenseAsync(practitioner.Id, issuedOn: new DateOnly(2024, 3, 10), expiresOn: yesterday);
        Assert.Equal(EffectiveLicenseStatus.Lapsed, license.Status);

        using var renew = await _api.Http.PostJsonAsync($"/api/practitioners/{practitioner.Id}/licenses/{license.Id}/renewal",
            new { expiresOn = "2028-03-09", reason = "Renewed with the board, receipt 88-1234" });

        var renewed = await renew.ShouldBeAsync<LicenseView>(HttpStatusCode.OK);
        Assert.Equal((EffectiveLicenseStatus.Active, new DateOnly(2028, 3, 9)), (renewed.Status, renewed.ExpiresOn));
        Assert.Equal("active", await service.ScalarAsync<string>("SELECT status FROM licenses WHERE id = $1", license.Id));
    }

    [Fact]
    public async Task A_renewal_before_the_issue_day_is_400_naming_expiresOn()
    {
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddLicenseAsync(practitioner.Id, issuedOn: new DateOnly(2024, 7, 1));

        using var response = await _api.Http.PostJsonAsync($"/api/practitioners/{practitioner.Id}/licenses/{license.Id}/renewal",
            new { expiresOn = "2024-06-30", reason = "Typo" });

        Assert.True((await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.ContainsKey("expiresOn"));
        Assert.Equal(license.ExpiresOn, (await GetLicense(license)).ExpiresOn);
    }

    [Fact]
    public async Task Certifications_are_recorded_with_codes_in_upper_case_and_duplicates_are_409()
    {
        var practitioner = await _api.RegisterAsync();

        var mld = await _api.AddCertificationAsync(practitioner.Id, "mld", new DateOnly(2025, 5, 1), new DateOnly(2027, 5, 1));
        var ncbtmb = await _api.AddCertificationAsync(practitioner.Id, "NCBTMB");
        Assert.Equal(("MLD", "NCBTMB", (DateOnly?)null), (mld.Code, ncbtmb.Code, ncbtmb.ExpiresOn));

        using var again = await _api.Http.PostJsonAsync($"/api/practitioners/{practitioner.Id}/certifications",
            new { code = "MLD", issuedOn = "2025-05-01", expiresOn = "2027-05-01" });
        Assert.Equal("duplicate_certification", (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal(2, await service.ScalarAsync<long>("SELECT count(*) FROM certifications WHERE practitioner_id = $1", practitioner.Id));
    }

    public static TheoryData<string, string> BadCertifications => new()
    {
        { """{"code":"REIKI","issuedOn":"2025-01-01"}""", "code" },
        { """{"issuedOn":"2025-01-01"}""", "code" },
        { """{"code":"MLD"}""", "issuedOn" },
        { """{"code":"MLD","issuedOn":"2025-01-01","expiresOn":"2024-01-01"}""", "expiresOn" },
        { """{"code":"MLD","issuedOn":"2025-13-01"}""", "issuedOn" },
        { """{"code":""" + "\"" + new string('M', 10_240) + "\"" + ""","issuedOn":"2025-01-01"}""", "code" },
    };

    [Theory]
    [MemberData(nameof(BadCertifications))]
    public async Task Bad_certifications_are_400_naming_the_field_and_store_nothing(string json, string field)
    {
        var practitioner = await _api.RegisterAsync();
        var before = await Rows("certifications");

        using var response = await _api.Http.PostRawJsonAsync($"/api/practitioners/{practitioner.Id}/certifications", json);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors?.ContainsKey(field), $"expected an error for '{field}': {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(before, await Rows("certifications"));
    }

    [Fact]
    public async Task A_certification_for_an_unknown_practitioner_is_404()
    {
        using var response = await _api.Http.PostJsonAsync($"/api/practitioners/{Guid.CreateVersion7()}/certifications", new { code = "MLD", issuedOn = "2025-01-01" });
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<LicenseView> GetLicense(LicenseView license)
    {
        using var response = await _api.Http.GetAsync($"/api/practitioners/{license.PractitionerId}/licenses/{license.Id}");
        return await response.ShouldBeAsync<LicenseView>(HttpStatusCode.OK);
    }
}
