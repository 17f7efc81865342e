using System.Security.Cryptography.X509Certificates;
using Identity.Api.Endpoints;
using Identity.Api.Infrastructure;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using Platform.ServiceDefaults.Security;

namespace Identity.Api.Extensions;

public static class IdentityExtensions
{
    public const string DatabaseName = "identitydb";

    public static IHostApplicationBuilder AddIdentityProvider(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(IdentityProviderOptions.Section);
        // `dotnet run -- --seed demo` (the AppHost's switch) as well as Identity__Seed=demo.
        section["Seed"] ??= builder.Configuration["seed"];
        var options = section.Get<IdentityProviderOptions>() ?? new();
        builder.Services.Configure<IdentityProviderOptions>(section);
        var issuer = options.Issuer ?? throw new InvalidOperationException(
            "Identity:Issuer is not set. Set it (Identity__Issuer) to the public URL clients use to reach the platform, the gateway's, for example https://clinic.example/.");

        builder.AddNpgsqlDbContext<IdentityProviderDbContext>(DatabaseName);

        builder.Services.AddIdentityCore<PlatformUser>(identity =>
            {
                // Length over composition rules (NIST SP 800-63B): long passphrases, no forced symbols.
                identity.Password.RequiredLength = 12;
                identity.Password.RequiredUniqueChars = 4;
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = options.Lockout.MaxFailedAttempts;
                identity.Lockout.DefaultLockoutTimeSpan = options.Lockout.Duration;
                identity.User.RequireUniqueEmail = false;
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<IdentityProviderDbContext>()
            .AddDefaultTokenProviders();
        builder.Services.AddScoped<PasswordCheck>();

        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = AccountEndpoints.LoginPath;
            cookie.Cookie.Name = "platform.identity";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // The sign-in session only serves to finish an authorization request; the client keeps the tokens.
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            cookie.SlidingExpiration = false;
        });
        builder.Services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = "platform.identity.antiforgery");

        var environment = builder.Environment;
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityProviderDbContext>())
            .AddServer(server =>
            {
                server.SetIssuer(issuer);
                server.SetAuthorizationEndpointUris(AuthorizationEndpoints.AuthorizePath)
                    .SetTokenEndpointUris(AuthorizationEndpoints.TokenPath)
                    .SetEndSessionEndpointUris(AuthorizationEndpoints.LogoutPath)
                    .SetRevocationEndpointUris(AuthorizationEndpoints.RevokePath);

                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                server.AllowClientCredentialsFlow();
                server.AllowRefreshTokenFlow();
                if (environment.IsDevelopment())
                {
                    // Scripts and tests only: a client that collects a password is never allowed elsewhere,
                    // and the server itself refuses the grant type outside Development.
                    server.AllowPasswordFlow();
                }

                server.RegisterScopes(OpenIddictConstants.Scopes.Profile, OpenIddictConstants.Scopes.Roles, ServiceCallers.InternalScope);

                server.SetAccessTokenLifetime(options.Tokens.AccessToken)
                    .SetIdentityTokenLifetime(options.Tokens.IdentityToken)
                    .SetAuthorizationCodeLifetime(options.Tokens.AuthorizationCode)
                    .SetRefreshTokenLifetime(options.Tokens.RefreshToken);

                // Services validate access tokens themselves from the published keys: signed JWTs, not encrypted.
                server.DisableAccessTokenEncryption();
                AddKeys(server, options, environment);

                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    // TLS ends at the gateway (or the ingress in front of it); inside, the hop is plain HTTP.
                    .DisableTransportSecurityRequirement();
            });

        // The gateway forwards the host and scheme the client used, so the discovery document fetched
        // through it names public endpoint URLs.
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedProto);

        builder.Services.AddHostedService<IdentityBootstrap>();
        builder.Services.AddHostedService<TokenPruning>();
        return builder;
    }

    public static WebApplication MapIdentityProvider(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAntiforgery();
        app.MapAuthorizationEndpoints();
        app.MapAccountEndpoints();
        return app;
    }

    /// <summary>
    /// Configured certificates (PKCS#12) wherever they are given; development certificates (created once in
    /// the user's certificate store) only in Development and tests; otherwise the service refuses to start.
    /// </summary>
    private static void AddKeys(OpenIddictServerBuilder server, IdentityProviderOptions options, IHostEnvironment environment)
    {
        var local = environment.IsDevelopment() || environment.IsEnvironment("Testing");
        if (Load(options.SigningCertificate, "SigningCertificate") is { } signing) server.AddSigningCertificate(signing);
        else if (local) server.AddDevelopmentSigningCertificate();
        else throw MissingCertificate("SigningCertificate");

        if (Load(options.EncryptionCertificate, "EncryptionCertificate") is { } encryption) server.AddEncryptionCertificate(encryption);
        else if (local) server.AddDevelopmentEncryptionCertificate();
        else throw MissingCertificate("EncryptionCertificate");
    }

    private static X509Certificate2? Load(CertificateFile? file, string name)
    {
        if (string.IsNullOrWhiteSpace(file?.Path)) return null;
        if (!File.Exists(file.Path))
        {
            throw new InvalidOperationException($"Identity:{name}:Path names '{file.Path}', which does not exist. Point it at a PKCS#12 (.pfx) file with the private key.");
        }

        return X509CertificateLoader.LoadPkcs12FromFile(file.Path, file.Password, X509KeyStorageFlags.EphemeralKeySet);
    }

    private static InvalidOperationException MissingCertificate(string name) => new(
        $"Identity:{name} is not set. Outside Development the identity service needs real keys: set Identity__{name}__Path " +
        $"to a PKCS#12 (.pfx) file and Identity__{name}__Password to its password.");
}
