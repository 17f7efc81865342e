using System.Net;
using ClinicalNotes.Api.Domain;
using ClinicalNotes.Api.Features.Notes;
using ClinicalNotes.Api.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ClinicalNotes.Tests;

/// <summary>
/// Tamper evidence: each signed note hashes its canonical form with the previous signed note's hash of
/// the same client; verification walks the chain and names the first broken link.
/// </summary>
public sealed class HashChainTests(ClinicalNotesServiceFactory service) : IClassFixture<ClinicalNotesServiceFactory>
{
    [Fact]
    public async Task Each_signed_note_links_to_the_previous_one_of_its_client()
    {
        var (clientId, notes) = await SignChainAsync(3);

        Assert.Equal([1, 2, 3], notes.Select(n => n.ChainSequence));
        Assert.Null(notes[0].PreviousHash);
        Assert.Equal(notes[0].Hash, notes[1].PreviousHash);
        Assert.Equal(notes[1].Hash, notes[2].PreviousHash);
        var verification = await VerifyAsync(clientId);
        Assert.True(verification.Intact);
        Assert.Equal(3, verification.NotesChecked);
        Assert.Equal(notes[2].Hash, verification.HeadHash);
        Assert.Null(verification.FirstBrokenLink);
    }

    [Fact]
    public async Task Chains_are_per_client()
    {
        var (_, first) = await SignChainAsync(1);
        var (_, second) = await SignChainAsync(1);

        Assert.Equal(1, first[0].ChainSequence);
        Assert.Equal(1, second[0].ChainSequence);
        Assert.Null(second[0].PreviousHash);
    }

    [Fact]
    public async Task Content_changed_behind_the_triggers_back_is_named()
    {
        var (clientId, notes) = await SignChainAsync(3);

        await TamperAsync($"UPDATE notes SET pain_after = 1 WHERE id = '{notes[1].Id}'");

        var broken = (await VerifyAsync(clientId)).FirstBrokenLink;
        Assert.NotNull(broken);
        Assert.Equal(notes[1].Id, broken.NoteId);
        Assert.Equal(HashChain.ContentChanged, broken.Problem);
    }

    [Fact]
    public async Task Changed_free_text_is_named_too()
    {
        var (clientId, notes) = await SignChainAsync(2);

        await TamperAsync($"UPDATE notes SET assessment = assessment || '.' WHERE id = '{notes[0].Id}'");

        var broken = (await VerifyAsync(clientId)).FirstBrokenLink;
        Assert.Equal(notes[0].Id, broken?.NoteId);
        Assert.Equal(HashChain.ContentChanged, broken?.Problem);
    }

    [Fact]
    public async Task A_relinked_note_is_named_as_a_broken_link()
    {
        var (clientId, notes) = await SignChainAsync(3);

        await TamperAsync($"UPDATE notes SET previous_hash = '{new string('0', 64)}' WHERE id = '{notes[2].Id}'");

        var broken = (await VerifyAsync(clientId)).FirstBrokenLink;
        Assert.Equal(notes[2].Id, broken?.NoteId);
        Assert.Equal(HashChain.LinkBroken, broken?.Problem);
    }

    [Fact]
    public async Task A_removed_note_breaks_the_link_of_the_one_after_it()
    {
        var (clientId, notes) = await SignChainAsync(3);

        await TamperAsync($"DELETE FROM notes WHERE id = '{notes[1].Id}'");

        var verification = await VerifyAsync(clientId);
        Assert.False(verification.Intact);
        Assert.Equal(notes[2].Id, verification.FirstBrokenLink?.NoteId);
        Assert.Equal(HashChain.LinkBroken, verification.FirstBrokenLink?.Problem);
    }

    [Fact]
    public async Task A_removed_newest_note_is_caught_by_the_chain_head()
    {
        var (clientId, notes) = await SignChainAsync(3);

        await TamperAsync($"DELETE FROM notes WHERE id = '{notes[2].Id}'");

        var broken = (await VerifyAsync(clientId)).FirstBrokenLink;
        Assert.Equal(notes[1].Id, broken?.NoteId);
        Assert.Equal(HashChain.HeadMismatch, broken?.Problem);
    }

    [Fact]
    public async Task Notes_of_one_client_signed_concurrently_form_one_linear_chain()
    {
        const int count = 12;
        var clientId = Guid.NewGuid();
        using var author = service.Therapist("therapist-a");
        var drafts = new List<NoteView>();
        for (var i = 0; i < count; i++) drafts.Add(await author.CreateAsync(NoteRequests.Body(clientId: clientId)));

        var signed = await Task.WhenAll(drafts.Select(async d =>
        {
            using var client = service.Therapist("therapist-a");
            return await client.SignAsync(d.Id);
        }));

        var bySequence = signed.OrderBy(n => n.ChainSequence).ToList();
        Assert.Equal(Enumerable.Range(1, count), bySequence.Select(n => n.ChainSequence!.Value));
        Assert.Null(bySequence[0].PreviousHash);
        for (var i = 1; i < count; i++)
        {
            Assert.Equal(bySequence[i - 1].Hash, bySequence[i].PreviousHash);
        }

        Assert.Equal(count, await service.ScalarAsync<int>("SELECT length FROM note_chains WHERE client_id = $1", clientId));
        Assert.True((await VerifyAsync(clientId)).Intact);
    }

    [Fact]
    public async Task Verification_while_notes_are_being_signed_never_reports_a_false_break()
    {
        var clientId = Guid.NewGuid();
        using var author = service.Therapist("therapist-a");
        var drafts = new List<NoteView>();
        for (var i = 0; i < 8; i++) drafts.Add(await author.CreateAsync(NoteRequests.Body(clientId: clientId)));

        var signing = Task.WhenAll(drafts.Select(async d =>
        {
            using var client = service.Therapist("therapist-a");
            await client.SignAsync(d.Id);
        }));
        var verifications = new List<ChainVerification>();
        while (!signing.IsCompleted) verifications.Add(await VerifyAsync(clientId));
        await signing;
        verifications.Add(await VerifyAsync(clientId));

        Assert.All(verifications, v => Assert.True(v.Intact, v.FirstBrokenLink?.Detail));
        Assert.Equal(8, verifications[^1].NotesChecked);
    }

    [Fact]
    public async Task Verification_is_a_plain_method_too()
    {
        var (clientId, notes) = await SignChainAsync(2);
        await TamperAsync($"UPDATE notes SET chief_complaint = 'edited' WHERE id = '{notes[1].Id}'");

        await using var scope = service.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<NoteChainVerifier>().VerifyAsync(clientId);

        Assert.False(result.Intact);
        Assert.Equal(notes[1].Id, result.FirstBrokenLink?.NoteId);
    }

    [Fact]
    public async Task A_client_without_signed_notes_has_an_intact_empty_chain()
    {
        using var client = service.Therapist();
        var draft = await client.CreateAsync(NoteRequests.Body());

        var verification = await VerifyAsync(draft.ClientId);

        Assert.True(verification.Intact);
        Assert.Equal(0, verification.NotesChecked);
    }

    [Theory]
    [InlineData("UPDATE note_chains SET length = length + 1 WHERE client_id = $1")]
    [InlineData("UPDATE note_chains SET head_hash = 'forged' WHERE client_id = $1")]
    [InlineData("DELETE FROM note_chains WHERE client_id = $1")]
    public async Task The_database_lets_a_chain_head_only_advance_by_signing(string sql)
    {
        var (clientId, notes) = await SignChainAsync(2);

        var error = await Assert.ThrowsAsync<PostgresException>(() => service.ExecuteAsync(sql, clientId));

        Assert.Equal("CN002", error.SqlState);
        Assert.Equal(notes[1].Hash, await service.ScalarAsync<string>("SELECT head_hash FROM note_chains WHERE client_id = $1", clientId));
    }

    [Fact]
    public async Task Verification_needs_a_client()
    {
        using var client = service.Staff("manager-1", "manager", TestCaller.HomeLocation);

        using var response = await client.GetAsync("/api/notes/chain-verification");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors!.ContainsKey("clientId"));
    }

    private async Task<(Guid ClientId, List<NoteView> Notes)> SignChainAsync(int count)
    {
        var clientId = Guid.NewGuid();
        using var client = service.Therapist("therapist-a");
        var notes = new List<NoteView>();
        for (var i = 0; i < count; i++)
        {
            notes.Add(await client.CreateSignedAsync(NoteRequests.Body(clientId: clientId, painBefore: 7 - i, painAfter: 4 - i)));
        }

        return (clientId, notes);
    }

    private async Task<ChainVerification> VerifyAsync(Guid clientId)
    {
        using var client = service.CreateApiClient().AsUser("hq-auditor-1", roles: ["hq-auditor"]);
        using var response = await client.GetAsync($"/api/notes/chain-verification?clientId={clientId}");
        return await response.ShouldBeAsync<ChainVerification>(HttpStatusCode.OK);
    }

    /// <summary>What a superuser could do: switch the lock off, change a signed row, switch it on again.</summary>
    private Task TamperAsync(string sql) => service.ExecuteAsync(
        $"BEGIN; ALTER TABLE notes DISABLE TRIGGER notes_locked_when_signed; {sql}; ALTER TABLE notes ENABLE TRIGGER notes_locked_when_signed; COMMIT;");
}
