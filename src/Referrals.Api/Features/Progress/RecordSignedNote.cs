using System.Globalization;
using ClinicalNotes.Events;
using Microsoft.EntityFrameworkCore;
using Platform.Events;
using Referrals.Api.Domain;
using Referrals.Api.Infrastructure;

namespace Referrals.Api.Features.Progress;

/// <summary>
/// Applies ClinicalNotes' <c>NoteSigned</c> to the progress read model: one row per note signed for a referral.
/// Runs in the inbox's transaction (Platform.Events), so a redelivered event changes nothing; a note that
/// belongs to no referral is acknowledged and ignored. A malformed event throws: the publisher keeps it and
/// retries, and the error is in its outbox.
/// </summary>
internal sealed class RecordSignedNote(ReferralsDbContext db) : IEventHandler<NoteSigned>
{
    public async Task HandleAsync(NoteSigned @event, EventContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(@event.ReferralId)) return;

        var noteId = Id(@event.NoteId, "note_id");
        // A note is signed once; an event for it under another id (a republished fact) is the same fact.
        if (await db.ProgressNotes.AnyAsync(n => n.NoteId == noteId, cancellationToken)) return;

        db.ProgressNotes.Add(new ProgressNote
        {
            NoteId = noteId,
            ReferralId = Id(@event.ReferralId, "referral_id"),
            ClientId = Id(@event.ClientId, "client_id"),
            AppointmentId = Id(@event.AppointmentId, "appointment_id"),
            Kind = @event.Kind,
            WrittenAt = @event.WrittenAt?.ToDateTimeOffset() ?? throw Malformed("written_at"),
            SignedAt = @event.SignedAt?.ToDateTimeOffset() ?? throw Malformed("signed_at"),
            PainBefore = @event.PainBefore,
            PainAfter = @event.PainAfter,
            OutcomeMeasures = @event.OutcomeMeasures.Select(m => new Domain.OutcomeScore(m.Instrument,
                decimal.TryParse(m.Score, NumberStyles.Number, CultureInfo.InvariantCulture, out var score) ? score : throw Malformed("outcome_measures.score"))).ToList(),
            EventId = context.EventId,
        });
    }

    private static Guid Id(string value, string field) => Guid.TryParse(value, out var id) ? id : throw Malformed(field);

    private static FormatException Malformed(string field) => new($"NoteSigned.{field} is missing or malformed.");
}
