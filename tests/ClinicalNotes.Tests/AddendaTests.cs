using System.Net;
using ClinicalNotes.Api.Features.Notes;
using Npgsql;

namespace ClinicalNotes.Tests;

/// <summary>Corrections to a signed note are addenda: text, reason, author, time; append-only.</summary>
public sealed class AddendaTests(ClinicalNotesServiceFactory service) : IClassFixture<ClinicalNotesServiceFactory>
{
    [Fact]
    public async Task An_addendum_is_added_to_a_signed_note_by_whoever_writes_it_and_shown_with_the_note()
    {
        using var author = service.Therapist("therapist-a");
        using var manager = service.Staff("manager-1", "manager", TestCaller.HomeLocation);
        var signed = await author.CreateSignedAsync(NoteRequests.Body());

        using var response = await manager.PostJsonAsync($"/api/notes/{signed.Id}/addenda",
            new { text = "Pain after was 5, not 4.", reason = "transcription error" });

        var addendum = await response.ShouldBeAsync<AddendumView>(HttpStatusCode.Created);
        Assert.Equal("manager-1", addendum.AuthorId);
        Assert.Equal("transcription error", addendum.Reason);
        using var read = await author.GetAsync($"/api/notes/{signed.Id}");
        var note = await read.ShouldBeAsync<NoteView>(HttpStatusCode.OK);
        var shown = Assert.Single(note.Addenda);
        Assert.Equal("Pain after was 5, not 4.", shown.Text);
        Assert.Equal(4, note.PainAfter);
        Assert.Equal(signed.Hash, note.Hash);
    }

    [Fact]
    public async Task Addenda_accumulate_in_order()
    {
        using var client = service.Therapist();
        var signed = await client.CreateSignedAsync(NoteRequests.Body());

        foreach (var text in new[] { "first", "second", "third" })
        {
            using var response = await client.PostJsonAsync($"/api/notes/{signed.Id}/addenda", new { text, reason = "late entry" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        using var read = await client.GetAsync($"/api/notes/{signed.Id}");
        var note = await read.ShouldBeAsync<NoteView>(HttpStatusCode.OK);
        Assert.Equal(["first", "second", "third"], note.Addenda.Select(a => a.Text));
    }

    [Fact]
    public async Task A_draft_takes_no_addendum()
    {
        using var client = service.Therapist();
        var draft = await client.CreateAsync(NoteRequests.Body());

        using var response = await client.PostJsonAsync($"/api/notes/{draft.Id}/addenda", new { text = "x", reason = "y" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("note_not_signed", problem.Code);
        Assert.Equal(0L, await service.ScalarAsync<long>("SELECT count(*) FROM note_addenda WHERE note_id = $1", draft.Id));
    }

    [Theory]
    [InlineData(null, "a reason", "text")]
    [InlineData("a correction", null, "reason")]
    [InlineData("a correction", "", "reason")]
    [InlineData("TOO_LONG", "a reason", "text")]
    [InlineData("a correction", "TOO_LONG", "reason")]
    public async Task An_addendum_needs_text_and_reason_within_limits(string? text, string? reason, string field)
    {
        using var client = service.Therapist();
        var signed = await client.CreateSignedAsync(NoteRequests.Body());
        var tooLong = new string('x', 10 * 1024);

        using var response = await client.PostJsonAsync($"/api/notes/{signed.Id}/addenda",
            new { text = text == "TOO_LONG" ? tooLong : text, reason = reason == "TOO_LONG" ? tooLong : reason });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors!.ContainsKey(field), string.Join(", ", problem.Errors.Keys));
        Assert.Equal(0L, await service.ScalarAsync<long>("SELECT count(*) FROM note_addenda WHERE note_id = $1", signed.Id));
    }

    [Theory]
    [InlineData("UPDATE note_addenda SET text = 'quietly reworded' WHERE note_id = $1")]
    [InlineData("DELETE FROM note_addenda WHERE note_id = $1")]
    public async Task The_database_keeps_addenda_append_only(string sql)
    {
        using var client = service.Therapist();
        var signed = await client.CreateSignedAsync(NoteRequests.Body());
        using (var added = await client.PostJsonAsync($"/api/notes/{signed.Id}/addenda", new { text = "original wording", reason = "late entry" }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var error = await Assert.ThrowsAsync<PostgresException>(() => service.ExecuteAsync(sql, signed.Id));

        Assert.Equal("CN002", error.SqlState);
        Assert.Equal("original wording", await service.ScalarAsync<string>("SELECT text FROM note_addenda WHERE note_id = $1", signed.Id));
    }

    [Fact]
    public async Task An_addendum_to_an_unknown_note_is_404()
    {
        using var client = service.Therapist();

        using var response = await client.PostJsonAsync($"/api/notes/{Guid.NewGuid()}/addenda", new { text = "x", reason = "y" });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
