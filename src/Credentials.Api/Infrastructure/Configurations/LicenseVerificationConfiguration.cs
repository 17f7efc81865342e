using Credentials.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Credentials.Api.Infrastructure.Configurations;

internal sealed class LicenseVerificationConfiguration : IEntityTypeConfiguration<LicenseVerification>
{
    public void Configure(EntityTypeBuilder<LicenseVerification> builder)
    {
        builder.ToTable(t => t.HasCheckConstraint("ck_license_verifications_outcome", LowerCaseEnumConverter<VerificationOutcome>.CheckSql("outcome")));
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Source).HasMaxLength(200);
        builder.Property(v => v.Outcome).HasMaxLength(20).HasConversion(new LowerCaseEnumConverter<VerificationOutcome>());
        builder.Property(v => v.Notes).HasMaxLength(2000);
        builder.Property(v => v.Verifier).HasMaxLength(200);
        builder.HasOne<Practitioner>().WithMany().HasForeignKey(v => v.PractitionerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(v => new { v.LicenseId, v.VerifiedOn });
    }
}
