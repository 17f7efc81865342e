using Identity.Api.Infrastructure;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Api.Endpoints;

/// <summary>
/// The OpenID Connect endpoints OpenIddict passes through once it has validated the request (client,
/// redirect URI, PKCE, grant type): who the user is and what their token says is decided here.
/// </summary>
public static class AuthorizationEndpoints
{
    // OpenIddict takes endpoint paths relative to the issuer (no leading slash).
    public const string AuthorizePath = "connect/authorize";
    public const string TokenPath = "connect/token";
    public const string LogoutPath = "connect/logout";
    public const string RevokePath = "connect/revoke";

    public static IEndpointRouteBuilder MapAuthorizationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/" + AuthorizePath, [HttpMethods.Get, HttpMethods.Post], (Delegate)Authorize).ExcludeFromDescription();
        app.MapPost("/" + TokenPath, (Delegate)Exchange).ExcludeFromDescription();
        app.MapMethods("/" + LogoutPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)Logout).ExcludeFromDescription();
        return app;
    }

    /// <summary>Authorization code flow: a signed-in user gets a code at once (first-party clients, no consent page).</summary>
    private static async Task<IResult> Authorize(HttpContext http, UserManager<PlatformUser> users, PasswordCheck passwords)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal) : null;
        if (user is null || !await passwords.StillAllowedAsync(user))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return OpenIdResults.Error(Errors.LoginRequired, "The user is not signed in.");
            }

            // To the sign-in page, which comes back here once the user has signed in.
            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            return Results.Challenge(
                new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + http.Request.QueryString },
                [IdentityConstants.ApplicationScheme]);
        }

        return OpenIdResults.SignIn(TokenPrincipals.ForPerson(user, request.GetScopes()));
    }

    private static async Task<IResult> Exchange(
        HttpContext http, UserManager<PlatformUser> users, PasswordCheck passwords, IOpenIddictApplicationManager applications)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            var principal = await TokenPrincipals.ForClientAsync(applications, request.ClientId!, http.RequestAborted);
            return principal is null
                ? OpenIdResults.Error(Errors.InvalidClient, "The client is not registered.")
                : OpenIdResults.SignIn(principal);
        }

        if (request.IsPasswordGrantType())
        {
            // Reaches here only in Development: elsewhere OpenIddict refuses the grant type before this runs.
            var check = await passwords.CheckAsync(request.Username, request.Password);
            return check.User is { } user
                ? OpenIdResults.SignIn(TokenPrincipals.ForPerson(user, request.GetScopes()))
                : OpenIdResults.Error(Errors.InvalidGrant, check.Refusal!);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            // The code or refresh token was validated by OpenIddict; the claims are rebuilt from the user as they
            // are now, so a changed role or location, or a disabled account, takes effect at the next refresh.
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var user = result.Principal?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
            if (user is null || !await passwords.StillAllowedAsync(user))
            {
                return OpenIdResults.Error(Errors.InvalidGrant, "This account may no longer sign in. Sign in again, or ask an administrator.");
            }

            return OpenIdResults.SignIn(TokenPrincipals.ForPerson(user, result.Principal!.GetScopes()));
        }

        return OpenIdResults.Error(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    private static async Task<IResult> Logout(HttpContext http)
    {
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        // OpenIddict redirects to the client's registered post_logout_redirect_uri when one was given.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = AccountEndpoints.LoginPath },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
