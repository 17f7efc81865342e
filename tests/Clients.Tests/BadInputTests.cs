using System.Net;
using System.Text.Json.Nodes;
using static Clients.Tests.ClientsApiDriver;

namespace Clients.Tests;

/// <summary>Bad input is a 400 naming the field, and nothing is stored.</summary>
public sealed class BadInputTests(ClientsServiceFactory service) : IClassFixture<ClientsServiceFactory>
{
    private static readonly string TenKb = new('a', 10_240);
    private readonly HttpClient _api = service.CreateApiClient();

    private static JsonObject Valid() => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(NewClient(phone: "305 555 0100", email: "a@example.com"), HttpAssertions.Json))!.AsObject();

    public static TheoryData<string, string, string?> BadRegistrations => new()
    {
        // field, JSON path to change (null value removes it), new value as JSON
        { "dateOfBirth", "dateOfBirth", "\"2999-01-01\"" },
        { "dateOfBirth", "dateOfBirth", "\"1899-12-31\"" },
        { "dateOfBirth", "dateOfBirth", "\"1990-02-30\"" },
        { "dateOfBirth", "dateOfBirth", "\"12/03/1990\"" },
        { "dateOfBirth", "dateOfBirth", "19900101" },
        { "dateOfBirth", "dateOfBirth", null },
        { "firstName", "firstName", null },
        { "firstName", "firstName", "\"\"" },
        { "firstName", "firstName", "\"R2D2\"" },
        { "firstName", "firstName", $"\"{TenKb}\"" },
        { "lastName", "lastName", $"\"{TenKb}\"" },
        { "lastName", "lastName", "42" },
        { "phone", "phone", "\"555-0142\"" },
        { "phone", "phone", "\"call me\"" },
        { "phone", "phone", $"\"{TenKb}\"" },
        { "email", "email", "\"ana@\"" },
        { "email", "email", "\"ana.example.com\"" },
        { "email", "email", $"\"{TenKb}@example.com\"" },
        { "homeLocationId", "homeLocationId", null },
        { "homeLocationId", "homeLocationId", "\"00000000-0000-0000-0000-000000000000\"" },
        { "homeLocationId", "homeLocationId", "\"downtown\"" },
        { "insurance.memberId", "insurance.memberId", null },
        { "insurance.memberId", "insurance.memberId", "\"<script>\"" },
        { "insurance.payer", "insurance.payer", $"\"{TenKb}\"" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task A_bad_registration_is_400_naming_the_field_and_stores_nothing(string field, string path, string? json)
    {
        var body = Valid();
        var (parent, name) = Navigate(body, path);
        if (json is null) parent.Remove(name);
        else parent[name] = JsonNode.Parse(json);

        await AssertRefusedAsync(() => _api.PostRawJsonAsync("/api/clients", body.ToJsonString()), field);
    }

    [Theory]
    [InlineData("{\"firstName\": \"Ana\",")]
    [InlineData("not json")]
    [InlineData("[]")]
    public async Task Malformed_json_is_400_and_stores_nothing(string json)
    {
        var before = await CountAsync();
        using var response = await _api.PostRawJsonAsync("/api/clients", json);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_bad_update_is_400_and_changes_nothing()
    {
        var (client, etag) = await _api.RegisterAsync(NewClient());
        var body = Valid();
        body["dateOfBirth"] = "2999-01-01";
        using var response = await _api.PutWithETagAsync($"/api/clients/{client.Id}", body, etag);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("dateOfBirth", problem.Errors!.Keys);
        Assert.Equal(new DateOnly(1984, 7, 12), (await _api.GetClientAsync(client.Id)).Client.DateOfBirth);
    }

    public static TheoryData<string, string> BadHealthHistories => new()
    {
        { "contraindications[1]", """{"conditions":[],"medications":[],"contraindications":["dvt","headache"]}""" },
        { "contraindications[0]", """{"conditions":[],"medications":[],"contraindications":[3]}""" },
        { "contraindications", """{"conditions":[],"medications":[]}""" },
        { "conditions", """{"medications":[],"contraindications":[]}""" },
        { "conditions[0]", $$"""{"conditions":["{{TenKb}}"],"medications":[],"contraindications":[]}""" },
        { "conditions[0]", """{"conditions":[""],"medications":[],"contraindications":[]}""" },
        { "medications", $$"""{"conditions":[],"medications":[{{string.Join(",", Enumerable.Repeat("\"aspirin\"", 51))}}],"contraindications":[]}""" },
        { "clearance.physicianNpi", """{"conditions":[],"medications":[],"contraindications":["dvt"],"clearance":{"physicianNpi":"1234567890","clearedOn":"2026-01-10"}}""" },
        { "clearance.physicianNpi", """{"conditions":[],"medications":[],"contraindications":["dvt"],"clearance":{"clearedOn":"2026-01-10"}}""" },
        { "clearance.clearedOn", """{"conditions":[],"medications":[],"contraindications":["dvt"],"clearance":{"physicianNpi":"1234567893","clearedOn":"2999-01-10"}}""" },
        { "clearance.clearedOn", """{"conditions":[],"medications":[],"contraindications":["dvt"],"clearance":{"physicianNpi":"1234567893"}}""" },
        { "clearance.note", $$$"""{"conditions":[],"medications":[],"contraindications":["dvt"],"clearance":{"physicianNpi":"1234567893","clearedOn":"2026-01-10","note":"{{{TenKb}}}"}}""" },
    };

    [Theory]
    [MemberData(nameof(BadHealthHistories))]
    public async Task A_bad_health_history_is_400_naming_the_field_and_changes_nothing(string field, string json)
    {
        var (client, etag) = await _api.RegisterAsync(NewClient());
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/clients/{client.Id}/health-history")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", etag);

        await AssertRefusedAsync(() => _api.SendAsync(request), field);
        Assert.Equal("{}", await service.ScalarAsync<string>("SELECT contraindications::text FROM clients WHERE id = $1", client.Id));
        Assert.Null(await service.ScalarAsync<DateTimeOffset?>("SELECT health_history_updated_at FROM clients WHERE id = $1", client.Id));
    }

    [Theory]
    [InlineData("type", """{"type":"marketing","signedAt":"2026-01-05T09:30:00-05:00"}""")]
    [InlineData("type", """{"signedAt":"2026-01-05T09:30:00-05:00"}""")]
    [InlineData("signedAt", """{"type":"treatment","signedAt":"2999-01-05T09:30:00Z"}""")]
    [InlineData("signedAt", """{"type":"treatment","signedAt":"yesterday"}""")]
    [InlineData("signedAt", """{"type":"treatment"}""")]
    public async Task A_bad_consent_is_400_naming_the_field_and_stores_nothing(string field, string json)
    {
        var (client, _) = await _api.RegisterAsync(NewClient());
        await AssertRefusedAsync(() => _api.PostRawJsonAsync($"/api/clients/{client.Id}/consents", json), field);
        Assert.Equal(0L, await service.ScalarAsync<long>("SELECT count(*) FROM consents WHERE client_id = $1", client.Id));
    }

    [Fact]
    public async Task A_consent_signed_a_minute_ahead_of_our_clock_is_clock_skew_not_the_future()
    {
        var (client, _) = await _api.RegisterAsync(NewClient());
        using var response = await _api.PostJsonAsync($"/api/clients/{client.Id}/consents", new { type = "treatment", signedAt = DateTimeOffset.UtcNow.AddMinutes(1) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> send, string field)
    {
        var clients = await CountAsync();
        var consents = await service.ScalarAsync<long>("SELECT count(*) FROM consents");
        using var response = await send();

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors?.ContainsKey(field) == true,
            $"errors should name '{field}' but named: {string.Join(", ", problem.Errors?.Keys.ToArray() ?? [])}");
        Assert.Equal(clients, await CountAsync());
        Assert.Equal(consents, await service.ScalarAsync<long>("SELECT count(*) FROM consents"));
    }

    private Task<long> CountAsync() => service.ScalarAsync<long>("SELECT count(*) FROM clients");

    private static (JsonObject Parent, string Name) Navigate(JsonObject root, string path)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1]) node = node[part]!.AsObject();
        return (node, parts[^1]);
    }
}
