using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Scheduling.Api.Infrastructure;

/// <summary>
/// The last standing Credentials published for a licence (<c>LicenseStatusChanged</c>): what Scheduling knows about
/// licences without asking. The at-risk report asks Credentials (which also knows expiry, verification and
/// certifications) and falls back on these rows when Credentials does not answer.
/// </summary>
public sealed class LicenseStanding
{
    public Guid LicenseId { get; set; }
    public Guid PractitionerId { get; set; }
    public string Jurisdiction { get; set; } = string.Empty;
    /// <summary>active, suspended or revoked.</summary>
    public string Status { get; set; } = string.Empty;
    /// <summary>The last day the licence covers.</summary>
    public DateOnly ExpiresOn { get; set; }
    /// <summary>When the change happened in Credentials (the event's occurred-at).</summary>
    public DateTimeOffset ChangedAt { get; set; }
    public Guid EventId { get; set; }
}

internal sealed class LicenseStandingConfiguration : IEntityTypeConfiguration<LicenseStanding>
{
    public void Configure(EntityTypeBuilder<LicenseStanding> standing)
    {
        standing.ToTable("license_standings");
        standing.HasKey(s => s.LicenseId);
        standing.Property(s => s.Jurisdiction).HasMaxLength(5);
        standing.Property(s => s.Status).HasMaxLength(16);
        standing.HasIndex(s => new { s.PractitionerId, s.Jurisdiction });
    }
}
