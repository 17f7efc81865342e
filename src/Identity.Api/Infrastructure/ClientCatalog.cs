using System.Text.Json;
using OpenIddict.Abstractions;
using Platform.ServiceDefaults.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Api.Infrastructure;

/// <summary>
/// The registered clients, from configuration: configuration is the source of truth, and the OpenIddict
/// applications table is brought in line with it at every start (a client removed from configuration, an EHR
/// whose contract ended, can no longer get tokens).
/// </summary>
public static class ClientCatalog
{
    public const string WebClientId = "platform-web";
    public const string CliClientId = "platform-cli";
    public const int MinSecretLength = 16;

    public static IReadOnlyList<OpenIddictApplicationDescriptor> Describe(IdentityProviderOptions options, bool development)
    {
        var clients = new List<OpenIddictApplicationDescriptor> { Web(options.Clients.Web) };
        if (development)
        {
            clients.Add(Cli());
        }

        foreach (var (name, service) in options.Clients.Services)
        {
            var descriptor = Confidential(name, $"{name} service", Secret(service.Secret, $"Services:{name}"));
            // Only a platform service may call other services' gRPC and event sinks.
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + ServiceCallers.InternalScope);
            clients.Add(descriptor);
        }

        foreach (var (clientId, ehr) in options.Clients.Ehr)
        {
            var physicianId = ehr.PhysicianId is { } id && id != Guid.Empty ? id : throw new InvalidOperationException(
                $"Identity:Clients:Ehr:{clientId}:PhysicianId is not set. An EHR client acts for one physician: give that physician's id.");
            var descriptor = Confidential(clientId, ehr.DisplayName ?? clientId, Secret(ehr.Secret, $"Ehr:{clientId}"));
            descriptor.Properties[TokenPrincipals.PhysicianIdProperty] = JsonSerializer.SerializeToElement(physicianId.ToString());
            clients.Add(descriptor);
        }

        return clients;
    }

    public static async Task SyncAsync(IOpenIddictApplicationManager manager, IReadOnlyList<OpenIddictApplicationDescriptor> clients, CancellationToken cancellationToken)
    {
        var wanted = clients.ToDictionary(c => c.ClientId!, StringComparer.Ordinal);
        var existing = new List<object>();
        await foreach (var application in manager.ListAsync(count: null, offset: null, cancellationToken))
        {
            existing.Add(application);
        }

        foreach (var application in existing)
        {
            var clientId = await manager.GetClientIdAsync(application, cancellationToken);
            if (clientId is null || !wanted.Remove(clientId, out var descriptor))
            {
                // Its tokens and authorizations go with it.
                await manager.DeleteAsync(application, cancellationToken);
                continue;
            }

            // Updated in place, never recreated: recreating would revoke every refresh token of the client.
            await manager.UpdateAsync(application, descriptor, cancellationToken);
        }

        foreach (var descriptor in wanted.Values)
        {
            await manager.CreateAsync(descriptor, cancellationToken);
        }
    }

    private static OpenIddictApplicationDescriptor Web(WebClient web)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = WebClientId,
            DisplayName = "Clinic platform",
            ClientType = ClientTypes.Public,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Implicit,
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Roles,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        descriptor.RedirectUris.UnionWith(web.RedirectUris);
        descriptor.PostLogoutRedirectUris.UnionWith(web.PostLogoutRedirectUris);
        return descriptor;
    }

    /// <summary>Development only: scripts and tests exchange a user's password for a token.</summary>
    private static OpenIddictApplicationDescriptor Cli() => new()
    {
        ClientId = CliClientId,
        DisplayName = "Platform scripts (Development only)",
        ClientType = ClientTypes.Public,
        Permissions =
        {
            Permissions.Endpoints.Token,
            Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.Password,
            Permissions.GrantTypes.RefreshToken,
            Permissions.Scopes.Profile,
            Permissions.Scopes.Roles,
        },
    };

    private static OpenIddictApplicationDescriptor Confidential(string clientId, string displayName, string secret) => new()
    {
        ClientId = clientId,
        ClientSecret = secret,
        DisplayName = displayName,
        ClientType = ClientTypes.Confidential,
        Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
    };

    private static string Secret(string? secret, string key) =>
        secret is { Length: >= MinSecretLength } ? secret : throw new InvalidOperationException(
            $"Identity:Clients:{key}:Secret is missing or shorter than {MinSecretLength} characters. Give the client a long random secret (Identity__Clients__{key.Replace(":", "__")}__Secret).");
}
