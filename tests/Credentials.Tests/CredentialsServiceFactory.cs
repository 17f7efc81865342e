namespace Credentials.Tests;

/// <summary>The Credentials service on a fresh database of the shared test cluster.</summary>
public sealed class CredentialsServiceFactory() : ServiceFactory<Program>("credentialsdb");
