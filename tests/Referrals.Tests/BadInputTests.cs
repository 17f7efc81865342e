using System.Net;
using System.Text.Json.Nodes;

namespace Referrals.Tests;

/// <summary>Bad input is a 400 naming the field, never a 500, and stores nothing.</summary>
public sealed class BadInputTests(ReferralsWorld world) : IClassFixture<ReferralsWorld>, IAsyncLifetime
{
    private readonly ReferralsDriver _driver = new(world);
    private Guid _physicianId;

    public async Task InitializeAsync() => _physicianId = (await _driver.RegisterPhysicianAsync()).Id;

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<long> ReferralRows() => _driver.CountAsync("SELECT count(*) FROM referrals");

    private async Task<Problem> RefusedAsync(string json, params string[] fields)
    {
        var before = await ReferralRows();
        using var response = await _driver.SubmitRawAsync(json, Guid.NewGuid().ToString());
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        foreach (var field in fields) Assert.True(problem.Errors!.ContainsKey(field), $"'{field}' not named in {string.Join(", ", problem.Errors.Keys)}");
        Assert.Equal(before, await ReferralRows());
        return problem;
    }

    private JsonObject Body() => ReferralsDriver.ReferralBody(_physicianId);

    /// <summary>Sets the value at a dotted path (<c>attestation.signedAt</c>), or removes the property.</summary>
    private static JsonObject With(JsonObject body, string path, JsonNode? value, bool remove = false)
    {
        var segments = path.Split('.');
        var node = body;
        foreach (var segment in segments[..^1]) node = node[segment]!.AsObject();
        if (remove) node.Remove(segments[^1]);
        else node[segments[^1]] = value;
        return body;
    }

    public static TheoryData<string, string?, string> BadFields => new()
    {
        // field, JSON value (null: removed), field named in errors
        { "physicianId", null, "physicianId" },
        { "physicianId", "\"00000000-0000-0000-0000-000000000000\"", "physicianId" },
        { "diagnoses", "[]", "diagnoses" },
        { "diagnoses", "[\"M54.5-\"]", "diagnoses[0]" },
        { "diagnoses", "[\"54.50\"]", "diagnoses[0]" },
        { "diagnoses", "[\"M5450\"]", "diagnoses[0]" },
        { "diagnoses", "[\"M54.50123\"]", "diagnoses[0]" },
        { "diagnoses", "[\"M54.50\", \"m54.50\"]", "diagnoses" },
        { "diagnoses", "[null]", "diagnoses[0]" },
        { "cptCodes", "[\"97999\"]", "cptCodes[0]" },
        { "cptCodes", "[]", "cptCodes" },
        { "cptCodes", "[\"97124\", \"97124\"]", "cptCodes" },
        { "bodyRegions", "[\"lower back\"]", "bodyRegions[0]" },
        { "bodyRegions", null, "bodyRegions" },
        { "frequencyPerWeek", "0", "frequencyPerWeek" },
        { "frequencyPerWeek", "8", "frequencyPerWeek" },
        { "frequencyPerWeek", "\"twice\"", "frequencyPerWeek" },
        { "frequencyPerWeek", "2.5", "frequencyPerWeek" },
        { "durationWeeks", "53", "durationWeeks" },
        { "authorizedVisits", "13", "authorizedVisits" },
        { "authorizedVisits", "0", "authorizedVisits" },
        { "authorizedVisits", "null", "authorizedVisits" },
        { "sessionMinutes", "50", "sessionMinutes" },
        { "sessionMinutes", "240", "sessionMinutes" },
        { "startDate", "\"2026-02-30\"", "startDate" },
        { "startDate", "\"03/14/2026\"", "startDate" },
        { "startDate", "\"1999-01-01\"", "startDate" },
        { "expiresOn", null, "expiresOn" },
        { "attestation", null, "attestation" },
        { "attestation.signedBy", "\"  \"", "attestation.signedBy" },
        { "attestation.signedAt", "\"2999-01-01T00:00:00Z\"", "attestation.signedAt" },
        { "attestation.signedAt", "\"yesterday\"", "attestation.signedAt" },
        { "attestation.signedAt", "\"2026-03-14T09:30:00\"", "attestation.signedAt" }, // an instant without its offset
        { "attestation.signedAt", "1773480600", "attestation.signedAt" },
        { "attestation", "\"Maya Okafor, MD\"", "attestation" },
        { "diagnoses", "\"M54.50\"", "diagnoses" },
        { "physicianId", "42", "physicianId" },
        { "startDate", "20260314", "startDate" },
        { "startDate", "\"2026-03-14T00:00:00Z\"", "startDate" },
        { "authorizedVisits", "99999999999", "authorizedVisits" },
        { "client.firstName", "\"\"", "client.firstName" },
        { "client.lastName", "\"Delgado3\"", "client.lastName" },
        { "client.dateOfBirth", "\"1850-01-01\"", "client.dateOfBirth" },
        { "client.dateOfBirth", "\"2026-13-01\"", "client.dateOfBirth" },
        { "client.phone", "\"12\"", "client.phone" },
        { "client", null, "clientId" },
        { "precautions", "\"line one\\u0007bell\"", "precautions" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_is_a_400_naming_it_and_nothing_is_stored(string field, string? json, string named)
    {
        var body = With(Body(), field, json is null ? null : JsonNode.Parse(json), remove: json is null);
        await RefusedAsync(body.ToJsonString(), named);
    }

    [Fact]
    public async Task Expiry_on_or_before_the_start_date_is_a_400()
    {
        var body = Body();
        body["expiresOn"] = body["startDate"]!.GetValue<string>();
        await RefusedAsync(body.ToJsonString(), "expiresOn");
    }

    [Fact]
    public async Task A_prescription_longer_than_a_year_is_a_400()
    {
        var body = ReferralsDriver.ReferralBody(_physicianId, expiresOn: ReferralsDriver.Today.AddDays(400));
        await RefusedAsync(body.ToJsonString(), "expiresOn");
    }

    [Fact]
    public async Task Both_clientId_and_client_is_a_400_naming_client()
    {
        var body = Body();
        body["clientId"] = Guid.NewGuid().ToString();
        await RefusedAsync(body.ToJsonString(), "client");
    }

    [Fact]
    public async Task A_malformed_client_id_is_a_400_naming_it()
    {
        var body = Body();
        body.Remove("client");
        body["clientId"] = "client-42";
        await RefusedAsync(body.ToJsonString(), "clientId");
    }

    [Theory]
    [InlineData("precautions")]
    [InlineData("attestation.signedBy")]
    [InlineData("client.firstName")]
    public async Task A_10_KB_string_is_a_400_and_never_stored(string field)
    {
        await RefusedAsync(With(Body(), field, new string('x', 10_240)).ToJsonString(), field);
    }

    [Fact]
    public async Task Thirteen_diagnoses_is_a_400()
    {
        var body = Body();
        body["diagnoses"] = new JsonArray(Enumerable.Range(10, 13).Select(i => (JsonNode)JsonValue.Create($"M{i}.1")!).ToArray());
        await RefusedAsync(body.ToJsonString(), "diagnoses");
    }

    [Theory]
    [InlineData("{\"physicianId\": ")]
    [InlineData("not json")]
    [InlineData("[1, 2, 3]")]
    public async Task Malformed_json_is_a_400(string json) => await RefusedAsync(json);

    [Fact]
    public async Task An_empty_body_names_every_required_field()
    {
        var problem = await RefusedAsync("", "physicianId", "clientId", "diagnoses", "cptCodes", "bodyRegions", "frequencyPerWeek",
            "durationWeeks", "authorizedVisits", "sessionMinutes", "startDate", "expiresOn", "attestation");
        Assert.DoesNotContain("$", problem.Errors!.Keys);
    }

    [Theory]
    [InlineData("/api/referrals?status=pending", "status")]
    [InlineData("/api/referrals?physicianId=dr-who", "physicianId")]
    [InlineData("/api/referrals?clientId=00000000-0000-0000-0000-000000000000", "clientId")]
    [InlineData("/api/referrals?limit=0", "limit")]
    [InlineData("/api/referrals?limit=ten", "limit")]
    [InlineData("/api/referrals?cursor=tampered", "cursor")]
    [InlineData("/api/referrals/0197a1f2-3c4d-7e5f-8a9b-0c1d2e3f4a5b?on=2026-02-30", "on")]
    public async Task Bad_query_values_are_a_400_naming_the_parameter(string url, string field)
    {
        using var response = await _driver.Api.GetAsync(url);
        Assert.Contains(field, (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    [Fact]
    public async Task A_route_id_that_is_not_a_uuid_is_not_found()
    {
        using var response = await _driver.Api.GetAsync("/api/referrals/42");
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"clientId\": \"nope\"}")]
    [InlineData("{\"clientId\": null}")]
    [InlineData("")]
    public async Task Accepting_without_a_valid_client_id_is_a_400_naming_it(string json)
    {
        var referral = await _driver.SubmitReferralAsync(Body());
        using var response = await _driver.Api.PostRawJsonAsync($"/api/referrals/{referral.Id}/accept", json);
        Assert.Contains("clientId", (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Equal("submitted", await world.Referrals.ScalarAsync<string>("SELECT status FROM referrals WHERE id = $1", referral.Id));
    }

    [Fact]
    public async Task A_10_KB_rejection_reason_is_a_400()
    {
        var referral = await _driver.SubmitReferralAsync(Body());
        using var response = await _driver.Api.PostJsonAsync($"/api/referrals/{referral.Id}/reject", new { reason = new string('r', 10_240) });
        Assert.Contains("reason", (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Null(await world.Referrals.ScalarAsync<string>("SELECT status_reason FROM referrals WHERE id = $1", referral.Id));
    }
}
