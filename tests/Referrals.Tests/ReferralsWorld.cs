extern alias clients;

using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Problems;
using Referrals.Api.Infrastructure;

namespace Referrals.Tests;

/// <summary>
/// Referrals with the real Clients service it asks about clients (on real Kestrel, each on its own fresh
/// database). An xunit class fixture: one world per test class.
/// </summary>
public class ReferralsWorld : IAsyncLifetime
{
    public ServiceFactory<clients::Program> Clients { get; } = new ServiceFactory<clients::Program>("clientsdb").UseRealServer();

    public ReferralsServiceFactory Referrals { get; } = new();

    public virtual async Task InitializeAsync()
    {
        await Clients.InitializeAsync();
        Referrals.WithSetting("services:clients:grpc:0", Clients.GrpcAddress!.ToString());
        Configure(Referrals);
        await Referrals.InitializeAsync();
        await WarmUpClientsCallAsync();
    }

    /// <summary>Settings of a test class's own Referrals host, before it starts.</summary>
    protected virtual void Configure(ReferralsServiceFactory referrals)
    {
    }

    /// <summary>
    /// The first call from Referrals to Clients pays for connections, HTTP/2 setup and JIT on both sides; on a busy
    /// machine that can pass the 1.5 s deadline, which is a 503 in whichever test happens to come first.
    /// </summary>
    private async Task WarmUpClientsCallAsync()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var scope = Referrals.Services.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<ClientRegistry>().EnsureExistsAsync(Guid.CreateVersion7(), "warm-up", CancellationToken.None);
            }
            catch (BusinessRuleException)
            {
                return; // Clients answered "no such client": the path is warm.
            }
            catch (DependencyUnavailableException)
            {
            }
        }
    }

    public virtual async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Referrals).DisposeAsync();
        await ((IAsyncLifetime)Clients).DisposeAsync();
    }
}
