using System.Net;
using System.Net.Http.Json;
using Platform.ServiceDefaults.Security;
using static Platform.ServiceDefaults.Security.Roles;

namespace Credentials.Tests;

/// <summary>
/// docs/AUTHORIZATION.md, Credentials: every route × every role, anonymous and a token without a platform role.
/// Role only (no row scope). A refused write stores nothing: every change of this service leaves an audit record,
/// so the audit table's row count stands for "nothing stored".
/// </summary>
public sealed class AuthorizationTests(CredentialsServiceFactory service) : IClassFixture<CredentialsServiceFactory>
{
    private static readonly string[] Readers = [FrontDesk, Therapist, Manager, HqAuditor, Admin];
    private static readonly string[] Onboarders = [Manager, Admin];
    private static readonly string[] Licensing = [HqAuditor, Admin];
    private static readonly string[] Auditors = [Manager, HqAuditor, Admin];

    /// <summary>A route of the contract: who may call it, what it answers them, and whether it writes.</summary>
    private sealed record Route(string Method, Func<Fixture, string> Path, string[] Allowed, HttpStatusCode Success, Func<Fixture, object>? Body = null);

    /// <summary>A practitioner with a licence, made by an administrator before each call.</summary>
    private sealed record Fixture(Guid PractitionerId, Guid LicenseId, string ETag)
    {
        public string Practitioner => $"/api/practitioners/{PractitionerId}";
        public string License => $"{Practitioner}/licenses/{LicenseId}";
    }

    private static readonly Dictionary<string, Route> Routes = new()
    {
        ["register practitioner"] = new("POST", _ => "/api/practitioners", Onboarders, HttpStatusCode.Created,
            _ => new { firstName = "Ana", lastName = "Matrix", email = $"{Guid.NewGuid():N}@clinic.example" }),
        ["update practitioner"] = new("PUT", f => f.Practitioner, Onboarders, HttpStatusCode.OK,
            _ => new { firstName = "Ana", lastName = "Changed", email = $"{Guid.NewGuid():N}@clinic.example" }),
        ["list practitioners"] = new("GET", _ => "/api/practitioners", Readers, HttpStatusCode.OK),
        ["get practitioner"] = new("GET", f => f.Practitioner, Readers, HttpStatusCode.OK),
        ["get licence"] = new("GET", f => f.License, Readers, HttpStatusCode.OK),
        ["add licence"] = new("POST", f => $"{f.Practitioner}/licenses", Onboarders, HttpStatusCode.Created, _ => new
        {
            jurisdiction = "US-FL", licenseNumber = CredentialsClient.UniqueNumber(), licenseType = "LMT",
            issuingBoard = "Florida Board of Massage Therapy", issuedOn = "2024-07-01", expiresOn = "2026-08-31",
        }),
        ["renew licence"] = new("POST", f => $"{f.License}/renewal", Onboarders, HttpStatusCode.OK, _ => new { expiresOn = "2028-08-31", reason = "Renewed" }),
        ["add certification"] = new("POST", f => $"{f.Practitioner}/certifications", Onboarders, HttpStatusCode.Created,
            _ => new { code = "NCBTMB", issuedOn = "2025-02-01" }),
        ["verify licence"] = new("POST", f => $"{f.License}/verifications", Licensing, HttpStatusCode.Created,
            _ => new { source = "Florida DOH license lookup", verifiedOn = "2026-01-15", outcome = "verified" }),
        ["change licence status"] = new("POST", f => $"{f.License}/status", Licensing, HttpStatusCode.OK,
            _ => new { status = "suspended", reason = "Board order 2026-114" }),
        ["eligibility"] = new("GET", f => $"{f.Practitioner}/eligibility?jurisdiction=US-FL", Readers, HttpStatusCode.OK),
        ["audit expiring"] = new("GET", _ => "/api/credentials/audit/expiring", Auditors, HttpStatusCode.OK),
        ["audit unverified"] = new("GET", _ => "/api/credentials/audit/unverified", Auditors, HttpStatusCode.OK),
        ["audit suspended"] = new("GET", _ => "/api/credentials/audit/suspended", Auditors, HttpStatusCode.OK),
        ["audit trail"] = new("GET", f => $"/api/credentials/audit/trail?practitionerId={f.PractitionerId}", Auditors, HttpStatusCode.OK),
    };

    public static TheoryData<string, string> Matrix() => TestCaller.Matrix(Routes.Keys);

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_route_answers_each_caller_as_the_contract_says(string routeName, string callerName)
    {
        var (route, caller) = (Routes[routeName], TestCaller.Named(callerName));
        var fixture = await ArrangeAsync();
        var expected = caller.Expected(route.Allowed, route.Success);
        var recordsBefore = await AuditRecordsAsync();

        using var client = caller.Apply(service.CreateApiClient());
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path(fixture));
        if (route.Body is not null) request.Content = JsonContent.Create(route.Body(fixture));
        if (route.Method == "PUT") request.Headers.TryAddWithoutValidation("If-Match", fixture.ETag);
        using var response = await client.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{route.Method} {routeName} as {caller}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal(AccessDeniedException.RoleNotAllowed, (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Code);
        }

        if (route.Body is not null && (int)expected >= 400)
        {
            Assert.Equal(recordsBefore, await AuditRecordsAsync());
        }
    }

    [Fact]
    public void Every_route_of_the_service_is_in_the_matrix() =>
        Assert.Equal(service.ApiRouteCount(), Routes.Count);

    private async Task<Fixture> ArrangeAsync()
    {
        var admin = new CredentialsClient(service.CreateApiClient());
        var practitioner = await admin.RegisterAsync("Matrix");
        var license = await admin.AddLicenseAsync(practitioner.Id);
        using var read = await admin.Http.GetAsync($"/api/practitioners/{practitioner.Id}");
        return new Fixture(practitioner.Id, license.Id, read.Headers.ETag!.Tag);
    }

    private Task<long> AuditRecordsAsync() => service.ScalarAsync<long>("SELECT count(*) FROM audit_records");
}
