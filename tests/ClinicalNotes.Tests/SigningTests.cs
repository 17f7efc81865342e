using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ClinicalNotes.Api.Features.Notes;
using Npgsql;

namespace ClinicalNotes.Tests;

/// <summary>Signing locks a note forever, in the application and in the database itself.</summary>
public sealed class SigningTests(ClinicalNotesServiceFactory service) : IClassFixture<ClinicalNotesServiceFactory>
{
    [Fact]
    public async Task Signing_locks_the_note_and_returns_its_hash()
    {
        using var client = service.Therapist("therapist-a");
        var draft = await client.CreateAsync(NoteRequests.Body());

        var signed = await client.SignAsync(draft.Id);

        Assert.Equal("signed", signed.Status);
        Assert.Equal("therapist-a", signed.SignedBy);
        Assert.Equal(1, signed.ChainSequence);
        Assert.Null(signed.PreviousHash);
        Assert.Matches("^[0-9a-f]{64}$", signed.Hash);
        Assert.Equal(signed.Hash, await service.ScalarAsync<string>("SELECT hash FROM notes WHERE id = $1", draft.Id));
    }

    [Fact]
    public async Task Signing_twice_is_409()
    {
        using var client = service.Therapist();
        var signed = await client.CreateSignedAsync(NoteRequests.Body());

        using var response = await client.PostAsync($"/api/notes/{signed.Id}/sign", null);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("note_already_signed", problem.Code);
        Assert.Equal(signed.Hash, await service.ScalarAsync<string>("SELECT hash FROM notes WHERE id = $1", signed.Id));
    }

    [Fact]
    public async Task Concurrent_signings_of_one_note_sign_it_once()
    {
        using var author = service.Therapist("therapist-a");
        var draft = await author.CreateAsync(NoteRequests.Body());

        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var client = service.Therapist("therapist-a");
            using var response = await client.PostAsync($"/api/notes/{draft.Id}/sign", null);
            return response.StatusCode;
        }));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(1, await service.ScalarAsync<int>("SELECT length FROM note_chains WHERE client_id = $1", draft.ClientId));
    }

    [Fact]
    public async Task Only_the_author_signs()
    {
        using var author = service.Therapist("therapist-a");
        using var colleague = service.Therapist("therapist-b");
        var draft = await author.CreateAsync(NoteRequests.Body());

        using var response = await colleague.PostAsync($"/api/notes/{draft.Id}/sign", null);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Null(await service.ScalarAsync<DateTime?>("SELECT signed_at FROM notes WHERE id = $1", draft.Id));
    }

    [Fact]
    public async Task An_incomplete_note_is_not_signed_and_every_missing_field_is_named()
    {
        using var client = service.Therapist();
        var body = new JsonObject
        {
            ["appointmentId"] = Guid.NewGuid().ToString(),
            ["clientId"] = Guid.NewGuid().ToString(),
            ["kind"] = "initial-assessment",
            ["subjective"] = new JsonObject { ["chiefComplaint"] = "headaches", ["painBefore"] = 5 },
        };
        var draft = await client.CreateAsync(body);

        using var response = await client.PostAsync($"/api/notes/{draft.Id}/sign", null);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("note_incomplete", problem.Code);
        Assert.Equal(
            ["missing:objective.posture", "missing:objective.rangeOfMotion", "missing:assessment", "missing:plan.techniques", "missing:plan.bodyRegions", "missing:painAfter"],
            problem.Reasons!);
        Assert.Null(await service.ScalarAsync<DateTime?>("SELECT signed_at FROM notes WHERE id = $1", draft.Id));
    }

    [Fact]
    public async Task Signing_with_a_stale_etag_is_409_so_nobody_signs_a_version_they_did_not_read()
    {
        using var client = service.Therapist();
        var body = NoteRequests.Body();
        var draft = await client.CreateAsync(body);
        using (var edit = await client.PutNoteAsync(draft.Id, body.Set("assessment", "changed in another tab"), draft.Version))
        {
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/notes/{draft.Id}/sign");
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{draft.Version}\""));
        using var response = await client.SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("stale_write", problem.Code);
        Assert.Null(await service.ScalarAsync<DateTime?>("SELECT signed_at FROM notes WHERE id = $1", draft.Id));
    }

    [Fact]
    public async Task Editing_a_signed_note_through_the_api_is_409_and_changes_nothing()
    {
        using var client = service.Therapist();
        var body = NoteRequests.Body();
        var draft = await client.CreateAsync(body);
        await client.SignAsync(draft.Id);
        using var read = await client.GetAsync($"/api/notes/{draft.Id}");
        var etag = NoteRequests.ETagOf(read);

        using var response = await client.PutNoteAsync(draft.Id, body.Set("assessment", "rewritten after signing"), etag);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("note_signed", problem.Code);
        Assert.Equal("mechanical low back pain, improving", await service.ScalarAsync<string>("SELECT assessment FROM notes WHERE id = $1", draft.Id));
    }

    [Theory]
    [InlineData("UPDATE notes SET assessment = 'rewritten' WHERE id = $1")]
    [InlineData("UPDATE notes SET pain_after = 0 WHERE id = $1")]
    [InlineData("UPDATE notes SET signed_at = NULL, signed_by = NULL, chain_sequence = NULL, previous_hash = NULL, hash = NULL WHERE id = $1")]
    [InlineData("DELETE FROM notes WHERE id = $1")]
    public async Task The_database_refuses_any_update_or_delete_of_a_signed_note(string sql)
    {
        using var client = service.Therapist();
        var signed = await client.CreateSignedAsync(NoteRequests.Body());

        var error = await Assert.ThrowsAsync<PostgresException>(() => service.ExecuteAsync(sql, signed.Id));

        Assert.Equal("CN001", error.SqlState);
        Assert.Equal("mechanical low back pain, improving", await service.ScalarAsync<string>("SELECT assessment FROM notes WHERE id = $1", signed.Id));
        Assert.Equal(signed.Hash, await service.ScalarAsync<string>("SELECT hash FROM notes WHERE id = $1", signed.Id));
    }

    [Fact]
    public async Task The_lock_is_for_signed_notes_only_a_draft_row_still_updates()
    {
        using var client = service.Therapist();
        var draft = await client.CreateAsync(NoteRequests.Body());

        var updated = await service.ExecuteAsync("UPDATE notes SET assessment = 'draft wording' WHERE id = $1", draft.Id);

        Assert.Equal(1, updated);
    }

    [Fact]
    public async Task The_notes_table_cannot_be_truncated()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => service.ExecuteAsync("TRUNCATE notes CASCADE"));

        Assert.Equal("CN002", error.SqlState);
    }

    [Fact]
    public async Task Signing_an_unknown_note_is_404()
    {
        using var client = service.Therapist();

        using var response = await client.PostAsync($"/api/notes/{Guid.NewGuid()}/sign", null);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
