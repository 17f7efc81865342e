using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Grpc.Core;
using Referrals.Api.Domain;
using Referrals.Api.Features.Physicians;
using Referrals.Api.Features.Referrals;
using Referrals.Grpc;

namespace Referrals.Tests;

/// <summary>Requests as staff, physicians and Scheduling send them, with unique data so tests in a class never see each other's.</summary>
public sealed class ReferralsDriver(ReferralsWorld world)
{
    /// <summary>The day tests book around (UTC). Referrals start the day before, so they are active whatever the hour.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public HttpClient Api { get; } = world.Referrals.CreateApiClient();

    public VisitAuthorizations.VisitAuthorizationsClient Visits { get; } = new(world.Referrals.CreateGrpcChannel());

    public ReferralsServiceFactory Service => world.Referrals;

    public TestClock Clock => world.Referrals.Clock;

    /// <summary>A valid NPI nobody else in the run has: nine random digits and their Luhn check digit.</summary>
    public static string NewNpi()
    {
        var prefix = RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString();
        return Enumerable.Range(0, 10).Select(d => prefix + d).Single(Npi.IsValid);
    }

    public static JsonObject PhysicianBody(string? npi = null) => new()
    {
        ["npi"] = npi ?? NewNpi(),
        ["firstName"] = "Maya",
        ["lastName"] = "Okafor",
        ["credential"] = "MD",
        ["practiceName"] = "Bayside Orthopedics",
        ["phone"] = "(305) 555-0142",
        ["fax"] = "305.555.0143",
    };

    public Task<PhysicianView> RegisterPhysicianAsync(string? npi = null) => RegisterPhysicianAsync(Api, npi);

    public static async Task<PhysicianView> RegisterPhysicianAsync(HttpClient api, string? npi = null)
    {
        using var response = await api.PostJsonAsync("/api/physicians", PhysicianBody(npi));
        return await response.ShouldBeAsync<PhysicianView>(HttpStatusCode.Created);
    }

    /// <summary>A client registered in the real Clients service.</summary>
    public async Task<Guid> RegisterClientAsync()
    {
        using var clients = world.Clients.CreateApiClient();
        using var response = await clients.PostJsonAsync("/api/clients", new
        {
            firstName = "Ana" + Tag(),
            lastName = "Lima" + Tag(),
            dateOfBirth = "1984-07-12",
            homeLocationId = Guid.Parse("0195a1b2-0000-7000-8000-000000000001"),
        });
        var body = await response.ShouldBeAsync<JsonObject>(HttpStatusCode.Created);
        return Guid.Parse(body["id"]!.GetValue<string>());
    }

    /// <summary>A complete prescription: 2x/week for 6 weeks, 12 visits, starting yesterday, expiring in 60 days.</summary>
    public static JsonObject ReferralBody(Guid physicianId, Guid? clientId = null, int authorizedVisits = 12, int frequencyPerWeek = 2,
        int durationWeeks = 6, DateOnly? startDate = null, DateOnly? expiresOn = null)
    {
        var body = new JsonObject
        {
            ["physicianId"] = physicianId.ToString(),
            ["diagnoses"] = new JsonArray("M54.50", "M62.830"),
            ["cptCodes"] = new JsonArray("97124", "97140"),
            ["bodyRegions"] = new JsonArray("lower-back", "hip-gluteal-right"),
            ["frequencyPerWeek"] = frequencyPerWeek,
            ["durationWeeks"] = durationWeeks,
            ["authorizedVisits"] = authorizedVisits,
            ["sessionMinutes"] = 60,
            ["precautions"] = "No deep pressure over the lumbar fusion site.",
            ["startDate"] = IsoDate.Of(startDate ?? Today.AddDays(-1)),
            ["expiresOn"] = IsoDate.Of(expiresOn ?? Today.AddDays(60)),
            ["attestation"] = new JsonObject { ["signedBy"] = "Maya Okafor, MD", ["signedAt"] = $"{IsoDate.Of(Today.AddDays(-1))}T15:30:00Z" },
        };
        if (clientId is { } id) body["clientId"] = id.ToString();
        else body["client"] = new JsonObject { ["firstName"] = "Rosa", ["lastName"] = "Delgado", ["dateOfBirth"] = "1971-03-09", ["phone"] = "305-555-0199" };
        return body;
    }

    public Task<HttpResponseMessage> SubmitAsync(JsonNode body, string? idempotencyKey) => SubmitRawAsync(body.ToJsonString(), idempotencyKey);

    public Task<HttpResponseMessage> SubmitRawAsync(string json, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return Api.SendAsync(request);
    }

    public async Task<ReferralView> SubmitReferralAsync(JsonObject body)
    {
        using var response = await SubmitAsync(body, Guid.NewGuid().ToString());
        return await response.ShouldBeAsync<ReferralView>(HttpStatusCode.Created);
    }

    public async Task<ReferralView> AcceptAsync(Guid referralId, Guid clientId)
    {
        using var response = await Api.PostJsonAsync($"/api/referrals/{referralId}/accept", new { clientId });
        return await response.ShouldBeAsync<ReferralView>(HttpStatusCode.OK);
    }

    /// <summary>A referral accepted for a newly registered client: visits can be held on it.</summary>
    public async Task<(ReferralView Referral, Guid ClientId)> ActiveReferralAsync(int authorizedVisits = 12, int frequencyPerWeek = 2, int durationWeeks = 6,
        DateOnly? startDate = null, DateOnly? expiresOn = null)
    {
        var physician = await RegisterPhysicianAsync();
        var clientId = await RegisterClientAsync();
        var submitted = await SubmitReferralAsync(ReferralBody(physician.Id, clientId, authorizedVisits, frequencyPerWeek, durationWeeks, startDate, expiresOn));
        return (await AcceptAsync(submitted.Id, clientId), clientId);
    }

    public async Task<ReferralView> GetAsync(Guid referralId, string query = "")
    {
        using var response = await Api.GetAsync($"/api/referrals/{referralId}{query}");
        return await response.ShouldBeAsync<ReferralView>(HttpStatusCode.OK);
    }

    public async Task<HoldReply> HoldAsync(Guid referralId, Guid clientId, Guid? appointmentId = null, DateOnly? visitDate = null) =>
        await Visits.HoldVisitAsync(new HoldVisitRequest
        {
            ReferralId = referralId.ToString(),
            ClientId = clientId.ToString(),
            AppointmentId = (appointmentId ?? Guid.NewGuid()).ToString(),
            VisitDate = IsoDate.Of(visitDate ?? Today.AddDays(7)),
        });

    public static HoldRef Ref(Guid referralId, Guid appointmentId) => new() { ReferralId = referralId.ToString(), AppointmentId = appointmentId.ToString() };

    public Task<long> CountAsync(string sql, params object[] parameters) => world.Referrals.ScalarAsync<long>(sql, parameters)!;

    /// <summary>Letters only (names accept no digits), unique per call.</summary>
    public static string Tag() => new(RandomNumberGenerator.GetItems<char>("bcdfghjklmnpqrstvwxz", 8));
}

public static class Json
{
    /// <summary>Two answers say the same thing on the wire (records holding lists do not compare by value).</summary>
    public static void AssertSame<T>(T expected, T actual) =>
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected, HttpAssertions.Json), System.Text.Json.JsonSerializer.Serialize(actual, HttpAssertions.Json));
}

public static class GrpcAssertions
{
    /// <summary>Asserts the call fails with this status and returns the exception (code and reasons in its trailers).</summary>
    public static async Task<RpcException> ShouldFailAsync<T>(this AsyncUnaryCall<T> call, StatusCode status)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await call);
        Assert.True(ex.StatusCode == status, $"Expected {status} but got {ex.StatusCode}: {ex.Status.Detail}");
        return ex;
    }
}
