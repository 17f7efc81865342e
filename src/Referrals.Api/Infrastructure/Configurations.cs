using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Platform.ServiceDefaults.Json;
using Referrals.Api.Domain;

namespace Referrals.Api.Infrastructure;

internal sealed class PhysicianConfiguration : IEntityTypeConfiguration<Physician>
{
    public const string UniqueNpi = "ux_physicians_npi";

    public void Configure(EntityTypeBuilder<Physician> builder)
    {
        builder.ToTable("physicians", t => t.HasCheckConstraint("ck_physicians_credential", Codes.In("credential", PhysicianCredentials.All)));
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Npi).HasMaxLength(10).IsFixedLength();
        builder.Property(p => p.FirstName).HasMaxLength(Physician.NameMaxLength);
        builder.Property(p => p.LastName).HasMaxLength(Physician.NameMaxLength);
        builder.Property(p => p.Credential).HasMaxLength(2);
        builder.Property(p => p.PracticeName).HasMaxLength(Physician.PracticeNameMaxLength);
        builder.Property(p => p.Phone).HasMaxLength(16);
        builder.Property(p => p.Fax).HasMaxLength(16);
        builder.Property(p => p.RegisteredBy).HasMaxLength(200);
        builder.HasIndex(p => p.Npi).IsUnique().HasDatabaseName(UniqueNpi);
    }
}

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public const string UniqueIdempotencyKey = "ux_referrals_submitted_by_idempotency_key";
    public const string VisitsWithinAuthorized = "ck_referrals_visits_within_authorized";

    public void Configure(EntityTypeBuilder<Referral> builder)
    {
        builder.ToTable("referrals", t =>
        {
            t.HasCheckConstraint("ck_referrals_status", Codes.In("status", ReferralStatuses.Stored.Select(s => s.Code())));
            t.HasCheckConstraint("ck_referrals_dates", "expires_on > start_date");
            t.HasCheckConstraint("ck_referrals_terms",
                "authorized_visits > 0 AND frequency_per_week BETWEEN 1 AND 7 AND duration_weeks > 0 AND session_minutes > 0");
            // The invariant of counted visits: whatever code runs, the database refuses a hold beyond the authorization.
            t.HasCheckConstraint(VisitsWithinAuthorized, "visits_used >= 0 AND visits_held >= 0 AND visits_used + visits_held <= authorized_visits");
            t.HasCheckConstraint("ck_referrals_patient_named", "client_id IS NOT NULL OR patient_first_name IS NOT NULL");
            t.HasCheckConstraint("ck_referrals_client_when_accepted", "status IN ('submitted', 'rejected') OR client_id IS NOT NULL");
            t.HasCheckConstraint("ck_referrals_rejection_reason", "status <> 'rejected' OR status_reason IS NOT NULL");
        });
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasOne<Physician>().WithMany().HasForeignKey(r => r.PhysicianId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.PatientFirstName).HasMaxLength(100);
        builder.Property(r => r.PatientLastName).HasMaxLength(100);
        builder.Property(r => r.PatientPhone).HasMaxLength(16);
        builder.Property(r => r.Precautions).HasMaxLength(Referral.PrecautionsMaxLength);
        builder.Property(r => r.AttestedBy).HasMaxLength(Referral.SignedByMaxLength);
        builder.Property(r => r.Status).HasMaxLength(20).HasConversion(new LowerCaseEnumConverter<ReferralStatus>());
        builder.Property(r => r.StatusReason).HasMaxLength(Referral.ReasonMaxLength);
        builder.Property(r => r.SubmittedBy).HasMaxLength(200);
        builder.Property(r => r.IdempotencyKey).HasMaxLength(Referral.IdempotencyKeyMaxLength);
        builder.Property(r => r.RequestHash).HasMaxLength(64).IsFixedLength();
        builder.Property(r => r.AcceptedBy).HasMaxLength(200);
        builder.Property(r => r.ClosedBy).HasMaxLength(200);
        foreach (var counter in new[] { nameof(Referral.VisitsUsed), nameof(Referral.VisitsHeld) })
        {
            // Moved only by the visit_holds trigger; EF reads them back and never writes them.
            var property = builder.Property<int>(counter).HasDefaultValue(0).ValueGeneratedOnAddOrUpdate();
            property.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            property.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        }

        builder.Ignore(r => r.Patient);
        builder.Ignore(r => r.Attestation);
        builder.Ignore(r => r.Terms);
        builder.HasIndex(r => new { r.SubmittedBy, r.IdempotencyKey }).IsUnique().HasDatabaseName(UniqueIdempotencyKey);
        builder.HasIndex(r => r.PhysicianId);
        builder.HasIndex(r => r.ClientId);
    }
}

internal sealed class VisitHoldConfiguration : IEntityTypeConfiguration<VisitHoldRow>
{
    public void Configure(EntityTypeBuilder<VisitHoldRow> builder)
    {
        builder.ToTable("visit_holds", t =>
        {
            t.HasCheckConstraint("ck_visit_holds_state", Codes.In("state", Enum.GetValues<HoldState>().Select(LowerCaseEnumConverter<HoldState>.Code)));
            t.HasCheckConstraint("ck_visit_holds_lapse", "state <> 'held' OR expires_at IS NOT NULL");
        });
        builder.HasKey(h => new { h.ReferralId, h.AppointmentId });
        builder.HasOne<Referral>().WithMany().HasForeignKey(h => h.ReferralId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(h => h.State).HasMaxLength(20).HasConversion(new LowerCaseEnumConverter<HoldState>());
        // The unconfirmed holds of a referral, by when they lapse: what the sweep and the live count read.
        builder.HasIndex(h => new { h.ReferralId, h.ExpiresAt }).HasFilter("state = 'held'").HasDatabaseName("ix_visit_holds_lapsing");
    }
}

internal sealed class ProgressNoteConfiguration : IEntityTypeConfiguration<ProgressNote>
{
    public void Configure(EntityTypeBuilder<ProgressNote> builder)
    {
        builder.ToTable("progress_notes", t => t.HasCheckConstraint("ck_progress_notes_pain", "pain_before BETWEEN 0 AND 10 AND pain_after BETWEEN 0 AND 10"));
        builder.HasKey(n => n.NoteId);
        builder.Property(n => n.NoteId).ValueGeneratedNever();
        builder.Property(n => n.Kind).HasMaxLength(30);
        builder.Property(n => n.OutcomeMeasures).HasColumnType("jsonb").HasConversion(JsonColumn<OutcomeScore>.Converter, JsonColumn<OutcomeScore>.Comparer);
        builder.HasIndex(n => new { n.ReferralId, n.WrittenAt });
    }
}

/// <summary>Enumerations are stored as their lower-case wire codes, so SQL reads like the API.</summary>
internal sealed class LowerCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(v => Code(v), v => Parse(v))
    where TEnum : struct, Enum
{
    public static string Code(TEnum value) => value.ToString().ToLowerInvariant();

    public static TEnum Parse(string code) => Enum.Parse<TEnum>(code, ignoreCase: true);
}

internal static class Codes
{
    /// <summary>A CHECK constraint body that admits only these codes.</summary>
    public static string In(string column, IEnumerable<string> codes) => $"{column} IN ({string.Join(", ", codes.Select(c => $"'{c}'"))})";
}

/// <summary>A list of small records in one <c>jsonb</c> column, camelCase as on the wire.</summary>
internal static class JsonColumn<T>
{
    public static readonly ValueConverter<List<T>, string> Converter = new(
        v => JsonSerializer.Serialize(v, PlatformJson.Web),
        v => JsonSerializer.Deserialize<List<T>>(v, PlatformJson.Web) ?? new List<T>());

    public static readonly ValueComparer<List<T>> Comparer = new(
        (a, b) => JsonSerializer.Serialize(a, PlatformJson.Web) == JsonSerializer.Serialize(b, PlatformJson.Web),
        v => JsonSerializer.Serialize(v, PlatformJson.Web).GetHashCode(),
        v => v.ToList());
}
