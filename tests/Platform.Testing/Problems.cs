using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.ServiceDefaults.Json;
using Xunit;

namespace Platform.Testing;

/// <summary>An RFC 9457 problem as the platform writes it.</summary>
public sealed record Problem(
    int Status,
    string? Title,
    string? Detail,
    string? Code,
    string[]? Reasons,
    Dictionary<string, string[]>? Errors,
    string? TraceId);

public static class HttpAssertions
{
    public static readonly JsonSerializerOptions Json = PlatformJson.Web;

    /// <summary>Asserts the status and the problem+json content type, and returns the problem.</summary>
    public static async Task<Problem> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {status} but got {(int)response.StatusCode} {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonSerializer.Deserialize<Problem>(body, Json)!;
    }

    /// <summary>Asserts a success status and reads the body.</summary>
    public static async Task<T> ShouldBeAsync<T>(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {status} but got {(int)response.StatusCode} {response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string url, T body) =>
        client.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PutJsonAsync<T>(this HttpClient client, string url, T body) =>
        client.PutAsJsonAsync(url, body, Json);

    /// <summary>Sends raw text as JSON, for malformed-input tests.</summary>
    public static Task<HttpResponseMessage> PostRawJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
}
