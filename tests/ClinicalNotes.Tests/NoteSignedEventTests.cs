using System.Net;
using System.Text;
using ClinicalNotes.Events;
using Npgsql;

namespace ClinicalNotes.Tests;

/// <summary>Signing a note records NoteSigned in the outbox, in the signing's own transaction: both or neither.</summary>
public sealed class NoteSignedEventTests(ClinicalNotesServiceFactory service) : IClassFixture<ClinicalNotesServiceFactory>
{
    private Task<long> EventsOfClient(Guid clientId) =>
        service.ScalarAsync<long>("SELECT count(*) FROM outbox_events WHERE aggregate_id = $1", clientId.ToString())!;

    [Fact]
    public async Task Signing_records_one_NoteSigned_with_ids_dates_and_scores_and_no_text()
    {
        using var client = service.Therapist();
        var clientId = Guid.NewGuid();
        var referralId = Guid.NewGuid();
        var body = NoteRequests.Body(clientId: clientId, referralId: referralId, painBefore: 7, painAfter: 3, text: "sciatica since the car accident");
        var signed = await client.CreateSignedAsync(body);

        Assert.Equal(1, await EventsOfClient(clientId));
        var payload = await PayloadAsync(clientId);
        var @event = NoteSigned.Parser.ParseFrom(payload);
        Assert.Equal(signed.Id.ToString(), @event.NoteId);
        Assert.Equal(clientId.ToString(), @event.ClientId);
        Assert.Equal(referralId.ToString(), @event.ReferralId);
        Assert.Equal(signed.AppointmentId.ToString(), @event.AppointmentId);
        Assert.Equal("treatment", @event.Kind);
        Assert.Equal((7, 3), (@event.PainBefore, @event.PainAfter));
        Assert.Equal(1, @event.ChainSequence);
        Assert.Equal(signed.SignedAt!.Value, @event.SignedAt.ToDateTimeOffset());
        var measure = Assert.Single(@event.OutcomeMeasures);
        Assert.Equal(("ODI", "42"), (measure.Instrument, measure.Score));
        Assert.Equal("clinicalnotes.events.v1.NoteSigned",
            await service.ScalarAsync<string>("SELECT event_type FROM outbox_events WHERE aggregate_id = $1", clientId.ToString()));

        // No free text travels: not the complaint, the assessment, the palpation or the home care.
        var text = Encoding.UTF8.GetString(payload);
        foreach (var words in new[] { "sciatica", "improving", "hypertonic", "cat-cow", "anterior pelvic tilt" })
        {
            Assert.DoesNotContain(words, text);
        }
    }

    [Fact]
    public async Task A_note_without_a_referral_is_published_with_an_empty_referral_id()
    {
        using var client = service.Therapist();
        var clientId = Guid.NewGuid();
        await client.CreateSignedAsync(NoteRequests.Body(clientId: clientId));

        Assert.Equal(string.Empty, NoteSigned.Parser.ParseFrom(await PayloadAsync(clientId)).ReferralId);
    }

    [Fact]
    public async Task A_refused_signing_records_no_event()
    {
        using var client = service.Therapist();
        var clientId = Guid.NewGuid();
        var draft = await client.CreateAsync(NoteRequests.Body(clientId: clientId).Set("painAfter", null));

        using var incomplete = await client.PostAsync($"/api/notes/{draft.Id}/sign", null);
        Assert.Equal("note_incomplete", (await incomplete.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).Code);

        using var stranger = service.Therapist("therapist-b");
        using var forbidden = await stranger.PostAsync($"/api/notes/{draft.Id}/sign", null);
        await forbidden.ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(0, await EventsOfClient(clientId));
    }

    [Fact]
    public async Task Concurrent_signings_of_one_note_record_one_event()
    {
        using var author = service.Therapist("therapist-a");
        var clientId = Guid.NewGuid();
        var draft = await author.CreateAsync(NoteRequests.Body(clientId: clientId));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var client = service.Therapist("therapist-a");
            using var response = await client.PostAsync($"/api/notes/{draft.Id}/sign", null);
        }));

        Assert.Equal(1, await EventsOfClient(clientId));
    }

    [Fact]
    public async Task A_clients_notes_are_numbered_in_signing_order()
    {
        using var client = service.Therapist();
        var clientId = Guid.NewGuid();
        var first = await client.CreateSignedAsync(NoteRequests.Body(clientId: clientId));
        var second = await client.CreateSignedAsync(NoteRequests.Body(clientId: clientId));

        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT sequence, payload FROM outbox_events WHERE aggregate_id = $1 ORDER BY sequence", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = clientId.ToString() });
        var notes = new List<(long Sequence, string NoteId)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) notes.Add((reader.GetInt64(0), NoteSigned.Parser.ParseFrom(reader.GetFieldValue<byte[]>(1)).NoteId));
        }

        Assert.Equal([(1L, first.Id.ToString()), (2L, second.Id.ToString())], notes);
    }

    private async Task<byte[]> PayloadAsync(Guid clientId) =>
        (await service.ScalarAsync<byte[]>("SELECT payload FROM outbox_events WHERE aggregate_id = $1", clientId.ToString()))!;
}
