using Npgsql;
using OpenTelemetry;

namespace Credentials.Api.Infrastructure;

/// <summary>
/// Holds a connection that LISTENs on <see cref="EligibilityFactsCache.ChangeChannel"/> and evicts each changed
/// practitioner from the cache. The cache is trusted only while this connection is up: when it drops, the cache is
/// emptied and bypassed until listening resumes, so a change can never go unnoticed.
/// </summary>
internal sealed partial class CredentialsChangeListener(
    NpgsqlDataSource dataSource, EligibilityFactsCache cache, ILogger<CredentialsChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            NpgsqlConnection? connection = null;
            try
            {
                connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (Guid.TryParse(e.Payload, out var practitionerId)) cache.Evict(practitionerId);
                    else cache.EvictAll();
                };
                using (SuppressInstrumentationScope.Begin())
                {
                    await using var listen = new NpgsqlCommand($"LISTEN {EligibilityFactsCache.ChangeChannel}", connection);
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                cache.Trust();
                if (failures > 0) LogListening(logger);
                failures = 0;
                while (true)
                {
                    if (await connection.WaitAsync(KeepAliveInterval, stoppingToken)) continue;
                    // Quiet for a while: prove the connection is alive, or find out now rather than at the next change.
                    using var _ = SuppressInstrumentationScope.Begin();
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteScalarAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                cache.Distrust();
                LogListenFailed(logger, ex, ++failures);
                var pause = TimeSpan.FromMilliseconds(Math.Min(MaxPause.TotalMilliseconds, 250 * Math.Pow(2, failures - 1)));
                try
                {
                    await Task.Delay(pause, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            finally
            {
                cache.Distrust();
                if (connection is not null) await ForgetAsync(connection);
            }
        }
    }

    /// <summary>
    /// The pool keeps connections without resetting them (NoResetOnClose), so the LISTEN must not go back with this one.
    /// </summary>
    private static async Task ForgetAsync(NpgsqlConnection connection)
    {
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                using var _ = SuppressInstrumentationScope.Begin();
                await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
                await unlisten.ExecuteNonQueryAsync();
            }
        }
        catch (Exception)
        {
            // A broken connection is not returned to the pool anyway.
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Listening for credential changes failed ({Failures} in a row); eligibility checks read the database directly until it resumes")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for credential changes again; eligibility facts are cached")]
    private static partial void LogListening(ILogger logger);
}
