using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;

namespace Platform.Events;

/// <summary>Which tables this service has, so retention prunes only those.</summary>
internal sealed class RetentionTargets
{
    public bool Outbox { get; set; }
    public bool Inbox { get; set; }
}

/// <summary>
/// Deletes outbox events once every subscriber acknowledged them more than <see cref="EventsOptions.Retention"/>
/// ago (never an event still pending for anyone), and inbox records older than <see cref="EventsOptions.InboxRetention"/>.
/// Works in small batches so it never holds long locks; replicas may run it at the same time.
/// </summary>
internal sealed partial class EventsRetention(
    NpgsqlDataSource dataSource, RetentionTargets targets, IOptions<EventsOptions> options, ILogger<EventsRetention> logger) : BackgroundService
{
    private const int BatchSize = 1000;

    internal const string PruneOutboxSql = """
        DELETE FROM outbox_events WHERE id IN (
            SELECT e.id FROM outbox_events e
            WHERE e.recorded_at < now() - $1
              AND NOT EXISTS (
                  SELECT 1 FROM outbox_deliveries d
                  WHERE d.event_id = e.id AND (d.delivered_at IS NULL OR d.delivered_at >= now() - $1))
            LIMIT $2
            FOR UPDATE SKIP LOCKED)
        """;

    internal const string PruneInboxSql = """
        DELETE FROM inbox_events WHERE event_id IN (
            SELECT event_id FROM inbox_events WHERE applied_at < now() - $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        do
        {
            try
            {
                using var _ = SuppressInstrumentationScope.Begin();
                if (targets.Outbox) await PruneAsync(PruneOutboxSql, settings.Retention, "outbox_events", stoppingToken);
                if (targets.Inbox) await PruneAsync(PruneInboxSql, settings.InboxRetention, "inbox_events", stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
            }
        }
        while (await Loop.PauseAsync(settings.RetentionInterval, stoppingToken));
    }

    private async Task PruneAsync(string sql, TimeSpan retention, string table, CancellationToken cancellationToken)
    {
        long total = 0;
        int deleted;
        do
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.Add(new() { Value = retention });
            command.Parameters.Add(new() { Value = BatchSize });
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == BatchSize);

        if (total > 0) LogPruned(logger, total, table);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention removed {Count} rows from {Table}")]
    private static partial void LogPruned(ILogger logger, long count, string table);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event retention failed; it runs again later")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
