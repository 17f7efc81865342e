extern alias IdentityApi;

using System.Net;
using System.Net.Http.Json;
using Credentials.Api.Features.Audit;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Platform.ServiceDefaults.Http;

namespace Credentials.Tests;

/// <summary>The real identity service with one manager; Credentials trusts it and has no test users.</summary>
public sealed class CredentialsWithRealTokens() : RealTokenHosts<IdentityApi::Program, Program>(new ManagerIdentity(), new ServiceFactory<Program>("credentialsdb"))
{
    public static readonly TestAccount Manager = new("cred-manager", "manager", [TestCaller.HomeLocation]);

    private sealed class ManagerIdentity() : RealIdentity<IdentityApi::Program>(Manager)
    {
        public override SigningCredentials SigningCredentials =>
            GetService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials.First();
    }
}

/// <summary>
/// Credentials validates tokens itself: a call that bypasses the gateway needs a valid token for this platform, and
/// the audit trail records the token's subject as who acted.
/// </summary>
public sealed class RealTokenTests(CredentialsWithRealTokens hosts) : RestTokenContract<IdentityApi::Program, Program>(hosts), IClassFixture<CredentialsWithRealTokens>
{
    protected override string ProtectedRoute => "/api/practitioners";

    private static readonly object Practitioner = new { firstName = "Ana", lastName = "Token", email = "ana.token@clinic.example" };

    [Fact]
    public async Task A_call_without_a_token_is_401_and_stores_nothing()
    {
        using var response = await hosts.Service.CreateApiClient().PostAsJsonAsync("/api/practitioners", Practitioner);

        Assert.Equal("authentication_required", (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Code);
        Assert.Equal(0L, await hosts.Service.ScalarAsync<long>("SELECT count(*) FROM practitioners WHERE last_name = 'Token'"));
    }

    [Fact]
    public async Task A_real_token_is_accepted_and_the_audit_trail_records_its_subject()
    {
        var token = await hosts.Identity.TokenAsync(CredentialsWithRealTokens.Manager);
        using var client = hosts.Service.CreateApiClient().WithToken(token);

        using var created = await client.PostAsJsonAsync("/api/practitioners", Practitioner);
        var practitioner = await created.ShouldBeAsync<Credentials.Api.Features.Practitioners.PractitionerView>(HttpStatusCode.Created);

        using var trail = await client.GetAsync($"/api/credentials/audit/trail?practitionerId={practitioner.Id}");
        var record = Assert.Single((await trail.ShouldBeAsync<Page<AuditRecordView>>(HttpStatusCode.OK)).Items);
        var subject = new JsonWebToken(token).Subject;
        Assert.False(string.IsNullOrEmpty(subject));
        Assert.Equal(subject, record.Actor);
    }
}

/// <summary>Credentials' gRPC (eligibility) admits platform services' real tokens only.</summary>
public sealed class GrpcTokenTests(CredentialsWithRealTokens hosts) : GrpcTokenContract<IdentityApi::Program, Program>(hosts), IClassFixture<CredentialsWithRealTokens>
{
    protected override TestAccount Person => CredentialsWithRealTokens.Manager;

    /// <summary>No practitioner has a licence in this jurisdiction: an empty answer, not a refusal.</summary>
    protected override async Task CallAsync(global::Grpc.Net.Client.GrpcChannel channel) =>
        Assert.Empty((await new Credentials.Grpc.Eligibility.EligibilityClient(channel).ListEligiblePractitionersAsync(
            new Credentials.Grpc.ListEligiblePractitionersRequest { Jurisdiction = "US-NY", From = "2026-03-02" })).Windows);
}
