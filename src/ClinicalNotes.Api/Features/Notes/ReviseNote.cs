using System.Text.Json.Serialization;
using ClinicalNotes.Api.Domain;
using ClinicalNotes.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;

namespace ClinicalNotes.Api.Features.Notes;

/// <summary>
/// Replaces a draft's body (the same body as on create). Only the author may, with the ETag they read in
/// <c>If-Match</c>; a signed note is refused. A note stays with its appointment and client: sending other
/// ids is an error, leaving them out keeps them.
/// </summary>
public sealed record ReviseNote : NoteBody, ICommand<NoteView>
{
    [JsonIgnore] public Guid NoteId { get; init; }
    [JsonIgnore] public uint ExpectedVersion { get; init; }
}

internal sealed class ReviseNoteValidator : AbstractValidator<ReviseNote>
{
    public ReviseNoteValidator() => Include(new NoteBodyValidator());
}

internal sealed class ReviseNoteHandler(ClinicalNotesDbContext db, CurrentUser user, TimeProvider clock)
    : ICommandHandler<ReviseNote, NoteView>
{
    public async ValueTask<NoteView> Handle(ReviseNote command, CancellationToken cancellationToken)
    {
        var note = await db.Notes.SingleOrDefaultAsync(n => n.Id == command.NoteId, cancellationToken)
            ?? throw new NotFoundException("Note", command.NoteId);
        if (command.AppointmentId is { } appointment && appointment != note.AppointmentId)
        {
            throw new InvalidInputException("appointmentId", "A note stays with its appointment; leave this out, or create a note for the other appointment.");
        }

        if (command.ClientId is { } client && client != note.ClientId)
        {
            throw new InvalidInputException("clientId", "A note stays with its client; leave this out, or create a note for the other client's appointment.");
        }

        // The referral is the visit's, fixed when the note was started: repeated or left out, never changed.
        VisitReferral.Require(command.ReferralId, note.ReferralId);
        db.Entry(note).Property(n => n.Version).OriginalValue = command.ExpectedVersion;
        note.Revise(user.Id, command.Kind!, note.ReferralId, command.ToContent(), clock.GetUtcNow());
        // A stale ETag (someone saved, or signed, since it was read) matches no row: DbUpdateConcurrencyException, a 409.
        await db.SaveChangesAsync(cancellationToken);
        return NoteView.From(note);
    }
}
