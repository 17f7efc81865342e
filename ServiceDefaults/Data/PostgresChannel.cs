using Npgsql;
using OpenTelemetry;

namespace Platform.ServiceDefaults.Data;

/// <summary>
/// Listening on a PostgreSQL notification channel (NOTIFY arrives when, and only if, the sending transaction commits),
/// reconnecting after a failure. The caller decides what a lost connection means (poll more, stop trusting a cache)
/// and how long to wait before trying again.
/// </summary>
public static class PostgresChannel
{
    /// <summary>How long a quiet connection waits before it proves it is still alive.</summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Listens on <paramref name="channel"/> until <paramref name="stoppingToken"/> is cancelled, calling
    /// <paramref name="onNotification"/> with each payload. <paramref name="onListening"/> runs each time listening
    /// starts, with the number of failures in a row before it (0 the first time); <paramref name="onLost"/> runs on each
    /// failure with that count, and the next attempt waits <paramref name="pauseAfter"/> of it.
    /// </summary>
    public static async Task KeepListeningAsync(
        NpgsqlDataSource dataSource, string channel, Action<string> onNotification, Action<int> onListening,
        Action<Exception, int> onLost, Func<int, TimeSpan> pauseAfter, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(dataSource, channel, onNotification, () =>
                {
                    onListening(failures);
                    failures = 0;
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                onLost(ex, ++failures);
                try
                {
                    await Task.Delay(pauseAfter(failures), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Opens a connection, LISTENs, calls <paramref name="onListening"/> once listening. Never returns: it ends with
    /// <see cref="OperationCanceledException"/> once <paramref name="stoppingToken"/> is cancelled, or with the failure
    /// of the connection.
    /// </summary>
    private static async Task ListenAsync(
        NpgsqlDataSource dataSource, string channel, Action<string> onNotification, Action onListening, CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        try
        {
            connection.Notification += (_, e) => onNotification(e.Payload);
            using (SuppressInstrumentationScope.Begin())
            {
                await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
                await listen.ExecuteNonQueryAsync(stoppingToken);
            }

            onListening();
            while (true)
            {
                if (await connection.WaitAsync(KeepAliveInterval, stoppingToken)) continue;
                // Quiet for a while: prove the connection is alive, or find out now rather than at the next notification.
                using var _ = SuppressInstrumentationScope.Begin();
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(stoppingToken);
            }
        }
        finally
        {
            await UnlistenAsync(connection);
        }
    }

    /// <summary>
    /// A pool that does not reset sessions (NoResetOnClose) would hand the LISTEN on with the connection: drop it first.
    /// A broken connection is not returned to the pool anyway.
    /// </summary>
    private static async Task UnlistenAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open) return;
        try
        {
            using var _ = SuppressInstrumentationScope.Begin();
            await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
            await unlisten.ExecuteNonQueryAsync();
        }
        catch (Exception)
        {
            // Broken after all: it will not be reused.
        }
    }
}
