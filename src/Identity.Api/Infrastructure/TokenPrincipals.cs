using System.Security.Claims;
using System.Text.Json;
using Identity.Api.Domain;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Platform.ServiceDefaults.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Api.Infrastructure;

/// <summary>Builds the principal OpenIddict turns into tokens, for a person or for a system client.</summary>
public static class TokenPrincipals
{
    /// <summary>Every access token is for the platform's API; services and the gateway accept no other audience.</summary>
    public const string Audience = "platform-api";

    /// <summary>Where an EHR client's physician id is kept, in its OpenIddict application properties.</summary>
    public const string PhysicianIdProperty = "physician_id";

    private static readonly string[] PersonScopes = [Scopes.OpenId, Scopes.Profile, Scopes.Roles, Scopes.OfflineAccess];

    public static ClaimsPrincipal ForPerson(PlatformUser user, IEnumerable<string> requestedScopes) =>
        Build(TokenClaims.ForPerson(user.Id, user.Profile), requestedScopes.Intersect(PersonScopes, StringComparer.Ordinal));

    public static async Task<ClaimsPrincipal?> ForClientAsync(IOpenIddictApplicationManager applications, string clientId, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null) return null;

        var name = await applications.GetDisplayNameAsync(application, cancellationToken) ?? clientId;
        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        Guid? physicianId = properties.TryGetValue(PhysicianIdProperty, out var value) && value.ValueKind == JsonValueKind.String
            && Guid.TryParse(value.GetString(), out var id) ? id : null;
        // A platform service (no physician) is always granted the internal scope, asked for or not; an EHR never is
        // (it has no permission for it, so OpenIddict refuses the request before this runs).
        return Build(TokenClaims.ForClient(clientId, name, physicianId), physicianId is null ? [ServiceCallers.InternalScope] : []);
    }

    private static ClaimsPrincipal Build(IEnumerable<(string Type, string Value)> claims, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        foreach (var (type, value) in claims)
        {
            identity.AddClaim(new Claim(type, value));
        }

        identity.SetScopes(scopes);
        identity.SetAudiences(Audience);
        identity.SetDestinations(claim => Destinations(claim, identity));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// Every claim goes into the access token (the services decide with it). The identity token, which the
    /// browser application reads, gets the name and role only when the matching scope was granted, and never
    /// the location, practitioner or physician ids.
    /// </summary>
    private static IEnumerable<string> Destinations(Claim claim, ClaimsIdentity identity)
    {
        yield return OpenIddictConstants.Destinations.AccessToken;
        var forIdentityToken = claim.Type switch
        {
            CurrentUser.ClaimNames.Name => identity.HasScope(Scopes.Profile),
            CurrentUser.ClaimNames.Role => identity.HasScope(Scopes.Roles),
            _ => false,
        };
        if (forIdentityToken) yield return OpenIddictConstants.Destinations.IdentityToken;
    }
}
