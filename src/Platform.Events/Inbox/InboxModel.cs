using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Platform.Events;

/// <summary>An event this service has applied, recorded in the same transaction as its effect.</summary>
internal sealed class InboxEvent
{
    public Guid EventId { get; set; }
    public string EventType { get; set; } = string.Empty;
    public string Source { get; set; } = string.Empty;
    public string AggregateId { get; set; } = string.Empty;
    public long Sequence { get; set; }
    public DateTimeOffset AppliedAt { get; set; }
}

public static class InboxModel
{
    /// <summary>Maps the inbox table (<c>inbox_events</c>) into the consuming service's model, so its next migration creates it.</summary>
    public static ModelBuilder AddInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<InboxEvent>(e =>
        {
            e.ToTable("inbox_events");
            e.HasKey(x => x.EventId).HasName("pk_inbox_events");
            e.Property(x => x.EventId).HasColumnName("event_id").ValueGeneratedNever();
            e.Property(x => x.EventType).HasColumnName("event_type").HasMaxLength(200);
            e.Property(x => x.Source).HasColumnName("source").HasMaxLength(100);
            e.Property(x => x.AggregateId).HasColumnName("aggregate_id").HasMaxLength(OutboxModel.MaxAggregateIdLength);
            e.Property(x => x.Sequence).HasColumnName("sequence");
            e.Property(x => x.AppliedAt).HasColumnName("applied_at").HasDefaultValueSql("clock_timestamp()");
            e.HasIndex(x => x.AppliedAt).HasDatabaseName("ix_inbox_events_applied_at");
        });
        return modelBuilder;
    }
}

/// <summary>Stops a consumer at startup, with the fix, when its DbContext has no inbox.</summary>
internal sealed class InboxModelCheck<TDbContext>(IServiceScopeFactory scopes) : IHostedService where TDbContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        if (db.Model.FindEntityType(typeof(InboxEvent)) is null)
        {
            throw new InvalidOperationException(
                $"{typeof(TDbContext).Name} has no inbox: call modelBuilder.AddInbox() in its OnModelCreating and add a migration.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
