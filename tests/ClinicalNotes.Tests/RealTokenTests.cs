extern alias IdentityApi;

using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Platform.ServiceDefaults.Security;

namespace ClinicalNotes.Tests;

/// <summary>The real identity service with one therapist; ClinicalNotes trusts it and has no test users.</summary>
public sealed class NotesWithRealTokens() : RealTokenHosts<IdentityApi::Program, Program>(new TherapistIdentity(), new ServiceFactory<Program>("notesdb"))
{
    public static readonly TestAccount Therapist = new("notes-therapist", Roles.Therapist, [TestCaller.HomeLocation], PractitionerId: Guid.CreateVersion7());

    private sealed class TherapistIdentity() : RealIdentity<IdentityApi::Program>(Therapist)
    {
        public override SigningCredentials SigningCredentials =>
            GetService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials.First();
    }
}

/// <summary>
/// ClinicalNotes validates tokens itself: a call that bypasses the gateway with no token, or an expired, tampered or
/// wrong-audience one, is 401 naming why; a real therapist's token reads the (empty) list of a client's notes.
/// </summary>
public sealed class RealTokenTests(NotesWithRealTokens hosts) : RestTokenContract<IdentityApi::Program, Program>(hosts), IClassFixture<NotesWithRealTokens>
{
    protected override string ProtectedRoute => $"/api/notes?clientId={ClientId}";

    private static readonly Guid ClientId = Guid.CreateVersion7();

    [Fact]
    public async Task A_real_therapist_token_is_accepted()
    {
        var token = await hosts.Identity.TokenAsync(NotesWithRealTokens.Therapist);

        using var response = await hosts.Service.CreateApiClient().WithToken(token).GetAsync(ProtectedRoute);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
