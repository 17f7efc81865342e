using System.Text.Encodings.Web;
using Identity.Api.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Identity.Api.Endpoints;

/// <summary>
/// The sign-in page: a plain server-rendered form (no script), protected against cross-site request forgery,
/// that returns to the authorization request it came from.
/// </summary>
public static class AccountEndpoints
{
    public const string LoginPath = "/account/login";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Page(http, antiforgery, SafeReturnUrl(returnUrl), userName: null, error: null, StatusCodes.Status200OK))
            .ExcludeFromDescription();

        app.MapPost(LoginPath, async ([FromForm] SignInForm form, HttpContext http, IAntiforgery antiforgery,
            PasswordCheck passwords, SignInManager<PlatformUser> signIn) =>
        {
            var returnUrl = SafeReturnUrl(form.ReturnUrl);
            var check = await passwords.CheckAsync(form.UserName, form.Password);
            if (check.User is not { } user)
            {
                var status = check.LockedOut ? StatusCodes.Status423Locked : StatusCodes.Status401Unauthorized;
                return Page(http, antiforgery, returnUrl, form.UserName, check.Refusal, status);
            }

            await signIn.SignInAsync(user, isPersistent: false);
            return Results.LocalRedirect(returnUrl);
        }).ExcludeFromDescription();

        return app;
    }

    public sealed record SignInForm(string? UserName, string? Password, string? ReturnUrl);

    /// <summary>Only a path on this site: an open redirect would hand the session to anyone's page.</summary>
    private static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 1 and <= 4096 } url && url[0] == '/' && url[1] is not '/' and not '\\' ? url : "/" + AuthorizationEndpoints.AuthorizePath;

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string returnUrl, string? userName, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var e = HtmlEncoder.Default;
        var errorHtml = error is null ? string.Empty : $"""<p class="error" role="alert">{e.Encode(error)}</p>""";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Sign in</title>
              <link rel="stylesheet" href="/account/site.css">
            </head>
            <body>
              <main>
                <h1>Sign in</h1>
                {errorHtml}
                <form method="post" action="{LoginPath}">
                  <input type="hidden" name="{e.Encode(tokens.FormFieldName)}" value="{e.Encode(tokens.RequestToken ?? string.Empty)}">
                  <input type="hidden" name="returnUrl" value="{e.Encode(returnUrl)}">
                  <label for="userName">User name</label>
                  <input id="userName" name="userName" autocomplete="username" required maxlength="100" value="{e.Encode(userName ?? string.Empty)}">
                  <label for="password">Password</label>
                  <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="{PasswordCheck.MaxPasswordLength}">
                  <button type="submit">Sign in</button>
                </form>
              </main>
            </body>
            </html>
            """;
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Frame-Options"] = "DENY";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
