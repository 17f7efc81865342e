using Credentials.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Credentials.Api.Infrastructure.Configurations;

internal sealed class CertificationConfiguration : IEntityTypeConfiguration<Certification>
{
    /// <summary>The same certificate (code and issue day) is recorded once per practitioner.</summary>
    public const string UniqueCertificate = "ux_certifications_code_issued";

    public void Configure(EntityTypeBuilder<Certification> builder)
    {
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_certifications_expiry_after_issue", "expires_on IS NULL OR expires_on > issued_on");
            t.HasCheckConstraint("ck_certifications_code", $"code IN ({string.Join(", ", CertificationCodes.All.Select(c => $"'{c}'"))})");
        });
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Code).HasMaxLength(20);
        // Also serves eligibility: one practitioner's certificates of the required codes.
        builder.HasIndex(c => new { c.PractitionerId, c.Code, c.IssuedOn }).IsUnique().HasDatabaseName(UniqueCertificate);
    }
}
