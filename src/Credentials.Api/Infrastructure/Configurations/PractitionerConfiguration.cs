using Credentials.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Credentials.Api.Infrastructure.Configurations;

internal sealed class PractitionerConfiguration : IEntityTypeConfiguration<Practitioner>
{
    public const string UniqueNpi = "ux_practitioners_npi";

    public void Configure(EntityTypeBuilder<Practitioner> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.FirstName).HasMaxLength(100);
        builder.Property(p => p.LastName).HasMaxLength(100);
        builder.Property(p => p.Email).HasMaxLength(254);
        builder.Property(p => p.Npi).HasMaxLength(10).IsFixedLength();
        builder.Property(p => p.Version).IsRowVersion();
        builder.HasIndex(p => p.Npi).IsUnique().HasDatabaseName(UniqueNpi);
        builder.HasIndex(p => new { p.LastName, p.FirstName, p.Id });

        builder.HasMany(p => p.Licenses).WithOne().HasForeignKey(l => l.PractitionerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Certifications).WithOne().HasForeignKey(c => c.PractitionerId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(p => p.Licenses).HasField("_licenses");
        builder.Navigation(p => p.Certifications).HasField("_certifications");
    }
}
