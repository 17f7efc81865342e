using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Events;

namespace Events.TestPublisher;

public sealed class Counter
{
    public Guid Id { get; set; }
    public long Value { get; set; }
    public string? Label { get; set; }
    public uint Version { get; set; }
}

public sealed class PublisherDbContext(DbContextOptions<PublisherDbContext> options) : DbContext(options)
{
    public DbSet<Counter> Counters => Set<Counter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Counter>(e =>
        {
            e.Property(x => x.Label).HasMaxLength(20);
            e.Property(x => x.Version).IsRowVersion();
        });
        modelBuilder.AddOutbox();
    }
}

internal sealed class PublisherDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PublisherDbContext>
{
    public PublisherDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PublisherDbContext>().UseNpgsql("Host=localhost;Database=publisherdb").UsePlatformConventions().Options);
}
