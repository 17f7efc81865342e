using System.Text.Json;
using ClinicalNotes.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.ServiceDefaults.Json;

namespace ClinicalNotes.Api.Infrastructure;

internal sealed class ClinicalNoteConfiguration : IEntityTypeConfiguration<ClinicalNote>
{
    public void Configure(EntityTypeBuilder<ClinicalNote> note)
    {
        note.ToTable("notes", t =>
        {
            t.HasCheckConstraint("ck_notes_kind", "kind IN ('initial-assessment', 'treatment')");
            t.HasCheckConstraint("ck_notes_pain_before", "pain_before BETWEEN 0 AND 10");
            t.HasCheckConstraint("ck_notes_pain_after", "pain_after BETWEEN 0 AND 10");
            // A row is either a draft (no signature data at all) or fully signed.
            t.HasCheckConstraint("ck_notes_signature_complete",
                "(signed_at IS NULL AND signed_by IS NULL AND chain_sequence IS NULL AND previous_hash IS NULL AND hash IS NULL) OR " +
                "(signed_at IS NOT NULL AND signed_by IS NOT NULL AND chain_sequence >= 1 AND hash IS NOT NULL " +
                "AND (previous_hash IS NULL) = (chain_sequence = 1))");
        });
        note.HasKey(n => n.Id);
        note.Property(n => n.Id).ValueGeneratedNever();
        note.Property(n => n.Version).IsRowVersion();
        note.HasIndex(n => n.AppointmentId).IsUnique().HasDatabaseName(NotesDatabase.OneNotePerAppointment);
        note.HasIndex(n => new { n.ClientId, n.CreatedAt, n.Id });
        note.HasIndex(n => new { n.ReferralId, n.CreatedAt, n.Id }).HasFilter("referral_id IS NOT NULL");
        // One position per client: the chain cannot fork, whatever the application does.
        note.HasIndex(n => new { n.ClientId, n.ChainSequence }).IsUnique().HasFilter("chain_sequence IS NOT NULL");

        note.Property(n => n.Kind).IsRequired();
        note.Property(n => n.AuthorId).IsRequired();
        note.Property(n => n.Techniques).HasColumnType("text[]");
        note.Property(n => n.BodyRegions).HasColumnType("text[]");
        note.Property(n => n.RangeOfMotion).HasColumnType("jsonb").HasConversion(JsonColumn<RangeOfMotionMeasurement>.Converter, JsonColumn<RangeOfMotionMeasurement>.Comparer);
        note.Property(n => n.OutcomeMeasures).HasColumnType("jsonb").HasConversion(JsonColumn<OutcomeMeasure>.Converter, JsonColumn<OutcomeMeasure>.Comparer);
        note.Ignore(n => n.Content);
        note.Ignore(n => n.IsSigned);

        note.HasMany(n => n.Addenda).WithOne().HasForeignKey(a => a.NoteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AddendumConfiguration : IEntityTypeConfiguration<Addendum>
{
    public void Configure(EntityTypeBuilder<Addendum> addendum)
    {
        addendum.ToTable("note_addenda");
        addendum.HasKey(a => a.Id);
        addendum.Property(a => a.Id).ValueGeneratedNever();
        addendum.HasIndex(a => new { a.NoteId, a.CreatedAt });
    }
}

internal sealed class NoteAccessConfiguration : IEntityTypeConfiguration<NoteAccess>
{
    public void Configure(EntityTypeBuilder<NoteAccess> access)
    {
        access.ToTable("note_access_log", t =>
            t.HasCheckConstraint("ck_note_access_log_purpose", "purpose IN ('treatment', 'payment', 'operations', 'audit')"));
        access.HasKey(a => a.Id);
        access.Property(a => a.Id).ValueGeneratedNever();
        access.HasIndex(a => new { a.NoteId, a.AccessedAt, a.Id });
        access.HasOne<ClinicalNote>().WithMany().HasForeignKey(a => a.NoteId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NoteChainConfiguration : IEntityTypeConfiguration<NoteChain>
{
    public void Configure(EntityTypeBuilder<NoteChain> chain)
    {
        chain.ToTable("note_chains", t => t.HasCheckConstraint("ck_note_chains_length", "length >= 0"));
        chain.HasKey(c => c.ClientId);
        chain.Property(c => c.ClientId).ValueGeneratedNever();
    }
}

/// <summary>A list of small records in one <c>jsonb</c> column, camelCase as on the wire.</summary>
internal static class JsonColumn<T>
{
    public static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<IReadOnlyList<T>, string> Converter = new(
        v => JsonSerializer.Serialize(v, PlatformJson.Web),
        v => JsonSerializer.Deserialize<List<T>>(v, PlatformJson.Web) ?? new List<T>());

    public static readonly ValueComparer<IReadOnlyList<T>> Comparer = new(
        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
        v => v.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
        v => v.ToList());
}
