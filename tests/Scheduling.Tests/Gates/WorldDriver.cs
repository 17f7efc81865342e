extern alias referrals;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Referrals.Grpc;
using Scheduling.Api.Features.Appointments;
using static Scheduling.Tests.SchedulingClient;

namespace Scheduling.Tests;

/// <summary>
/// Builds the world's data through each service's public API, as staff would: practitioners with licences in
/// Credentials, clients in Clients, prescriptions in Referrals, locations and shifts in Scheduling. Every name,
/// number and id is unique, so tests in a class never see each other's data.
/// </summary>
public sealed class WorldDriver(SchedulingWorld world)
{
    public HttpClient Scheduling { get; } = world.Scheduling.CreateApiClient();
    public HttpClient Credentials { get; } = world.Credentials.CreateApiClient();
    public HttpClient Clients { get; } = world.Clients.CreateApiClient();
    public HttpClient Referrals { get; } = world.Referrals.CreateApiClient();
    public VisitAuthorizations.VisitAuthorizationsClient Visits { get; } = new(world.Referrals.CreateGrpcChannel());

    /// <summary>Today in UTC, by the real clock every service of the world uses.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>A weekday a week or two ahead, far from any daylight-saving change in the tests' zones.</summary>
    public static DateOnly Day(int weeksAhead = 1, DayOfWeek day = DayOfWeek.Tuesday)
    {
        var date = Today.AddDays(7 * weeksAhead);
        while (date.DayOfWeek != day) date = date.AddDays(1);
        return date;
    }

    /// <summary>A local time at a location as an ISO instant with the zone's offset on that date.</summary>
    public static string At(DateOnly date, string time, string zone = NewYork)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var local = date.ToDateTime(TimeOnly.Parse(time, CultureInfo.InvariantCulture));
        return new DateTimeOffset(local, tz.GetUtcOffset(local)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Letters only (names accept no digits), unique per call.</summary>
    public static string Tag() => new(RandomNumberGenerator.GetItems<char>("bcdfghjklmnpqrstvwxz", 8));

    // ---- Credentials ----

    public async Task<Guid> RegisterPractitionerAsync()
    {
        using var response = await Credentials.PostJsonAsync("/api/practitioners",
            new { firstName = "Ana", lastName = "Rivera", email = $"{Guid.NewGuid():N}@clinic.example" });
        return Id(await response.ShouldBeAsync<JsonObject>(HttpStatusCode.Created));
    }

    public async Task<Guid> AddLicenseAsync(Guid practitionerId, string jurisdiction = "US-NY", DateOnly? expiresOn = null, bool verified = true)
    {
        using var response = await Credentials.PostJsonAsync($"/api/practitioners/{practitionerId}/licenses", new
        {
            jurisdiction,
            licenseNumber = "MA" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999),
            licenseType = "LMT",
            issuingBoard = "State Board of Massage Therapy",
            issuedOn = Iso(Today.AddYears(-2)),
            expiresOn = Iso(expiresOn ?? Today.AddYears(1)),
        });
        var license = Id(await response.ShouldBeAsync<JsonObject>(HttpStatusCode.Created));
        if (verified)
        {
            using var verification = await Credentials.PostJsonAsync($"/api/practitioners/{practitionerId}/licenses/{license}/verifications", new
            {
                source = "State licence lookup (primary source)", verifiedOn = Iso(Today.AddDays(-1)), outcome = "verified", notes = "Checked online",
            });
            await verification.ShouldBeAsync<JsonObject>(HttpStatusCode.Created);
        }

        return license;
    }

    public async Task AddCertificationAsync(Guid practitionerId, string code)
    {
        using var response = await Credentials.PostJsonAsync($"/api/practitioners/{practitionerId}/certifications",
            new { code, issuedOn = Iso(Today.AddYears(-1)), expiresOn = (string?)null });
        await response.ShouldBeAsync<JsonObject>(HttpStatusCode.Created);
    }

    public async Task SetLicenseStatusAsync(Guid practitionerId, Guid licenseId, string status)
    {
        using var response = await Credentials.PostJsonAsync($"/api/practitioners/{practitionerId}/licenses/{licenseId}/status",
            new { status, reason = "Board order 2026-114" });
        await response.ShouldBeAsync<JsonObject>(HttpStatusCode.OK);
    }

    /// <summary>A practitioner with an active, verified licence in the jurisdiction.</summary>
    public async Task<(Guid Practitioner, Guid License)> EligiblePractitionerAsync(string jurisdiction = "US-NY")
    {
        var practitioner = await RegisterPractitionerAsync();
        return (practitioner, await AddLicenseAsync(practitioner, jurisdiction));
    }

    // ---- Clients ----

    /// <summary>A registered client; with treatment consent unless told otherwise, and the contraindications given (no clearance).</summary>
    public async Task<Guid> RegisterClientAsync(bool consent = true, params string[] contraindications)
    {
        using var response = await Clients.PostJsonAsync("/api/clients", new
        {
            firstName = "Ana" + Tag(), lastName = "Lima" + Tag(), dateOfBirth = "1984-07-12", homeLocationId = Guid.CreateVersion7(),
        });
        var id = Id(await response.ShouldBeAsync<JsonObject>(HttpStatusCode.Created));
        if (contraindications.Length > 0)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/clients/{id}/health-history")
            {
                Content = JsonContent.Create(new { conditions = Array.Empty<string>(), medications = Array.Empty<string>(), contraindications }),
            };
            request.Headers.IfMatch.Add(response.Headers.ETag!);
            using var history = await Clients.SendAsync(request);
            await history.ShouldBeAsync<JsonObject>(HttpStatusCode.OK);
        }

        if (consent)
        {
            using var consented = await Clients.PostJsonAsync($"/api/clients/{id}/consents", new { type = "treatment", signedAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
            await consented.ShouldBeAsync<JsonObject>(HttpStatusCode.Created);
        }

        return id;
    }

    // ---- Referrals ----

    /// <summary>An active prescription for the client: accepted, starting yesterday, expiring in <paramref name="expiresInDays"/>.</summary>
    public async Task<Guid> ActiveReferralAsync(Guid clientId, int authorizedVisits = 12, int expiresInDays = 60)
    {
        using var physician = await Referrals.PostJsonAsync("/api/physicians", new
        {
            npi = NewNpi(), firstName = "Maya", lastName = "Okafor", credential = "MD", practiceName = "Bayside Orthopedics",
            phone = "(305) 555-0142", fax = "305.555.0143",
        });
        var physicianId = Id(await physician.ShouldBeAsync<JsonObject>(HttpStatusCode.Created));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals")
        {
            Content = JsonContent.Create(new
            {
                physicianId, clientId,
                diagnoses = new[] { "M54.50" }, cptCodes = new[] { "97124" }, bodyRegions = new[] { "lower-back" },
                frequencyPerWeek = 3, durationWeeks = Math.Max(6, (authorizedVisits + 2) / 3), authorizedVisits, sessionMinutes = 60,
                precautions = "No deep pressure over the lumbar spine.",
                startDate = Iso(Today.AddDays(-1)), expiresOn = Iso(Today.AddDays(expiresInDays)),
                attestation = new { signedBy = "Maya Okafor, MD", signedAt = DateTimeOffset.UtcNow.AddHours(-1) },
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var submitted = await Referrals.SendAsync(request);
        var referralId = Id(await submitted.ShouldBeAsync<JsonObject>(HttpStatusCode.Created));
        using var accepted = await Referrals.PostJsonAsync($"/api/referrals/{referralId}/accept", new { clientId });
        await accepted.ShouldBeAsync<JsonObject>(HttpStatusCode.OK);
        return referralId;
    }

    /// <summary>The referral's visits as Referrals counts them: (used, held).</summary>
    public async Task<(int Used, int Held)> VisitsAsync(Guid referralId)
    {
        var authorization = await Visits.GetAuthorizationAsync(new GetAuthorizationRequest { ReferralId = referralId.ToString() });
        return (authorization.Visits.Used, authorization.Visits.Held);
    }

    /// <summary>The state of the hold Referrals keeps for an appointment (held, confirmed, consumed, released, expired), or null.</summary>
    public Task<string?> HoldStateAsync(Guid referralId, Guid appointmentId) =>
        world.Referrals.ScalarAsync<string>("SELECT state FROM visit_holds WHERE referral_id = $1 AND appointment_id = $2", referralId, appointmentId);

    public Task<long> HoldCountAsync(Guid referralId) =>
        world.Referrals.ScalarAsync<long>("SELECT count(*) FROM visit_holds WHERE referral_id = $1 AND state IN ('held', 'confirmed')", referralId)!;

    /// <summary>A valid NPI nobody else in the run has: nine random digits and their Luhn check digit.</summary>
    public static string NewNpi()
    {
        var prefix = RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        return Enumerable.Range(0, 10).Select(d => prefix + d).Single(referrals::Referrals.Api.Domain.Npi.IsValid);
    }

    // ---- Scheduling ----

    /// <summary>A location with rooms, and the practitioner's shift there 08:00-18:00 on each date.</summary>
    public async Task<Guid> ClinicAsync(Guid practitionerId, IEnumerable<DateOnly> dates, string zone = NewYork, string jurisdiction = "US-NY", int rooms = 2)
    {
        var location = await Scheduling.CreateLocationAsync(zone, jurisdiction, rooms: rooms);
        foreach (var date in dates) await Scheduling.CreateShiftAsync(practitionerId, location.Id, Iso(date));
        return location.Id;
    }

    public Task<long> AppointmentsAsync(Guid clientId) =>
        world.Scheduling.ScalarAsync<long>("SELECT count(*) FROM appointments WHERE client_id = $1", clientId)!;

    public async Task<AppointmentView> BookAsync(Dictionary<string, object?> body) => await Scheduling.BookAsync(body);

    private static Guid Id(JsonObject body) => Guid.Parse(body["id"]!.GetValue<string>());
}
