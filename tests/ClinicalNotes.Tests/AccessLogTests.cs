using System.Net;
using ClinicalNotes.Api.Features.Notes;
using Npgsql;
using Platform.ServiceDefaults.Http;

namespace ClinicalNotes.Tests;

/// <summary>Every read of a note, single or in a list, is recorded with who, when and why, in the same transaction.</summary>
public sealed class AccessLogTests(ClinicalNotesServiceFactory service) : IClassFixture<ClinicalNotesServiceFactory>
{
    [Fact]
    public async Task Reading_a_note_records_who_when_and_why()
    {
        using var author = service.Therapist("therapist-a");
        using var reader = service.Staff("manager-1", "manager", TestCaller.HomeLocation);
        var note = await author.CreateSignedAsync(NoteRequests.Body());
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        using var response = await reader.GetAsync($"/api/notes/{note.Id}?purpose=operations");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var log = await AccessLogAsync(note.Id);
        var entry = Assert.Single(log.Items);
        Assert.Equal("manager-1", entry.AccessedBy);
        Assert.Equal("operations", entry.Purpose);
        Assert.Equal(note.Id, entry.NoteId);
        Assert.InRange(entry.AccessedAt, before, DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Without_a_purpose_a_read_is_for_treatment()
    {
        using var client = service.Therapist("therapist-a");
        var note = await client.CreateAsync(NoteRequests.Body());

        using var response = await client.GetAsync($"/api/notes/{note.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("treatment", Assert.Single((await AccessLogAsync(note.Id)).Items).Purpose);
    }

    [Fact]
    public async Task An_unknown_purpose_is_400_and_nothing_is_read_or_recorded()
    {
        using var client = service.Therapist();
        var note = await client.CreateAsync(NoteRequests.Body());

        using var response = await client.GetAsync($"/api/notes/{note.Id}?purpose=curiosity");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors!.ContainsKey("purpose"));
        Assert.DoesNotContain("low back", await response.Content.ReadAsStringAsync());
        Assert.Equal(0L, await CountAsync(note.Id));
    }

    [Fact]
    public async Task Every_note_a_list_returns_is_recorded_and_only_those()
    {
        var clientId = Guid.NewGuid();
        using var client = service.Therapist("therapist-a");
        var notes = new List<NoteView>();
        for (var i = 0; i < 3; i++) notes.Add(await client.CreateAsync(NoteRequests.Body(clientId: clientId)));

        using var response = await client.GetAsync($"/api/notes?clientId={clientId}&limit=2&purpose=operations");

        var page = await response.ShouldBeAsync<Page<NoteView>>(HttpStatusCode.OK);
        Assert.Equal(notes.Take(2).Select(n => n.Id), page.Items.Select(n => n.Id));
        Assert.NotNull(page.NextCursor);
        Assert.Equal(1L, await CountAsync(notes[0].Id));
        Assert.Equal(1L, await CountAsync(notes[1].Id));
        Assert.Equal(0L, await CountAsync(notes[2].Id));
        Assert.Equal("operations", Assert.Single((await AccessLogAsync(notes[0].Id)).Items).Purpose);

        using var next = await client.GetAsync($"/api/notes?clientId={clientId}&limit=2&cursor={page.NextCursor}");
        var rest = await next.ShouldBeAsync<Page<NoteView>>(HttpStatusCode.OK);
        Assert.Equal([notes[2].Id], rest.Items.Select(n => n.Id));
        Assert.Null(rest.NextCursor);
        Assert.Equal(1L, await CountAsync(notes[2].Id));
    }

    [Fact]
    public async Task Notes_are_listed_by_referral_and_by_appointment()
    {
        var referralId = Guid.NewGuid();
        using var client = service.Therapist();
        var withReferral = await client.CreateAsync(NoteRequests.Body(referralId: referralId));
        await client.CreateAsync(NoteRequests.Body());

        using var byReferral = await client.GetAsync($"/api/notes?referralId={referralId}");
        using var byAppointment = await client.GetAsync($"/api/notes?appointmentId={withReferral.AppointmentId}");

        Assert.Equal([withReferral.Id], (await byReferral.ShouldBeAsync<Page<NoteView>>(HttpStatusCode.OK)).Items.Select(n => n.Id));
        Assert.Equal([withReferral.Id], (await byAppointment.ShouldBeAsync<Page<NoteView>>(HttpStatusCode.OK)).Items.Select(n => n.Id));
        Assert.Equal(2L, await CountAsync(withReferral.Id));
    }

    [Fact]
    public async Task Listing_needs_a_filter_so_nobody_reads_every_note()
    {
        using var client = service.Therapist();

        using var response = await client.GetAsync("/api/notes");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors!.ContainsKey("clientId"));
    }

    [Fact]
    public async Task Parallel_reads_are_each_recorded()
    {
        using var author = service.Therapist("therapist-a");
        var note = await author.CreateAsync(NoteRequests.Body());

        await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var client = service.Therapist($"reader-{i}");
            using var response = await client.GetAsync($"/api/notes/{note.Id}?purpose=treatment");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }));

        Assert.Equal(20L, await CountAsync(note.Id));
        Assert.Equal(20L, await service.ScalarAsync<long>("SELECT count(DISTINCT accessed_by) FROM note_access_log WHERE note_id = $1", note.Id));
    }

    [Fact]
    public async Task Reading_the_access_log_is_not_itself_a_note_read_and_it_pages_newest_first()
    {
        using var client = service.Therapist("therapist-a");
        var note = await client.CreateAsync(NoteRequests.Body());
        foreach (var purpose in new[] { "treatment", "payment", "audit" })
        {
            using var read = await client.GetAsync($"/api/notes/{note.Id}?purpose={purpose}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        var first = await AccessLogAsync(note.Id, "?limit=2");
        var second = await AccessLogAsync(note.Id, $"?limit=2&cursor={first.NextCursor}");

        Assert.Equal(["audit", "payment", "treatment"], first.Items.Concat(second.Items).Select(e => e.Purpose));
        Assert.Equal(3L, await CountAsync(note.Id));
    }

    [Fact]
    public async Task An_unknown_note_is_404_and_leaves_no_record()
    {
        using var client = service.Therapist();
        var id = Guid.NewGuid();

        using var read = await client.GetAsync($"/api/notes/{id}");
        using var log = await client.GetAsync($"/api/notes/{id}/access-log");

        await read.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await log.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await CountAsync(id));
    }

    [Theory]
    [InlineData("UPDATE note_access_log SET accessed_by = 'someone-else' WHERE note_id = $1")]
    [InlineData("DELETE FROM note_access_log WHERE note_id = $1")]
    public async Task The_database_keeps_the_access_log_append_only(string sql)
    {
        using var client = service.Therapist("therapist-a");
        var note = await client.CreateAsync(NoteRequests.Body());
        using (var read = await client.GetAsync($"/api/notes/{note.Id}"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        var error = await Assert.ThrowsAsync<PostgresException>(() => service.ExecuteAsync(sql, note.Id));

        Assert.Equal("CN002", error.SqlState);
        Assert.Equal("therapist-a", await service.ScalarAsync<string>("SELECT accessed_by FROM note_access_log WHERE note_id = $1", note.Id));
    }

    private async Task<Page<NoteAccessView>> AccessLogAsync(Guid noteId, string query = "")
    {
        using var client = service.CreateApiClient().AsUser("hq-auditor-1", roles: ["hq-auditor"]);
        using var response = await client.GetAsync($"/api/notes/{noteId}/access-log{query}");
        return await response.ShouldBeAsync<Page<NoteAccessView>>(HttpStatusCode.OK);
    }

    private async Task<long> CountAsync(Guid noteId) =>
        await service.ScalarAsync<long>("SELECT count(*) FROM note_access_log WHERE note_id = $1", noteId);
}
