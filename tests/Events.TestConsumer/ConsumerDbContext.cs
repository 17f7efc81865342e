using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Events;

namespace Events.TestConsumer;

/// <summary>One row per application of an event. Deliberately no unique key on the event id: applying twice would show.</summary>
public sealed class AppliedEvent
{
    public long Id { get; set; }
    public Guid EventId { get; set; }
    public Guid CounterId { get; set; }
    public long Value { get; set; }
    public long Sequence { get; set; }
    public string? TraceId { get; set; }
}

public sealed class ConsumerDbContext(DbContextOptions<ConsumerDbContext> options) : DbContext(options)
{
    public DbSet<AppliedEvent> Applied => Set<AppliedEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AppliedEvent>().ToTable("applied_events");
        modelBuilder.AddInbox();
    }
}

internal sealed class ConsumerDbContextDesignTimeFactory : IDesignTimeDbContextFactory<ConsumerDbContext>
{
    public ConsumerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ConsumerDbContext>().UseNpgsql("Host=localhost;Database=consumerdb").UsePlatformConventions().Options);
}
