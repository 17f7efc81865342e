namespace ClinicalNotes.Api.Domain;

/// <summary>One read of one note: who, when, why. Append-only (HIPAA §164.312(b) audit controls).</summary>
public sealed class NoteAccess
{
    private NoteAccess()
    {
    }

    public Guid Id { get; private set; }
    public Guid NoteId { get; private set; }
    public string AccessedBy { get; private set; } = string.Empty;
    public DateTimeOffset AccessedAt { get; private set; }
    public string Purpose { get; private set; } = AccessPurposes.Treatment;

    public static NoteAccess Record(Guid noteId, string accessedBy, string purpose, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        NoteId = noteId,
        AccessedBy = accessedBy,
        AccessedAt = CanonicalNote.ToStoredPrecision(now),
        Purpose = purpose,
    };
}
