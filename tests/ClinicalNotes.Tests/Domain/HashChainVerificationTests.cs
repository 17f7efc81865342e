using ClinicalNotes.Api.Domain;

namespace ClinicalNotes.Tests.Domain;

public sealed class HashChainVerificationTests
{
    private static readonly Guid ClientId = Guid.NewGuid();

    /// <summary>A correctly signed chain of <paramref name="count"/> notes and its head.</summary>
    private static (List<StoredSignedNote> Notes, NoteChain Head) Chain(int count)
    {
        var head = new NoteChain(ClientId);
        var notes = new List<StoredSignedNote>();
        for (var i = 0; i < count; i++)
        {
            var note = DomainSamples.Sealed(sequence: i + 1, previousHash: head.HeadHash) with { NoteId = Guid.NewGuid(), ClientId = ClientId };
            var hash = CanonicalNote.Hash(note);
            notes.Add(new StoredSignedNote(note, hash));
            head.Advance(note.NoteId, hash);
        }

        return (notes, head);
    }

    [Fact]
    public void An_untouched_chain_is_intact()
    {
        var (notes, head) = Chain(4);

        var result = HashChain.Verify(ClientId, notes, head);

        Assert.True(result.Intact);
        Assert.Equal(4, result.NotesChecked);
        Assert.Null(result.FirstBrokenLink);
    }

    [Fact]
    public void No_notes_and_no_head_is_an_intact_empty_chain() =>
        Assert.True(HashChain.Verify(ClientId, [], null).Intact);

    [Fact]
    public void Changed_content_is_named_at_the_changed_note()
    {
        var (notes, head) = Chain(4);
        var changed = notes[1].Note with { Content = notes[1].Note.Content with { PainAfter = 0 } };
        notes[1] = notes[1] with { Note = changed };

        var broken = HashChain.Verify(ClientId, notes, head).FirstBrokenLink;

        Assert.Equal((notes[1].Note.NoteId, 2, HashChain.ContentChanged), (broken?.NoteId, broken?.Sequence, broken?.Problem));
    }

    [Fact]
    public void Rehashing_a_changed_note_moves_the_break_to_the_next_link_but_does_not_hide_it()
    {
        var (notes, head) = Chain(4);
        var changed = notes[1].Note with { Content = notes[1].Note.Content with { PainAfter = 0 } };
        notes[1] = new StoredSignedNote(changed, CanonicalNote.Hash(changed));

        var broken = HashChain.Verify(ClientId, notes, head).FirstBrokenLink;

        Assert.Equal((notes[2].Note.NoteId, HashChain.LinkBroken), (broken?.NoteId, broken?.Problem));
        Assert.Contains(notes[1].Note.NoteId.ToString(), broken!.Detail);
    }

    [Fact]
    public void Rehashing_the_newest_note_is_caught_by_the_head()
    {
        var (notes, head) = Chain(3);
        var changed = notes[2].Note with { Content = notes[2].Note.Content with { Assessment = "rewritten" } };
        notes[2] = new StoredSignedNote(changed, CanonicalNote.Hash(changed));

        var broken = HashChain.Verify(ClientId, notes, head).FirstBrokenLink;

        Assert.Equal((notes[2].Note.NoteId, HashChain.HeadMismatch), (broken?.NoteId, broken?.Problem));
    }

    [Fact]
    public void A_missing_note_breaks_the_link_of_the_next()
    {
        var (notes, head) = Chain(4);
        var removed = notes[1];
        notes.RemoveAt(1);

        var broken = HashChain.Verify(ClientId, notes, head).FirstBrokenLink;

        Assert.NotEqual(removed.Note.NoteId, broken?.NoteId);
        Assert.Equal((notes[1].Note.NoteId, HashChain.LinkBroken), (broken?.NoteId, broken?.Problem));
    }

    [Fact]
    public void A_missing_newest_note_is_a_head_mismatch()
    {
        var (notes, head) = Chain(3);
        notes.RemoveAt(2);

        var broken = HashChain.Verify(ClientId, notes, head).FirstBrokenLink;

        Assert.Equal((notes[1].Note.NoteId, HashChain.HeadMismatch), (broken?.NoteId, broken?.Problem));
    }

    [Fact]
    public void A_first_note_that_links_to_something_is_broken()
    {
        var (notes, head) = Chain(1);
        var relinked = notes[0].Note with { PreviousHash = new string('f', 64) };
        notes[0] = new StoredSignedNote(relinked, CanonicalNote.Hash(relinked));

        var broken = HashChain.Verify(ClientId, notes, head).FirstBrokenLink;

        Assert.Equal(HashChain.LinkBroken, broken?.Problem);
    }

    [Fact]
    public void A_head_that_counts_notes_nobody_can_find_is_a_mismatch()
    {
        var (_, head) = Chain(2);

        var result = HashChain.Verify(ClientId, [], head);

        Assert.False(result.Intact);
        Assert.Equal(HashChain.HeadMismatch, result.FirstBrokenLink?.Problem);
    }
}
