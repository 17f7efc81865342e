using Npgsql;
using Platform.ServiceDefaults.Data;

namespace Credentials.Api.Infrastructure;

/// <summary>
/// Listens on <see cref="EligibilityFactsCache.ChangeChannel"/> and evicts each changed practitioner from the cache.
/// The cache is trusted only while listening: when the connection drops, the cache is emptied and bypassed until
/// listening resumes, so a change can never go unnoticed.
/// </summary>
internal sealed partial class CredentialsChangeListener(
    NpgsqlDataSource dataSource, EligibilityFactsCache cache, ILogger<CredentialsChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(15);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PostgresChannel.KeepListeningAsync(dataSource, EligibilityFactsCache.ChangeChannel, Evict,
            onListening: failuresBefore =>
            {
                cache.Trust();
                if (failuresBefore > 0) LogListening(logger);
            },
            onLost: (ex, failures) =>
            {
                cache.Distrust();
                LogListenFailed(logger, ex, failures);
            },
            pauseAfter: failures => TimeSpan.FromMilliseconds(Math.Min(MaxPause.TotalMilliseconds, 250 * Math.Pow(2, failures - 1))),
            stoppingToken);

    private void Evict(string payload)
    {
        if (Guid.TryParse(payload, out var practitionerId)) cache.Evict(practitionerId);
        else cache.EvictAll();
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Listening for credential changes failed ({Failures} in a row); eligibility checks read the database directly until it resumes")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for credential changes again; eligibility facts are cached")]
    private static partial void LogListening(ILogger logger);
}
