using Platform.ServiceDefaults.Security;

namespace Clients.Api.Extensions;

/// <summary>
/// The use cases of this service and who may perform them (docs/AUTHORIZATION.md, Clients). Reading is chain-wide
/// (a client of one location walks into another); writes stay with the client's home location, checked in the
/// handlers with <see cref="AccessScope.RequireLocation"/> (admins: any location).
/// </summary>
public static class Policies
{
    public const string RegisterClient = "clients.register";
    public const string ReadClients = "clients.read";
    public const string ChangeClient = "clients.change";

    public static IHostApplicationBuilder AddClientsAuthorization(this IHostApplicationBuilder builder) =>
        builder.AddPlatformAuthorization(options => options
            .AddUseCase(RegisterClient, Roles.FrontDesk, Roles.Manager, Roles.Admin)
            .AddUseCase(ReadClients, Roles.FrontDesk, Roles.Therapist, Roles.Manager, Roles.Admin)
            // Details, health history, consents; moving a client is a write at the current home location.
            .AddUseCase(ChangeClient, Roles.FrontDesk, Roles.Manager, Roles.Admin));
}
