using Credentials.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Events;

namespace Credentials.Api.Infrastructure;

public sealed class CredentialsDbContext(DbContextOptions<CredentialsDbContext> options) : DbContext(options)
{
    public DbSet<Practitioner> Practitioners => Set<Practitioner>();
    public DbSet<License> Licenses => Set<License>();
    public DbSet<LicenseVerification> LicenseVerifications => Set<LicenseVerification>();
    public DbSet<Certification> Certifications => Set<Certification>();
    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CredentialsDbContext).Assembly);
        // LicenseStatusChanged is published through the outbox (Platform.Events).
        modelBuilder.AddOutbox();
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running service or database.</summary>
internal sealed class CredentialsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<CredentialsDbContext>
{
    public CredentialsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CredentialsDbContext>().UseNpgsql("Host=localhost;Database=credentialsdb").UsePlatformConventions().Options);
}
