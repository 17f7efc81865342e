using System.Net;
using System.Text.Json.Nodes;
using ClinicalNotes.Api.Features.Notes;

namespace ClinicalNotes.Tests;

/// <summary>Drafts: one per appointment, editable only by their author, with If-Match.</summary>
public sealed class DraftTests(ClinicalNotesServiceFactory service) : IClassFixture<ClinicalNotesServiceFactory>
{
    [Fact]
    public async Task A_draft_is_created_with_its_author_and_content_and_an_etag()
    {
        using var client = service.Therapist("therapist-a");
        var body = NoteRequests.Body();

        using var response = await client.PostJsonAsync("/api/notes", body);

        var note = await response.ShouldBeAsync<NoteView>(HttpStatusCode.Created);
        Assert.Equal($"/api/notes/{note.Id}", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("draft", note.Status);
        Assert.Equal("therapist-a", note.AuthorId);
        Assert.Null(note.Hash);
        Assert.Equal(7, note.Subjective.PainBefore);
        Assert.Equal(["deep-tissue", "trigger-point"], note.Plan.Techniques);
        Assert.Equal(160, note.Objective.RangeOfMotion.Single(r => r.Joint == "shoulder-left").Degrees);
        Assert.Equal("therapist-a", await service.ScalarAsync<string>("SELECT author_id FROM notes WHERE id = $1", note.Id));
        Assert.Equal("low back stiffness after gardening", await service.ScalarAsync<string>("SELECT chief_complaint FROM notes WHERE id = $1", note.Id));
    }

    [Fact]
    public async Task A_draft_may_be_partial_and_is_completed_later()
    {
        using var client = service.Therapist();
        var body = new JsonObject
        {
            ["appointmentId"] = Guid.NewGuid().ToString(),
            ["clientId"] = Guid.NewGuid().ToString(),
            ["kind"] = "initial-assessment",
            ["subjective"] = new JsonObject { ["chiefComplaint"] = "neck pain at the desk", ["painBefore"] = 6 },
        };

        var note = await client.CreateAsync(body);

        Assert.Null(note.Assessment);
        Assert.Empty(note.Plan.Techniques);
        Assert.Null(note.PainAfter);
    }

    [Fact]
    public async Task Techniques_and_body_regions_are_sets()
    {
        using var client = service.Therapist();
        var body = NoteRequests.Body().Set("plan.techniques", new JsonArray("swedish", "deep-tissue", "swedish"));

        var note = await client.CreateAsync(body);

        Assert.Equal(["deep-tissue", "swedish"], note.Plan.Techniques);
    }

    [Fact]
    public async Task A_second_note_for_the_same_appointment_is_a_conflict_naming_the_first()
    {
        using var client = service.Therapist();
        var (appointmentId, clientId) = (Guid.NewGuid(), Guid.NewGuid());
        var first = await client.CreateAsync(NoteRequests.Body(appointmentId, clientId));

        using var response = await client.PostJsonAsync("/api/notes", NoteRequests.Body(appointmentId, clientId));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("note_exists", problem.Code);
        Assert.Contains(first.Id.ToString(), await response.Content.ReadAsStringAsync());
        Assert.Equal(1L, await service.ScalarAsync<long>("SELECT count(*) FROM notes WHERE appointment_id = $1", appointmentId));
    }

    [Fact]
    public async Task Concurrent_creates_for_one_appointment_store_exactly_one_note()
    {
        // The treating therapist's double submit, from several tabs and devices at once.
        var (appointmentId, clientId) = (Guid.NewGuid(), Guid.NewGuid());
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var client = service.Therapist();
            using var response = await client.PostJsonAsync("/api/notes", NoteRequests.Body(appointmentId, clientId));
            return response.StatusCode;
        }));

        Assert.Equal(1, responses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(11, responses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(1L, await service.ScalarAsync<long>("SELECT count(*) FROM notes WHERE appointment_id = $1", appointmentId));
    }

    [Fact]
    public async Task The_author_revises_a_draft_with_the_etag_and_gets_a_new_one()
    {
        using var client = service.Therapist("therapist-a");
        var body = NoteRequests.Body();
        var note = await client.CreateAsync(body);

        using var response = await client.PutNoteAsync(note.Id, body.Set("subjective.painBefore", 5).Set("assessment", "improving steadily"), note.Version);

        var revised = await response.ShouldBeAsync<NoteView>(HttpStatusCode.OK);
        Assert.Equal(5, revised.Subjective.PainBefore);
        Assert.Equal("improving steadily", revised.Assessment);
        Assert.NotEqual(note.Version, NoteRequests.ETagOf(response));
        Assert.Equal(5, await service.ScalarAsync<int>("SELECT pain_before FROM notes WHERE id = $1", note.Id));
    }

    [Fact]
    public async Task Revising_without_if_match_is_428_and_changes_nothing()
    {
        using var client = service.Therapist();
        var body = NoteRequests.Body();
        var note = await client.CreateAsync(body);

        using var response = await client.PutNoteAsync(note.Id, body.Set("subjective.painBefore", 2), ifMatch: null);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        Assert.Equal("if_match_required", problem.Code);
        Assert.Equal(7, await service.ScalarAsync<int>("SELECT pain_before FROM notes WHERE id = $1", note.Id));
    }

    [Fact]
    public async Task Revising_with_a_stale_etag_is_409_and_keeps_the_newer_text()
    {
        using var client = service.Therapist();
        var body = NoteRequests.Body();
        var note = await client.CreateAsync(body);
        using (var first = await client.PutNoteAsync(note.Id, body.Set("assessment", "first edit"), note.Version))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var response = await client.PutNoteAsync(note.Id, body.Set("assessment", "stale edit"), note.Version);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("stale_write", problem.Code);
        Assert.Equal("first edit", await service.ScalarAsync<string>("SELECT assessment FROM notes WHERE id = $1", note.Id));
    }

    [Fact]
    public async Task Only_the_author_may_revise_a_draft()
    {
        using var author = service.Therapist("therapist-a");
        using var colleague = service.Therapist("therapist-b");
        var body = NoteRequests.Body();
        var note = await author.CreateAsync(body);

        using var response = await colleague.PutNoteAsync(note.Id, body.Set("assessment", "not mine to write"), note.Version);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", problem.Code);
        Assert.Equal("mechanical low back pain, improving", await service.ScalarAsync<string>("SELECT assessment FROM notes WHERE id = $1", note.Id));
    }

    [Fact]
    public async Task A_note_stays_with_its_appointment()
    {
        using var client = service.Therapist();
        var body = NoteRequests.Body();
        var note = await client.CreateAsync(body);

        using var response = await client.PutNoteAsync(note.Id, body.Set("appointmentId", Guid.NewGuid().ToString()), note.Version);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors!.ContainsKey("appointmentId"));
        Assert.Equal(note.AppointmentId, await service.ScalarAsync<Guid>("SELECT appointment_id FROM notes WHERE id = $1", note.Id));
    }

    [Fact]
    public async Task Revising_an_unknown_note_is_404()
    {
        using var client = service.Therapist();

        using var response = await client.PutNoteAsync(Guid.NewGuid(), NoteRequests.Body(), 1);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_note_takes_the_referral_its_visit_was_booked_on()
    {
        var (appointmentId, clientId, referralId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await SchedulingHost.BookAsync(appointmentId, clientId, SchedulingHost.PractitionerOf(NotesServiceFactory.DefaultTherapist), referralId: referralId);
        using var client = service.Therapist();

        var note = await client.CreateAsync(NoteRequests.Body(appointmentId, clientId));

        Assert.Equal(referralId, note.ReferralId);
        Assert.Equal(referralId, await service.ScalarAsync<Guid>("SELECT referral_id FROM notes WHERE id = $1", note.Id));
    }

    [Fact]
    public async Task Another_referral_than_the_visits_is_refused_and_nothing_is_stored()
    {
        var (onReferral, withoutReferral, clientId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var therapist = SchedulingHost.PractitionerOf(NotesServiceFactory.DefaultTherapist);
        await SchedulingHost.BookAsync(onReferral, clientId, therapist, referralId: Guid.NewGuid());
        await SchedulingHost.BookAsync(withoutReferral, clientId, therapist);
        using var client = service.Therapist();

        // Another client's prescription, say: the pain scores would land in the wrong progress report.
        foreach (var appointmentId in new[] { onReferral, withoutReferral })
        {
            using var response = await client.PostJsonAsync("/api/notes", NoteRequests.Body(appointmentId, clientId, referralId: Guid.NewGuid()));

            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.Errors!.ContainsKey("referralId"));
            Assert.Equal(0L, await service.ScalarAsync<long>("SELECT count(*) FROM notes WHERE appointment_id = $1", appointmentId));
        }
    }

    [Fact]
    public async Task Revising_keeps_the_visits_referral_and_refuses_another()
    {
        var referralId = Guid.NewGuid();
        using var client = service.Therapist();
        var body = NoteRequests.Body(referralId: referralId);
        var note = await client.CreateAsync(body);

        using (var changed = await client.PutNoteAsync(note.Id, body.Set("referralId", Guid.NewGuid().ToString()), note.Version))
        {
            var problem = await changed.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.Errors!.ContainsKey("referralId"));
        }

        using var omitted = await client.PutNoteAsync(note.Id, body.Set("referralId", null).Set("assessment", "improving"), note.Version);

        var revised = await omitted.ShouldBeAsync<NoteView>(HttpStatusCode.OK);
        Assert.Equal(referralId, revised.ReferralId);
        Assert.Equal(referralId, await service.ScalarAsync<Guid>("SELECT referral_id FROM notes WHERE id = $1", note.Id));
    }
}
