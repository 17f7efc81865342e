using Npgsql;
using NpgsqlTypes;

namespace Platform.Events;

/// <summary>An event waiting for one subscriber, as the dispatcher claimed it.</summary>
internal sealed record PendingDelivery(
    Guid EventId, string EventType, string AggregateId, long Sequence, DateTimeOffset OccurredAt, string Source,
    byte[] Payload, string? TraceParent, string? TraceState, DateTimeOffset RecordedAt, int Attempts)
{
    /// <summary>The protobuf message name (the last part of the full name), as subscriptions and metrics use it.</summary>
    public string EventName => EventType[(EventType.LastIndexOf('.') + 1)..];
}

/// <summary>What the subscriber answered for one event.</summary>
internal readonly record struct DeliveryOutcome(Guid EventId, bool Acknowledged, string? Error, TimeSpan RetryAfter);

/// <summary>The dispatcher's SQL. Every statement runs in the caller's transaction.</summary>
internal static class OutboxStore
{
    /// <summary>
    /// Locks up to <paramref name="limit"/> due deliveries of one subscriber, each the oldest pending event of
    /// its aggregate, skipping rows another replica holds. A row stays locked until the caller commits, so no
    /// other replica sends it meanwhile; an aggregate's next event is not a candidate while an earlier one is
    /// pending (locked elsewhere, failed and waiting, or not yet due), which keeps per-aggregate order.
    /// </summary>
    public static async Task<List<PendingDelivery>> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string subscriber, int limit)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT e.id, e.event_type, e.aggregate_id, e.sequence, e.occurred_at, e.source, e.payload,
                   e.trace_parent, e.trace_state, e.recorded_at, d.attempts
            FROM outbox_deliveries d
            JOIN outbox_events e ON e.id = d.event_id
            WHERE d.subscriber = $1 AND d.delivered_at IS NULL AND d.next_attempt_at <= now()
              AND NOT EXISTS (
                  SELECT 1 FROM outbox_deliveries p
                  WHERE p.subscriber = d.subscriber AND p.aggregate_id = d.aggregate_id
                    AND p.sequence < d.sequence AND p.delivered_at IS NULL)
            ORDER BY d.next_attempt_at
            LIMIT $2
            FOR UPDATE OF d SKIP LOCKED
            """, connection, transaction)
        {
            Parameters = { new() { Value = subscriber }, new() { Value = limit } },
        };
        var claimed = new List<PendingDelivery>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            claimed.Add(new PendingDelivery(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), reader.GetFieldValue<byte[]>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetFieldValue<DateTimeOffset>(9), reader.GetInt32(10)));
        }

        return claimed;
    }

    /// <summary>Records the outcome of an attempt; returns when each acknowledged delivery was recorded (database clock).</summary>
    public static async Task<Dictionary<Guid, DateTimeOffset>> RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string subscriber, IReadOnlyList<DeliveryOutcome> outcomes)
    {
        await using var command = new NpgsqlCommand(
            """
            UPDATE outbox_deliveries AS d SET
                attempts = d.attempts + 1,
                last_attempt_at = clock_timestamp(),
                delivered_at = CASE WHEN r.ok THEN clock_timestamp() END,
                next_attempt_at = CASE WHEN r.ok THEN d.next_attempt_at
                                       ELSE clock_timestamp() + r.retry_ms * interval '1 millisecond' END,
                last_error = CASE WHEN r.ok THEN d.last_error ELSE r.error END
            FROM unnest($2::uuid[], $3::boolean[], $4::text[], $5::double precision[]) AS r(event_id, ok, error, retry_ms)
            WHERE d.subscriber = $1 AND d.event_id = r.event_id
            RETURNING d.event_id, d.delivered_at
            """, connection, transaction)
        {
            Parameters =
            {
                new() { Value = subscriber },
                new() { Value = outcomes.Select(o => o.EventId).ToArray() },
                new() { Value = outcomes.Select(o => o.Acknowledged).ToArray() },
                new() { Value = outcomes.Select(o => Truncate(o.Error)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = outcomes.Select(o => o.RetryAfter.TotalMilliseconds).ToArray() },
            },
        };
        var delivered = new Dictionary<Guid, DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (!reader.IsDBNull(1)) delivered[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return delivered;
    }

    /// <summary>How long until the subscriber's next delivery that waits for a retry becomes due, if any (database clock).</summary>
    public static async Task<TimeSpan?> NextRetryAsync(NpgsqlDataSource dataSource, string subscriber, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT extract(epoch FROM min(next_attempt_at) - now())::double precision
            FROM outbox_deliveries WHERE subscriber = $1 AND delivered_at IS NULL AND next_attempt_at > now()
            """);
        command.Parameters.Add(new() { Value = subscriber });
        return await command.ExecuteScalarAsync(cancellationToken) is double seconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>Pending (unacknowledged) deliveries per subscriber, including subscribers no longer configured.</summary>
    public static async Task<Dictionary<string, long>> PendingAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT subscriber, count(*) FROM outbox_deliveries WHERE delivered_at IS NULL GROUP BY subscriber");
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>Whether the migration installed the outbox triggers.</summary>
    public static async Task<bool> TriggersInstalledAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = $1 AND tgrelid = to_regclass('outbox_events'))");
        command.Parameters.Add(new() { Value = OutboxMigrations.SequenceTrigger });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static string? Truncate(string? error) =>
        error is { Length: > OutboxModel.MaxErrorLength } ? error[..OutboxModel.MaxErrorLength] : error;
}
