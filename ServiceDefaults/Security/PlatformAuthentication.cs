using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults.Security;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Access-token validation for the gateway and every service: a JWT bearer scheme that checks issuer, audience
/// (<c>platform-api</c>), lifetime and signature against the identity service's published keys, keeps the
/// token's claim names (<c>sub</c>, <c>role</c>, <c>location</c>, ...) so <see cref="CurrentUser"/> reads them
/// unchanged, and answers 401/403 with problem details. Every endpoint then requires an authenticated caller
/// unless it is marked <c>AllowAnonymous()</c> (the health probes and OpenAPI document are).
/// </summary>
public static class PlatformAuthentication
{
    /// <summary>The named HTTP client that fetches discovery documents and keys (service discovery, resilience).</summary>
    public const string MetadataClientName = "platform-authentication-metadata";

    public static TBuilder AddPlatformAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddPlatformBearer();
        var authenticated = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(authenticated)
            // Secure by default: an endpoint nobody thought about still needs a token.
            .SetFallbackPolicy(authenticated);

        return builder;
    }

    /// <summary>
    /// The bearer scheme alone, without making every endpoint require a token: what gRPC needs in a service whose REST
    /// endpoints do not authorize yet. Registered once however many callers ask for it.
    /// </summary>
    internal static void AddPlatformBearer(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(d => d.ServiceType == typeof(PlatformBearerMarker))) return;
        builder.Services.AddSingleton<PlatformBearerMarker>();
        IdentityWarmUp.Register(builder.Services);

        var settings = builder.Configuration.GetSection(PlatformAuthenticationOptions.Section).Get<PlatformAuthenticationOptions>() ?? new();
        var requireHttps = settings.RequireHttpsMetadata ?? !builder.Environment.IsDevelopment();

        builder.Services.AddHttpClient(MetadataClientName);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MetadataAddress = settings.ResolveMetadataAddress().AbsoluteUri;
                options.RequireHttpsMetadata = requireHttps;
                // Claim names stay as issued ("sub", "role"), not rewritten to the WS-Federation URIs.
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidIssuer = settings.Issuer,
                    ValidateAudience = true,
                    ValidAudience = settings.Audience,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidateIssuerSigningKey = true,
                    ClockSkew = PlatformAuthenticationOptions.ClockSkew,
                    NameClaimType = CurrentUser.ClaimNames.Name,
                    RoleClaimType = CurrentUser.ClaimNames.Role,
                };
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = BearerProblems.EnsureKeysAsync,
                    OnAuthenticationFailed = BearerProblems.KeepInfrastructureFailure,
                    OnChallenge = BearerProblems.WriteChallengeAsync,
                    OnForbidden = BearerProblems.WriteForbiddenAsync,
                };
            });

        // Discovery and keys travel through the platform's HTTP pipeline, so "http://identity" resolves.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IHttpClientFactory>((options, clients) => options.Backchannel = clients.CreateClient(MetadataClientName));

        // A token checked once is not checked again on every request (see CheckedTokens).
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new CheckedTokens(services.GetRequiredService<TimeProvider>()));
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<CheckedTokens>((options, checkedTokens) =>
            {
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new RememberingTokenHandler(checkedTokens) { MapInboundClaims = false });
            });
    }

    private sealed class PlatformBearerMarker;
}

/// <summary>The 401, 403 and 503 answers of the bearer scheme, as problem details.</summary>
internal static class BearerProblems
{
    private const string InfrastructureFailureKey = "platform.authentication.infrastructure";

    /// <summary>
    /// A token arrived: make sure the identity service's keys are known first. Without this, a token checked while
    /// the identity service is unreachable would fail as "signature not valid" (no keys to check it with), a 401 that
    /// sends the caller to sign in again instead of the 503 it is. Known keys are cached, so this costs nothing after
    /// the first fetch, and a failed refresh keeps the last good ones.
    /// </summary>
    public static async Task EnsureKeysAsync(MessageReceivedContext context)
    {
        if (context.Request.Headers.Authorization.Count == 0 || context.Options.ConfigurationManager is not { } configuration) return;
        try
        {
            await configuration.GetConfigurationAsync(context.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            context.HttpContext.Items[InfrastructureFailureKey] = true;
            context.Fail(ex);
        }
    }

    /// <summary>
    /// The keys could not be fetched (the identity service is down): not the caller's fault. Turned into a
    /// failure so the challenge answers 503 instead of the exception becoming a 500. A token the caller got wrong
    /// is a <see cref="SecurityTokenException"/>, or an <see cref="ArgumentException"/> when it is not even a JWT
    /// (<see cref="SecurityTokenMalformedException"/>): those stay 401.
    /// </summary>
    public static Task KeepInfrastructureFailure(AuthenticationFailedContext context)
    {
        if (context.Exception is not (SecurityTokenException or ArgumentException))
        {
            context.HttpContext.Items[InfrastructureFailureKey] = true;
            context.Fail(context.Exception);
        }

        return Task.CompletedTask;
    }

    public static bool IsInfrastructureFailure(HttpContext context) => context.Items.ContainsKey(InfrastructureFailureKey);

    public static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var response = context.Response;
        if (IsInfrastructureFailure(context.HttpContext))
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = "2";
            await WriteAsync(context.HttpContext, StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                "The identity service cannot be reached to check the access token. Try again shortly.", "identity_unavailable");
            return;
        }

        var (code, detail) = Describe(context.AuthenticateFailure, hasToken: context.Request.Headers.Authorization.Count > 0);
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = code == "authentication_required"
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{detail}\"";
        await WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", detail, code);
    }

    public static Task WriteForbiddenAsync(ForbiddenContext context) =>
        WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden",
            "Your role, locations or records do not allow this.", "forbidden");

    public static (string Code, string Detail) Describe(Exception? failure, bool hasToken) => failure switch
    {
        null when !hasToken => ("authentication_required", "Sign in first: send an access token as 'Authorization: Bearer <token>'."),
        SecurityTokenExpiredException => ("token_expired", "The access token has expired. Get a new one (refresh token or sign in again)."),
        SecurityTokenInvalidAudienceException => ("token_wrong_audience", "The access token is not meant for this API (audience)."),
        SecurityTokenInvalidIssuerException => ("token_wrong_issuer", "The access token was not issued by this platform's identity service."),
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
            ("token_invalid_signature", "The access token's signature is not valid."),
        SecurityTokenNotYetValidException => ("token_not_yet_valid", "The access token is not valid yet; check the clocks."),
        _ => ("token_invalid", "The access token is not valid. Send a token from the platform's identity service."),
    };

    private static async Task WriteAsync(HttpContext context, int status, string title, string detail, string code)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = { ["code"] = code } },
        });
    }
}
