using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Clients.Api.Features.Clients;

namespace Clients.Tests;

/// <summary>Requests as the front desk sends them, and unique test data so tests in a class never see each other's clients.</summary>
public static class ClientsApiDriver
{
    public static readonly Guid HomeLocation = Guid.Parse("0195a1b2-0000-7000-8000-000000000001");

    /// <summary>Letters only (names accept no digits), unique per call.</summary>
    public static string Tag(int length = 8) =>
        new(RandomNumberGenerator.GetItems<char>("bcdfghjklmnpqrstvwxz", length));

    /// <summary>A North American number nobody else in the run has: 10 digits with a valid area code.</summary>
    public static string PhoneDigits() => "305" + RandomNumberGenerator.GetInt32(2_000_000, 9_999_999);

    public static Dictionary<string, object?> NewClient(string? firstName = null, string? lastName = null, string dateOfBirth = "1984-07-12",
        string? email = null, string? phone = null) => new()
    {
        ["firstName"] = firstName ?? "Ana" + Tag(),
        ["lastName"] = lastName ?? "Lima" + Tag(),
        ["dateOfBirth"] = dateOfBirth,
        ["email"] = email,
        ["phone"] = phone,
        ["homeLocationId"] = HomeLocation,
        ["insurance"] = new Dictionary<string, object?> { ["payer"] = "Florida Blue", ["memberId"] = "XJ-4471902" },
    };

    public static async Task<(ClientView Client, string ETag)> RegisterAsync(this HttpClient api, object body, bool allowDuplicate = false)
    {
        using var response = await api.PostJsonAsync(allowDuplicate ? "/api/clients?allowDuplicate=true" : "/api/clients", body);
        var client = await response.ShouldBeAsync<ClientView>(HttpStatusCode.Created);
        return (client, response.Headers.ETag!.Tag);
    }

    public static async Task<(ClientView Client, string ETag)> GetClientAsync(this HttpClient api, Guid id)
    {
        using var response = await api.GetAsync($"/api/clients/{id}");
        var client = await response.ShouldBeAsync<ClientView>(HttpStatusCode.OK);
        return (client, response.Headers.ETag!.Tag);
    }

    public static Task<HttpResponseMessage> PutWithETagAsync(this HttpClient api, string url, object body, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent(body) };
        if (etag is not null) request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return api.SendAsync(request);
    }

    public static async Task<(ClientView Client, string ETag)> RecordHealthHistoryAsync(this HttpClient api, Guid id, string etag, object history)
    {
        using var response = await api.PutWithETagAsync($"/api/clients/{id}/health-history", history, etag);
        var client = await response.ShouldBeAsync<ClientView>(HttpStatusCode.OK);
        return (client, response.Headers.ETag!.Tag);
    }

    public static async Task RecordConsentAsync(this HttpClient api, Guid id, string type)
    {
        using var response = await api.PostJsonAsync($"/api/clients/{id}/consents", new { type, signedAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
        await response.ShouldBeAsync<ConsentView>(HttpStatusCode.Created);
    }

    public static object History(string[] contraindications, object? clearance = null, string[]? conditions = null, string[]? medications = null) => new
    {
        conditions = conditions ?? ["chronic low back pain"],
        medications = medications ?? ["ibuprofen 400 mg as needed"],
        contraindications,
        clearance,
    };

    public static object Clearance(string clearedOn = "2026-01-10", string npi = "1234567893", string? note = "Cleared for gentle work") =>
        new { physicianNpi = npi, clearedOn, note };

    private static HttpContent JsonContent(object body) =>
        System.Net.Http.Json.JsonContent.Create(body, options: HttpAssertions.Json);
}
