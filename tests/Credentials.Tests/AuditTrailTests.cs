using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Credentials.Api.Features.Audit;
using Npgsql;
using Platform.ServiceDefaults.Http;

namespace Credentials.Tests;

/// <summary>
/// Every change leaves an append-only record (who, when, what, before, after) written in the same transaction,
/// and the database itself refuses to change or remove one.
/// </summary>
public sealed class AuditTrailTests(CredentialsServiceFactory service) : IClassFixture<CredentialsServiceFactory>
{
    private readonly CredentialsClient _api = new(service.CreateApiClient().AsUser("hq-compliance-1", roles: ["admin"]));

    private async Task<List<AuditRecordView>> TrailOf(Guid practitionerId)
    {
        using var response = await _api.Http.GetAsync($"/api/credentials/audit/trail?practitionerId={practitionerId}");
        return [.. (await response.ShouldBeAsync<Page<AuditRecordView>>(HttpStatusCode.OK)).Items];
    }

    [Fact]
    public async Task Every_create_and_change_is_recorded_with_who_when_what_before_and_after()
    {
        var practitioner = await _api.RegisterAsync("Lindqvist");
        var license = await _api.AddLicenseAsync(practitioner.Id, "CA-BC");
        using var verifier = service.CreateApiClient().AsUser("verifier-2", roles: ["hq-auditor"]);
        await new CredentialsClient(verifier).VerifyAsync(license);
        await _api.SetStatusAsync(license, "suspended", "Complaint 2026-031");
        await _api.AddCertificationAsync(practitioner.Id, "NCBTMB");

        var trail = await TrailOf(practitioner.Id);

        // The verification step changes two records in one transaction; their order within it is not defined.
        var steps = trail.Select(r => (r.EntityType, r.Action, r.Actor)).ToList();
        Assert.Equal(6, steps.Count);
        Assert.Equal([("practitioner", "created", "hq-compliance-1"), ("license", "created", "hq-compliance-1")], steps[..2]);
        Assert.Equal([("license", "updated", "verifier-2"), ("license-verification", "created", "verifier-2")], steps[2..4].Order());
        Assert.Equal([("license", "updated", "hq-compliance-1"), ("certification", "created", "hq-compliance-1")], steps[4..]);
        Assert.All(trail, r => Assert.Equal(service.Clock.GetUtcNow(), r.OccurredAt));
        Assert.All(trail, r => Assert.Equal(practitioner.Id, r.PractitionerId));

        var created = trail[0];
        Assert.Null(created.Before);
        Assert.Equal("Lindqvist", created.After!.Value.GetProperty("lastName").GetString());

        var suspension = trail[4];
        Assert.Equal(license.Id, suspension.EntityId);
        Assert.Equal("active", suspension.Before!.Value.GetProperty("status").GetString());
        Assert.Equal("suspended", suspension.After!.Value.GetProperty("status").GetString());
        Assert.Equal("Complaint 2026-031", suspension.After!.Value.GetProperty("statusReason").GetString());
        Assert.Equal("verified", suspension.Before!.Value.GetProperty("verification").GetString());
    }

    [Fact]
    public async Task A_request_without_a_signed_in_user_is_refused_and_leaves_no_record()
    {
        var before = await service.ScalarAsync<long>("SELECT count(*) FROM audit_records");

        using var response = await service.CreateApiClient().AsAnonymous().PostAsJsonAsync("/api/practitioners",
            new { firstName = "Nobody", lastName = "Anonymous", email = "nobody@example.test" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await service.ScalarAsync<long>("SELECT count(*) FROM audit_records"));
    }

    [Fact]
    public async Task A_correction_records_the_old_and_new_values()
    {
        var practitioner = await _api.RegisterAsync("Smyth");
        using var read = await _api.Http.GetAsync($"/api/practitioners/{practitioner.Id}");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/practitioners/{practitioner.Id}")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { firstName = "Ana", lastName = "Smith", email = practitioner.Email }), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.IfMatch.Add(read.Headers.ETag!);
        using var response = await _api.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var correction = (await TrailOf(practitioner.Id)).Last();
        Assert.Equal(("practitioner", "updated"), (correction.EntityType, correction.Action));
        Assert.Equal("Smyth", correction.Before!.Value.GetProperty("lastName").GetString());
        Assert.Equal("Smith", correction.After!.Value.GetProperty("lastName").GetString());
    }

    [Fact]
    public async Task A_refused_change_leaves_no_record()
    {
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddLicenseAsync(practitioner.Id);
        await _api.SetStatusAsync(license, "revoked");
        var before = await service.ScalarAsync<long>("SELECT count(*) FROM audit_records");

        using var refused = await _api.Http.PostJsonAsync($"/api/practitioners/{practitioner.Id}/licenses/{license.Id}/status", new { status = "active", reason = "Appeal" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        using var duplicate = await _api.Http.PostJsonAsync($"/api/practitioners/{practitioner.Id}/licenses", new
        {
            jurisdiction = license.Jurisdiction, licenseNumber = license.LicenseNumber, licenseType = license.LicenseType, issuingBoard = "B",
            issuedOn = "2025-01-01", expiresOn = "2027-01-01",
        });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        Assert.Equal(before, await service.ScalarAsync<long>("SELECT count(*) FROM audit_records"));
    }

    [Fact]
    public async Task A_status_request_that_changes_nothing_records_nothing()
    {
        var practitioner = await _api.RegisterAsync();
        var license = await _api.AddLicenseAsync(practitioner.Id);
        var before = (await TrailOf(practitioner.Id)).Count;

        await _api.SetStatusAsync(license, "active", "Already active");

        Assert.Equal(before, (await TrailOf(practitioner.Id)).Count);
    }

    [Theory]
    [InlineData("UPDATE audit_records SET actor = 'mallory'")]
    [InlineData("UPDATE audit_records SET after = NULL WHERE id = (SELECT min(id) FROM audit_records)")]
    [InlineData("DELETE FROM audit_records")]
    [InlineData("DELETE FROM audit_records WHERE id = -1")]
    [InlineData("TRUNCATE audit_records")]
    public async Task The_database_refuses_to_change_or_remove_audit_records(string sql)
    {
        var practitioner = await _api.RegisterAsync();
        var count = await service.ScalarAsync<long>("SELECT count(*) FROM audit_records");
        var checksum = await service.ScalarAsync<string>("SELECT md5(string_agg(actor || coalesce(after::text, ''), ',' ORDER BY id)) FROM audit_records");

        var refused = await Assert.ThrowsAsync<PostgresException>(() => service.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("append-only", refused.MessageText);
        Assert.Equal(count, await service.ScalarAsync<long>("SELECT count(*) FROM audit_records"));
        Assert.Equal(checksum, await service.ScalarAsync<string>("SELECT md5(string_agg(actor || coalesce(after::text, ''), ',' ORDER BY id)) FROM audit_records"));
        Assert.Equal("hq-compliance-1", Assert.Single(await TrailOf(practitioner.Id)).Actor);
    }

    [Fact]
    public async Task The_trail_pages_in_order_and_filters_by_time()
    {
        var practitioner = await _api.RegisterAsync();
        for (var i = 0; i < 4; i++) await _api.AddCertificationAsync(practitioner.Id, "NCBTMB", new DateOnly(2020 + i, 1, 1));

        var ids = new List<long>();
        string? cursor = null;
        do
        {
            using var response = await _api.Http.GetAsync($"/api/credentials/audit/trail?practitionerId={practitioner.Id}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            var page = await response.ShouldBeAsync<Page<AuditRecordView>>(HttpStatusCode.OK);
            ids.AddRange(page.Items.Select(r => r.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal(5, ids.Count);
        Assert.Equal(ids.Order(), ids);

        var now = service.Clock.GetUtcNow();
        Assert.Equal(5, await CountAsync($"practitionerId={practitioner.Id}&from={now:yyyy-MM-dd}&to={now:yyyy-MM-dd}"));
        Assert.Equal(5, await CountAsync($"practitionerId={practitioner.Id}&from={Uri.EscapeDataString(now.AddSeconds(-1).ToString("O"))}"));
        Assert.Equal(0, await CountAsync($"practitionerId={practitioner.Id}&from={Uri.EscapeDataString(now.AddSeconds(1).ToString("O"))}"));
        Assert.Equal(0, await CountAsync($"practitionerId={practitioner.Id}&to={now.AddDays(-1):yyyy-MM-dd}"));
    }

    [Theory]
    [InlineData("practitionerId=123", "practitionerId")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-03-10T09:00:00", "from")]
    [InlineData("from=2026-03-10 09:00", "from")]
    [InlineData("from=2026-03-10&to=2026-03-01", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=ten", "limit")]
    public async Task Bad_trail_questions_are_400_naming_the_parameter(string query, string field)
    {
        using var response = await _api.Http.GetAsync($"/api/credentials/audit/trail?{query}");
        Assert.True((await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.ContainsKey(field));
    }

    private async Task<int> CountAsync(string query)
    {
        using var response = await _api.Http.GetAsync($"/api/credentials/audit/trail?{query}");
        return (await response.ShouldBeAsync<Page<AuditRecordView>>(HttpStatusCode.OK)).Items.Count;
    }
}
