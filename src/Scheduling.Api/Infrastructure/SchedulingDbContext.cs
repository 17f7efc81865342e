using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Events;
using Scheduling.Api.Domain;

namespace Scheduling.Api.Infrastructure;

public sealed class SchedulingDbContext(DbContextOptions<SchedulingDbContext> options) : DbContext(options)
{
    public DbSet<Location> Locations => Set<Location>();
    public DbSet<Room> Rooms => Set<Room>();
    public DbSet<Shift> Shifts => Set<Shift>();
    public DbSet<Appointment> Appointments => Set<Appointment>();
    public DbSet<LicenseStanding> LicenseStandings => Set<LicenseStanding>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Exclusion constraints mix equality (uuid) and overlap (tstzrange) in one GiST index.
        modelBuilder.HasPostgresExtension("btree_gist");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SchedulingDbContext).Assembly);
        // Appointment events out (Platform.Events outbox), licence events in (inbox).
        modelBuilder.AddOutbox();
        modelBuilder.AddInbox();
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running service or database.</summary>
internal sealed class SchedulingDbContextDesignTimeFactory : IDesignTimeDbContextFactory<SchedulingDbContext>
{
    public SchedulingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SchedulingDbContext>().UseNpgsql("Host=localhost;Database=schedulingdb").UsePlatformConventions().Options);
}
