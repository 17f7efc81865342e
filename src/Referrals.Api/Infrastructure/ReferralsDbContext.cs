using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Referrals.Api.Infrastructure;

public sealed class ReferralsDbContext(DbContextOptions<ReferralsDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReferralsDbContext).Assembly);
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running service or database.</summary>
internal sealed class ReferralsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<ReferralsDbContext>
{
    public ReferralsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ReferralsDbContext>().UseNpgsql("Host=localhost;Database=referralsdb").UsePlatformConventions().Options);
}
