using System.Diagnostics;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Platform.Events;

/// <summary>
/// Publishes integration events through the outbox: the event is written in the caller's transaction,
/// so it exists if and only if the state change it records was committed. Delivery happens afterwards,
/// from the outbox, by the dispatcher, which the commit wakes: <c>SaveChanges</c> without a transaction of the caller's
/// wakes it by itself; after committing a transaction of your own, call <see cref="Committed"/>. An event nobody woke
/// the dispatcher for is still sent, at its next poll (<c>Events:PollInterval</c>).
/// </summary>
public sealed class EventOutbox
{
    private readonly EventSubscriptions _subscriptions;
    private readonly EventSourceName _source;
    private readonly TimeProvider _clock;
    private readonly OutboxWake _wake;

    internal EventOutbox(EventSubscriptions subscriptions, EventSourceName source, TimeProvider clock, OutboxWake wake)
    {
        _subscriptions = subscriptions;
        _source = source;
        _clock = clock;
        _wake = wake;
    }

    /// <summary>
    /// The transaction that wrote events has committed: the dispatcher sends them now rather than at its next poll.
    /// Call it after <c>CommitAsync</c> of your own transaction (or after a batch that ran as one implicit transaction).
    /// </summary>
    public void Committed() => _wake.WakeAll();

    /// <summary>
    /// Adds the event to the context: the next <c>SaveChanges</c> writes it with the rest of the changes,
    /// in one transaction. Returns the event id. When that <c>SaveChanges</c> commits by itself, the dispatcher is woken;
    /// inside a transaction of the caller's, call <see cref="Committed"/> after the commit.
    /// </summary>
    public Guid Add(DbContext db, Guid aggregateId, IMessage @event) => Add(db, aggregateId.ToString(), @event);

    /// <inheritdoc cref="Add(DbContext, Guid, IMessage)"/>
    public Guid Add(DbContext db, string aggregateId, IMessage @event)
    {
        if (db.Model.FindEntityType(typeof(OutboxEvent)) is null)
        {
            throw new InvalidOperationException($"{db.GetType().Name} has no outbox: call modelBuilder.AddOutbox() in its OnModelCreating and add a migration.");
        }

        var row = Create(aggregateId, @event);
        db.Set<OutboxEvent>().Add(row);
        WakeAfterSave(db);
        return row.Id;
    }

    /// <summary>
    /// Wakes the dispatcher once the context's next successful save ends in a commit of its own; the handler then
    /// removes itself. A save that fails leaves it in place for the retry that writes the same event (a pooled context
    /// drops it when it is returned).
    /// </summary>
    private void WakeAfterSave(DbContext db)
    {
        EventHandler<SavedChangesEventArgs>? saved = null;
        saved = (_, _) =>
        {
            db.SavedChanges -= saved;
            // Saved in its own transaction means committed; inside the caller's, the caller says so (Committed).
            if (db.Database.CurrentTransaction is null) _wake.WakeAll();
        };
        db.SavedChanges += saved;
    }

    /// <summary>
    /// Writes the event inside the caller's own Npgsql transaction (for code that changes state with SQL).
    /// It is published when the caller commits, and never if the caller rolls back; call <see cref="Committed"/> after
    /// the commit. Returns the event id.
    /// </summary>
    public Task<Guid> WriteAsync(NpgsqlTransaction transaction, Guid aggregateId, IMessage @event, CancellationToken cancellationToken = default) =>
        WriteAsync(transaction, aggregateId.ToString(), @event, cancellationToken);

    /// <inheritdoc cref="WriteAsync(NpgsqlTransaction, Guid, IMessage, CancellationToken)"/>
    public async Task<Guid> WriteAsync(NpgsqlTransaction transaction, string aggregateId, IMessage @event, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var connection = transaction.Connection
            ?? throw new InvalidOperationException("The transaction is no longer usable (committed or rolled back); write the event before committing.");
        var row = Create(aggregateId, @event);
        await using var command = new NpgsqlCommand(InsertSql, connection, transaction);
        command.Parameters.AddRange(Parameters(row));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return row.Id;
    }

    /// <summary>
    /// The event's insert as one command of the caller's <see cref="NpgsqlBatch"/>, for a change written in a single
    /// round trip: the event is published if and only if the batch's transaction (explicit or implicit) commits; call
    /// <see cref="Committed"/> after it did.
    /// </summary>
    public NpgsqlBatchCommand InsertCommand(Guid aggregateId, IMessage @event)
    {
        var command = new NpgsqlBatchCommand(InsertSql);
        command.Parameters.AddRange(Parameters(Create(aggregateId.ToString(), @event)));
        return command;
    }

    private const string InsertSql = """
        INSERT INTO outbox_events (id, event_type, aggregate_id, occurred_at, source, payload, trace_parent, trace_state, subscribers)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """;

    private static NpgsqlParameter[] Parameters(OutboxEvent row) =>
    [
        new() { Value = row.Id },
        new() { Value = row.EventType },
        new() { Value = row.AggregateId },
        new() { Value = row.OccurredAt },
        new() { Value = row.Source },
        new() { Value = row.Payload },
        new() { Value = (object?)row.TraceParent ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
        new() { Value = (object?)row.TraceState ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
        new() { Value = row.Subscribers },
    ];

    private OutboxEvent Create(string aggregateId, IMessage @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (string.IsNullOrWhiteSpace(aggregateId) || aggregateId.Length > OutboxModel.MaxAggregateIdLength)
        {
            throw new ArgumentException($"An aggregate id is required, at most {OutboxModel.MaxAggregateIdLength} characters.", nameof(aggregateId));
        }

        var descriptor = @event.Descriptor;
        var now = _clock.GetUtcNow();
        // A zero-length span that marks where the event was published; the consumer's span continues from it.
        using var activity = EventsTelemetry.Source.StartActivity($"{descriptor.Name} publish", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "platform-events");
        activity?.SetTag("messaging.destination.name", descriptor.FullName);
        var id = Guid.CreateVersion7(now);
        activity?.SetTag("messaging.message.id", id.ToString());
        var (traceParent, traceState) = EventsTelemetry.CurrentTraceContext();
        return new OutboxEvent
        {
            Id = id,
            EventType = descriptor.FullName,
            AggregateId = aggregateId,
            OccurredAt = now,
            Source = _source.Value,
            Payload = @event.ToByteArray(),
            TraceParent = traceParent,
            TraceState = traceState,
            Subscribers = _subscriptions.For(descriptor.Name),
        };
    }
}

/// <summary>The publishing service's name, as envelopes carry it.</summary>
public sealed record EventSourceName(string Value);
