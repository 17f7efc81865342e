using Platform.ServiceDefaults.Security;

namespace Clients.Tests;

/// <summary>
/// The Clients service on a fresh database of the shared test cluster. Tests act as an administrator (every use
/// case, every location) unless they sign in as someone else.
/// </summary>
public sealed class ClientsServiceFactory : ServiceFactory<Program>
{
    public ClientsServiceFactory() : base("clientsdb")
    {
        WithDefaultUser("clients-admin", [Roles.Admin]);
    }
}
