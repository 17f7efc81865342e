namespace Clients.Tests;

/// <summary>The Clients service on a fresh database of the shared test cluster.</summary>
public sealed class ClientsServiceFactory() : ServiceFactory<Program>("clientsdb");
