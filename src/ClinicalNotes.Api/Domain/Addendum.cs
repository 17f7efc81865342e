namespace ClinicalNotes.Api.Domain;

/// <summary>A correction or late entry to a signed note: append-only, kept beside the note it amends.</summary>
public sealed class Addendum
{
    private Addendum()
    {
    }

    public Guid Id { get; private set; }
    public Guid NoteId { get; private set; }
    public string Text { get; private set; } = string.Empty;
    public string Reason { get; private set; } = string.Empty;
    public string AuthorId { get; private set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; private set; }

    public static Addendum Write(Guid noteId, string text, string reason, string authorId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        NoteId = noteId,
        Text = text,
        Reason = reason,
        AuthorId = authorId,
        CreatedAt = CanonicalNote.ToStoredPrecision(now),
    };
}
