namespace ClinicalNotes.Api.Domain;

/// <summary>A signed note as read back from storage: what it says now, and the hash stored when it was signed.</summary>
public sealed record StoredSignedNote(SealedNote Note, string StoredHash);

/// <summary>The first place where a client's chain does not hold, and why.</summary>
public sealed record BrokenLink(Guid NoteId, int? Sequence, string Problem, string Detail);

public sealed record ChainVerification(Guid ClientId, bool Intact, int NotesChecked, string? HeadHash, BrokenLink? FirstBrokenLink);

/// <summary>
/// Verifies a client's chain of signed notes, oldest first, and names the first broken link:
/// <list type="bullet">
/// <item><c>link-broken</c>: a note is not at the position that follows the previous one, or its
/// <c>previousHash</c> is not the previous note's stored hash (a note was removed, inserted or re-linked);</item>
/// <item><c>content-changed</c>: hashing what the note says now does not give the hash stored at signing;</item>
/// <item><c>head-mismatch</c>: the chain head does not point at the last note (the newest note was removed,
/// or a note was signed outside the service).</item>
/// </list>
/// </summary>
public static class HashChain
{
    public const string LinkBroken = "link-broken";
    public const string ContentChanged = "content-changed";
    public const string HeadMismatch = "head-mismatch";

    /// <param name="notes">The client's signed notes ordered by their stored sequence.</param>
    /// <param name="head">The client's chain head, or null when nothing was ever signed for the client.</param>
    public static ChainVerification Verify(Guid clientId, IReadOnlyList<StoredSignedNote> notes, NoteChain? head)
    {
        for (var i = 0; i < notes.Count; i++)
        {
            var (note, storedHash) = (notes[i].Note, notes[i].StoredHash);
            var broken = CheckLink(note, i == 0 ? null : notes[i - 1], i + 1) ?? CheckContent(note, storedHash);
            if (broken is not null) return new ChainVerification(clientId, false, i + 1, head?.HeadHash, broken);
        }

        var last = notes.Count > 0 ? notes[^1] : null;
        var headBroken = CheckHead(head, last, notes.Count);
        return new ChainVerification(clientId, headBroken is null, notes.Count, head?.HeadHash, headBroken);
    }

    private static BrokenLink? CheckLink(SealedNote note, StoredSignedNote? previous, int expectedSequence)
    {
        if (note.Sequence != expectedSequence)
        {
            return new BrokenLink(note.NoteId, note.Sequence, LinkBroken,
                $"The note is at position {note.Sequence} where position {expectedSequence} was expected: a signed note before it is missing or was inserted.");
        }

        var expectedPrevious = previous?.StoredHash;
        if (!string.Equals(note.PreviousHash, expectedPrevious, StringComparison.Ordinal))
        {
            return new BrokenLink(note.NoteId, note.Sequence, LinkBroken, previous is null
                ? "The first signed note of the client must not link to a previous hash, but it does."
                : $"The note's previous hash does not match the hash of note {previous.Note.NoteId} signed before it.");
        }

        return null;
    }

    private static BrokenLink? CheckContent(SealedNote note, string storedHash) =>
        string.Equals(CanonicalNote.Hash(note), storedHash, StringComparison.Ordinal)
            ? null
            : new BrokenLink(note.NoteId, note.Sequence, ContentChanged,
                "The note as stored now does not hash to the hash recorded when it was signed: its content or signature data was changed.");

    private static BrokenLink? CheckHead(NoteChain? head, StoredSignedNote? last, int count)
    {
        if (last is null)
        {
            return head is null || head.Length == 0
                ? null
                : new BrokenLink(head.HeadNoteId ?? Guid.Empty, head.Length, HeadMismatch,
                    $"The chain head records {head.Length} signed notes but none were found.");
        }

        if (head is null || head.Length != count || head.HeadNoteId != last.Note.NoteId
            || !string.Equals(head.HeadHash, last.StoredHash, StringComparison.Ordinal))
        {
            return new BrokenLink(last.Note.NoteId, last.Note.Sequence, HeadMismatch,
                $"The chain head does not point at this note, the newest of {count} signed notes: a newer signed note is missing or the head was changed.");
        }

        return null;
    }
}
