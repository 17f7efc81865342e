using Microsoft.EntityFrameworkCore;

namespace Platform.Events;

/// <summary>One event, written in the same transaction as the state change it records.</summary>
internal sealed class OutboxEvent
{
    public Guid Id { get; set; }
    /// <summary>Full protobuf name of the payload.</summary>
    public string EventType { get; set; } = string.Empty;
    public string AggregateId { get; set; } = string.Empty;
    /// <summary>Assigned by the database (trigger), per aggregate, in commit order.</summary>
    public long Sequence { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public string Source { get; set; } = string.Empty;
    /// <summary>The payload message's protobuf bytes.</summary>
    public byte[] Payload { get; set; } = [];
    public string? TraceParent { get; set; }
    public string? TraceState { get; set; }
    /// <summary>Who receives it; the database turns each into an <see cref="OutboxDelivery"/>.</summary>
    public string[] Subscribers { get; set; } = [];
    /// <summary>When the row was written (database clock); delivery latency is measured from here.</summary>
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>The delivery of one event to one subscriber. Created by the database when the event is inserted.</summary>
internal sealed class OutboxDelivery
{
    public Guid EventId { get; set; }
    public string Subscriber { get; set; } = string.Empty;
    public string AggregateId { get; set; } = string.Empty;
    public long Sequence { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>The last sequence given to an aggregate's events; its row lock orders an aggregate's events by commit.</summary>
internal sealed class OutboxAggregate
{
    public string AggregateId { get; set; } = string.Empty;
    public long LastSequence { get; set; }
}

public static class OutboxModel
{
    public const int MaxAggregateIdLength = 200;
    public const int MaxErrorLength = 1000;

    /// <summary>
    /// Maps the outbox tables (<c>outbox_events</c>, <c>outbox_deliveries</c>, <c>outbox_aggregates</c>) into
    /// the service's model, so its next migration creates them. That migration must also call
    /// <see cref="OutboxMigrations.AddOutboxTriggers"/>. Names are explicit, whatever the naming convention.
    /// </summary>
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxEvent>(e =>
        {
            // Without the trigger the sequence stays 0 and the insert is refused, rather than published unordered.
            e.ToTable("outbox_events", t => t.HasCheckConstraint("ck_outbox_events_sequence_assigned", "sequence > 0"));
            e.HasKey(x => x.Id).HasName("pk_outbox_events");
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(x => x.EventType).HasColumnName("event_type").HasMaxLength(200);
            e.Property(x => x.AggregateId).HasColumnName("aggregate_id").HasMaxLength(MaxAggregateIdLength);
            e.Property(x => x.Sequence).HasColumnName("sequence").HasDefaultValue(0L);
            e.Property(x => x.OccurredAt).HasColumnName("occurred_at");
            e.Property(x => x.Source).HasColumnName("source").HasMaxLength(100);
            e.Property(x => x.Payload).HasColumnName("payload");
            e.Property(x => x.TraceParent).HasColumnName("trace_parent").HasMaxLength(55);
            e.Property(x => x.TraceState).HasColumnName("trace_state").HasMaxLength(512);
            e.Property(x => x.Subscribers).HasColumnName("subscribers");
            e.Property(x => x.RecordedAt).HasColumnName("recorded_at").HasDefaultValueSql("clock_timestamp()");
            e.HasIndex(x => new { x.AggregateId, x.Sequence }).IsUnique().HasDatabaseName("ux_outbox_events_aggregate_sequence");
            e.HasIndex(x => x.RecordedAt).HasDatabaseName("ix_outbox_events_recorded_at");
        });

        modelBuilder.Entity<OutboxDelivery>(e =>
        {
            e.ToTable("outbox_deliveries");
            e.HasKey(x => new { x.EventId, x.Subscriber }).HasName("pk_outbox_deliveries");
            e.Property(x => x.EventId).HasColumnName("event_id");
            e.Property(x => x.Subscriber).HasColumnName("subscriber").HasMaxLength(100);
            e.Property(x => x.AggregateId).HasColumnName("aggregate_id").HasMaxLength(MaxAggregateIdLength);
            e.Property(x => x.Sequence).HasColumnName("sequence");
            e.Property(x => x.Attempts).HasColumnName("attempts").HasDefaultValue(0);
            e.Property(x => x.NextAttemptAt).HasColumnName("next_attempt_at");
            e.Property(x => x.LastAttemptAt).HasColumnName("last_attempt_at");
            e.Property(x => x.DeliveredAt).HasColumnName("delivered_at");
            e.Property(x => x.LastError).HasColumnName("last_error").HasMaxLength(MaxErrorLength);
            e.HasOne<OutboxEvent>().WithMany().HasForeignKey(x => x.EventId)
                .HasConstraintName("fk_outbox_deliveries_event").OnDelete(DeleteBehavior.Cascade);
            // What the dispatcher looks for: due deliveries of a subscriber, and an aggregate's earlier pending ones.
            e.HasIndex(x => new { x.Subscriber, x.NextAttemptAt }).HasFilter("delivered_at IS NULL")
                .HasDatabaseName("ix_outbox_deliveries_due");
            e.HasIndex(x => new { x.Subscriber, x.AggregateId, x.Sequence }).HasFilter("delivered_at IS NULL")
                .HasDatabaseName("ix_outbox_deliveries_order");
        });

        modelBuilder.Entity<OutboxAggregate>(e =>
        {
            e.ToTable("outbox_aggregates");
            e.HasKey(x => x.AggregateId).HasName("pk_outbox_aggregates");
            e.Property(x => x.AggregateId).HasColumnName("aggregate_id").HasMaxLength(MaxAggregateIdLength);
            e.Property(x => x.LastSequence).HasColumnName("last_sequence");
        });

        return modelBuilder;
    }
}
