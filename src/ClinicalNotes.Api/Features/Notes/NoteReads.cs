using ClinicalNotes.Api.Domain;
using ClinicalNotes.Api.Infrastructure;
using FluentValidation;

namespace ClinicalNotes.Api.Features.Notes;

/// <summary>
/// Every read of a note is recorded (who, when, which note, why) in the transaction that reads it, so a
/// note is never returned without its access record, and a read whose record cannot be written fails.
/// </summary>
internal static class NoteReads
{
    public static void RecordReads(this ClinicalNotesDbContext db, IEnumerable<ClinicalNote> notes, string readerId, string? purpose, DateTimeOffset now) =>
        db.AccessLog.AddRange(notes.Select(n => NoteAccess.Record(n.Id, readerId, purpose ?? AccessPurposes.Treatment, now)));

    public static IRuleBuilderOptions<T, string?> AccessPurpose<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(AccessPurposes.IsKnown)
            .WithMessage((_, purpose) => $"Unknown purpose '{Vocabulary.Quote(purpose)}'. Say why you read the note: {Vocabulary.Describe(AccessPurposes.All)} (default treatment).");
}
