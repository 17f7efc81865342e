using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Security;

namespace Platform.Testing;

/// <summary>
/// Signs test requests in as a given user without an identity provider: the test sets headers, the
/// service sees the same claims a real token would carry (sub, name, role, location,
/// practitioner_id, physician_id, scope). Real tokens are tested with <see cref="RealIdentity{TIdentityProgram}"/>.
/// </summary>
public static class TestUsers
{
    public const string Scheme = "Test";
    public const string SubjectHeader = "X-Test-Subject";
    public const string RolesHeader = "X-Test-Roles";
    public const string LocationsHeader = "X-Test-Locations";
    public const string PractitionerHeader = "X-Test-Practitioner";
    public const string PhysicianHeader = "X-Test-Physician";
    public const string ScopesHeader = "X-Test-Scopes";

    /// <summary>The role the identity service gives a platform service's client-credentials token.</summary>
    public const string ServiceRole = Roles.Service;

    /// <summary>
    /// Registers the header scheme as the default; WebApplication then authenticates every request with it. The host's
    /// own calls to other services (every HTTP client that would carry its service token: gRPC service clients, event
    /// deliveries) carry the headers of a service caller instead, so test hosts calling test hosts pass their
    /// <c>platform.internal</c> checks without an identity service.
    /// </summary>
    public static IServiceCollection AddTestUsers(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(Scheme, _ => { });
        // Every named client (name null): after the service's own registrations added their handlers.
        services.AddSingleton<IPostConfigureOptions<HttpClientFactoryOptions>>(provider =>
            new PostConfigureOptions<HttpClientFactoryOptions, IHostEnvironment>(null, provider.GetRequiredService<IHostEnvironment>(),
                (options, environment) => options.HttpMessageHandlerBuilderActions.Add(handlers =>
                {
                    if (handlers.AdditionalHandlers.Any(h => h is ServiceTokenHandler))
                    {
                        handlers.AdditionalHandlers.Add(new ServiceHeadersHandler(environment.ApplicationName));
                    }
                })));
        return services;
    }

    /// <summary>Outgoing requests act as the service <paramref name="service"/> (test headers; no token).</summary>
    private sealed class ServiceHeadersHandler(string service) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            foreach (var (header, value) in (ReadOnlySpan<(string, string)>)[(SubjectHeader, service), (RolesHeader, ServiceRole), (ScopesHeader, ServiceCallers.InternalScope)])
            {
                request.Headers.Remove(header);
                request.Headers.Add(header, value);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>A client whose every request acts as this user (replacing any user it acted as before).</summary>
    public static HttpClient AsUser(this HttpClient client, string subject, string[]? roles = null,
        IEnumerable<Guid>? locations = null, Guid? practitionerId = null, Guid? physicianId = null)
    {
        client.AsAnonymous();
        client.DefaultRequestHeaders.Add(SubjectHeader, subject);
        if (roles is not null) client.DefaultRequestHeaders.Add(RolesHeader, string.Join(',', roles));
        if (locations is not null) client.DefaultRequestHeaders.Add(LocationsHeader, string.Join(',', locations));
        if (practitionerId is not null) client.DefaultRequestHeaders.Add(PractitionerHeader, practitionerId.ToString());
        if (physicianId is not null) client.DefaultRequestHeaders.Add(PhysicianHeader, physicianId.ToString());
        return client;
    }

    /// <summary>
    /// A client whose every request acts as the platform service <paramref name="service"/>: the claims of its
    /// client-credentials token (subject the client id, role <c>service</c>, scope <c>platform.internal</c>).
    /// </summary>
    public static HttpClient AsService(this HttpClient client, string service)
    {
        client.AsUser(service, [ServiceRole]);
        client.DefaultRequestHeaders.Add(ScopesHeader, ServiceCallers.InternalScope);
        return client;
    }

    /// <summary>A client whose requests carry no test user (and no token): the service sees an anonymous caller.</summary>
    public static HttpClient AsAnonymous(this HttpClient client)
    {
        foreach (var header in (string[])[SubjectHeader, RolesHeader, LocationsHeader, PractitionerHeader, PhysicianHeader, ScopesHeader])
        {
            client.DefaultRequestHeaders.Remove(header);
        }

        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    private sealed class HeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var subject = Request.Headers[SubjectHeader].ToString();
            if (string.IsNullOrEmpty(subject)) return Task.FromResult(AuthenticateResult.NoResult());

            var claims = new List<Claim> { new(CurrentUser.ClaimNames.Subject, subject), new(CurrentUser.ClaimNames.Name, subject) };
            claims.AddRange(Split(RolesHeader).Select(r => new Claim(CurrentUser.ClaimNames.Role, r)));
            claims.AddRange(Split(LocationsHeader).Select(l => new Claim(CurrentUser.ClaimNames.Location, l)));
            claims.AddRange(Split(PractitionerHeader).Select(p => new Claim(CurrentUser.ClaimNames.PractitionerId, p)));
            claims.AddRange(Split(PhysicianHeader).Select(p => new Claim(CurrentUser.ClaimNames.PhysicianId, p)));
            claims.AddRange(Split(ScopesHeader).Select(s => new Claim(ServiceCallers.ScopeClaim, s)));
            var identity = new ClaimsIdentity(claims, TestUsers.Scheme, CurrentUser.ClaimNames.Name, CurrentUser.ClaimNames.Role);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), TestUsers.Scheme)));
        }

        private IEnumerable<string> Split(string header) =>
            Request.Headers[header].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
