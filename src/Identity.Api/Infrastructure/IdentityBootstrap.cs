using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Identity.Api.Infrastructure;

/// <summary>
/// Before the server accepts requests (after the migrations, which are registered first): registers the
/// configured clients and, when asked in Development, the demo users. A misconfiguration stops the service
/// with a message that names the setting.
/// </summary>
internal sealed partial class IdentityBootstrap(
    IServiceProvider services, IOptions<IdentityProviderOptions> options, IHostEnvironment environment, ILogger<IdentityBootstrap> logger)
    : IHostedLifecycleService
{
    public const string DemoSeed = "demo";

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var seedDemo = string.Equals(settings.Seed, DemoSeed, StringComparison.OrdinalIgnoreCase);
        if (seedDemo && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Demo users (known passwords) are only created in Development; this is {environment.EnvironmentName}. Remove Identity:Seed / --seed demo.");
        }

        await using var scope = services.CreateAsyncScope();
        var clients = ClientCatalog.Describe(settings, environment.IsDevelopment());
        await ClientCatalog.SyncAsync(scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>(), clients, cancellationToken);
        LogClients(logger, clients.Count);

        if (seedDemo)
        {
            await DemoUsers.SeedAsync(scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>(), settings.DemoUsers);
            LogDemoUsers(logger, settings.DemoUsers.Count);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} OAuth clients registered from configuration")]
    private static partial void LogClients(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} demo users ready")]
    private static partial void LogDemoUsers(ILogger logger, int count);
}

/// <summary>
/// Deletes expired and revoked tokens and authorizations once an hour, so the tables hold live grants only
/// (every client-credentials token is recorded).
/// </summary>
internal sealed partial class TokenPruning(IServiceProvider services, TimeProvider clock, IOptions<IdentityProviderOptions> options, ILogger<TokenPruning> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                // Keep anything that could still be presented: older than the longest lifetime is dead for sure.
                var threshold = clock.GetUtcNow() - options.Value.Tokens.RefreshToken - TimeSpan.FromHours(1);
                var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, stoppingToken);
                var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, stoppingToken);
                LogPruned(logger, tokens, authorizations);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPruneFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Tokens} tokens and {Authorizations} authorizations")]
    private static partial void LogPruned(ILogger logger, long tokens, long authorizations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token pruning failed; it runs again in an hour")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
