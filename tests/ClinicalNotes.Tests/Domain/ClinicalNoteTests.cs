using ClinicalNotes.Api.Domain;
using Platform.ServiceDefaults.Problems;

namespace ClinicalNotes.Tests.Domain;

public sealed class ClinicalNoteTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Signing_takes_the_next_position_links_the_previous_hash_and_moves_the_head()
    {
        var clientId = Guid.NewGuid();
        var chain = new NoteChain(clientId);
        var first = DomainSamples.Draft(clientId: clientId);
        var second = DomainSamples.Draft(clientId: clientId);

        first.Sign("therapist-a", Now, chain);
        second.Sign("therapist-a", Now.AddMinutes(1), chain);

        Assert.Equal((1, (string?)null), (first.ChainSequence, first.PreviousHash));
        Assert.Equal((2, first.Hash), (second.ChainSequence, second.PreviousHash));
        Assert.Equal((2, second.Id, second.Hash), (chain.Length, chain.HeadNoteId, chain.HeadHash));
        Assert.Equal(CanonicalNote.Hash(second.Seal()), second.Hash);
    }

    [Fact]
    public void Only_the_author_signs_or_revises()
    {
        var note = DomainSamples.Draft(author: "therapist-a");

        Assert.Throws<ForbiddenException>(() => note.Sign("therapist-b", Now, new NoteChain(note.ClientId)));
        Assert.Throws<ForbiddenException>(() => note.Revise("therapist-b", NoteKinds.Treatment, null, DomainSamples.CompleteContent(), Now));
        Assert.False(note.IsSigned);
    }

    [Fact]
    public void A_signed_note_is_neither_signed_again_nor_revised()
    {
        var note = DomainSamples.Draft();
        var chain = new NoteChain(note.ClientId);
        note.Sign("therapist-a", Now, chain);

        Assert.Equal("note_already_signed", Assert.Throws<ConflictException>(() => note.Sign("therapist-a", Now, chain)).Code);
        Assert.Equal("note_signed", Assert.Throws<ConflictException>(() =>
            note.Revise("therapist-a", NoteKinds.Treatment, null, DomainSamples.CompleteContent(), Now)).Code);
        Assert.Equal(1, chain.Length);
    }

    [Fact]
    public void An_incomplete_note_is_refused_with_every_missing_field()
    {
        var content = DomainSamples.CompleteContent() with { Assessment = "   ", PainAfter = null };
        var note = DomainSamples.Draft(content: content);
        var chain = new NoteChain(note.ClientId);

        var refusal = Assert.Throws<BusinessRuleException>(() => note.Sign("therapist-a", Now, chain));

        Assert.Equal(["missing:assessment", "missing:painAfter"], refusal.Reasons);
        Assert.Equal(0, chain.Length);
    }

    [Fact]
    public void An_initial_assessment_also_needs_posture_and_range_of_motion()
    {
        var content = DomainSamples.CompleteContent() with { Objective = new Objective(null, [], "tight") };

        Assert.Empty(content.MissingForSigning(NoteKinds.Treatment));
        Assert.Equal(["missing:objective.posture", "missing:objective.rangeOfMotion"], content.MissingForSigning(NoteKinds.InitialAssessment));
    }

    [Fact]
    public void Instants_are_stored_to_the_microsecond_so_the_hash_verifies_after_a_round_trip()
    {
        var note = DomainSamples.Draft();
        note.Sign("therapist-a", Now.AddTicks(1234567), new NoteChain(note.ClientId));

        Assert.Equal(0, note.SignedAt!.Value.Ticks % 10);
        Assert.Equal(0, note.CreatedAt.Ticks % 10);
    }

    public static TheoryData<string, bool> Texts => new()
    {
        // Built in code: a test runner would replace an unpaired surrogate in attribute data.
        { "plain text", true },
        { "emoji \ud83d\ude00 pair", true },
        { "nul \0 inside", false },
        { "lone " + '\ud800' + " high", false },
        { "lone " + '\udc00' + " low", false },
        { "ends high " + '\ud800', false },
    };

    [Theory]
    [MemberData(nameof(Texts), DisableDiscoveryEnumeration = true)]
    public void Only_text_postgresql_can_store_is_accepted(string text, bool storable) =>
        Assert.Equal(storable, FreeText.IsStorable(text));
}
