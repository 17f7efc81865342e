using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.ServiceDefaults.Security;

namespace Credentials.Tests;

/// <summary>
/// The Credentials service on a fresh database of the shared test cluster, with a fixed clock (so "today" in
/// every jurisdiction is <see cref="Today"/>) and test users (an administrator unless a test signs in as someone else; the audit trail records who acted).
/// </summary>
public sealed class CredentialsServiceFactory : ServiceFactory<Program>
{
    /// <summary>Mid-afternoon UTC: the same calendar day in every US state and Canadian province.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 17, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    public CredentialsServiceFactory() : base("credentialsdb")
    {
        // The tests act as an administrator (every use case) unless they sign in as someone else.
        WithDefaultUser("credentials-admin", [Roles.Admin]);
    }

    public FakeTimeProvider Clock { get; } = new(Now);

    protected override void ConfigureService(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
}
