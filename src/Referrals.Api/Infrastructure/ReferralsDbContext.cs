using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Events;
using Referrals.Api.Domain;

namespace Referrals.Api.Infrastructure;

public sealed class ReferralsDbContext(DbContextOptions<ReferralsDbContext> options) : DbContext(options)
{
    public DbSet<Physician> Physicians => Set<Physician>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<VisitHoldRow> VisitHolds => Set<VisitHoldRow>();
    public DbSet<ProgressNote> ProgressNotes => Set<ProgressNote>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReferralsDbContext).Assembly);
        modelBuilder.AddInbox();
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running service or database.</summary>
internal sealed class ReferralsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<ReferralsDbContext>
{
    public ReferralsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ReferralsDbContext>().UseNpgsql("Host=localhost;Database=referralsdb").UsePlatformConventions().Options);
}
