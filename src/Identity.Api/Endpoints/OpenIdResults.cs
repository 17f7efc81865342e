using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;

namespace Identity.Api.Endpoints;

/// <summary>Answers in the protocol's own terms: OpenIddict writes the token or error response.</summary>
internal static class OpenIdResults
{
    public static IResult SignIn(System.Security.Claims.ClaimsPrincipal principal) =>
        Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    /// <summary>An OAuth error (<c>invalid_grant</c>, <c>login_required</c>, ...) with a description a person can act on.</summary>
    public static IResult Error(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
