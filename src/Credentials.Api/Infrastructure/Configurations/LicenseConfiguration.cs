using Credentials.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Credentials.Api.Infrastructure.Configurations;

internal sealed class LicenseConfiguration : IEntityTypeConfiguration<License>
{
    /// <summary>A licence number is unique within its jurisdiction and licence type.</summary>
    public const string UniqueNumber = "ux_licenses_number";

    public void Configure(EntityTypeBuilder<License> builder)
    {
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_licenses_expiry_after_issue", "expires_on > issued_on");
            t.HasCheckConstraint("ck_licenses_jurisdiction", "jurisdiction ~ '^(US|CA)-[A-Z]{2}$'");
            t.HasCheckConstraint("ck_licenses_status", LowerCaseEnumConverter<LicenseStatus>.CheckSql("status"));
            t.HasCheckConstraint("ck_licenses_verification", LowerCaseEnumConverter<VerificationStatus>.CheckSql("verification"));
        });
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Jurisdiction).HasMaxLength(5);
        builder.Property(l => l.LicenseType).HasMaxLength(10);
        builder.Property(l => l.LicenseNumber).HasMaxLength(40);
        builder.Property(l => l.IssuingBoard).HasMaxLength(200);
        builder.Property(l => l.Status).HasMaxLength(20).HasConversion(new LowerCaseEnumConverter<LicenseStatus>());
        builder.Property(l => l.StatusReason).HasMaxLength(500);
        builder.Property(l => l.Verification).HasMaxLength(20).HasConversion(new LowerCaseEnumConverter<VerificationStatus>());
        builder.Property(l => l.Version).IsRowVersion();

        builder.HasIndex(l => new { l.Jurisdiction, l.LicenseType, l.LicenseNumber }).IsUnique().HasDatabaseName(UniqueNumber);
        // CheckEligibility: one practitioner's licences in one jurisdiction.
        builder.HasIndex(l => new { l.PractitionerId, l.Jurisdiction });
        // ListEligiblePractitioners: a jurisdiction's licences valid in a date range.
        builder.HasIndex(l => new { l.Jurisdiction, l.ExpiresOn });
        // HQ audit: licences expiring soonest first.
        builder.HasIndex(l => new { l.ExpiresOn, l.Id });

        builder.HasMany(l => l.Verifications).WithOne().HasForeignKey(v => v.LicenseId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(l => l.Verifications).HasField("_verifications");
    }
}
