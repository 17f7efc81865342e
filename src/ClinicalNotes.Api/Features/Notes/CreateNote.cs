using ClinicalNotes.Api.Domain;
using ClinicalNotes.Api.Extensions;
using ClinicalNotes.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;

namespace ClinicalNotes.Api.Features.Notes;

/// <summary>
/// Starts the note of an appointment as a draft written by the current user. One note per appointment. Scheduling
/// says whose appointment it is: only its practitioner writes the note (403 <c>not_your_appointment</c>), the
/// client treated must be the one sent (a cross-check against writing on the wrong chart), and the client must
/// have come (checked in or completed). The note keeps the appointment's location (who may read it), practitioner and
/// referral: the referral is the visit's, so a note can only ever count in the progress report of the prescription the
/// visit was booked on (a <c>referralId</c> that differs is refused; left out, it is taken from the appointment).
/// </summary>
public sealed record CreateNote : NoteBody, ICommand<NoteView>;

internal sealed class CreateNoteValidator : AbstractValidator<CreateNote>
{
    public CreateNoteValidator()
    {
        RuleFor(x => x.AppointmentId).NotNull().NotEqual(Guid.Empty).WithMessage("Required: the appointment this note documents.");
        RuleFor(x => x.ClientId).NotNull().NotEqual(Guid.Empty).WithMessage("Required: the client treated.");
        Include(new NoteBodyValidator());
    }
}

internal sealed partial class CreateNoteHandler(
    ClinicalNotesDbContext db, AppointmentDirectory appointments, CurrentUser user, TimeProvider clock, ILogger<CreateNoteHandler> logger)
    : ICommandHandler<CreateNote, NoteView>
{
    public const string AppointmentNotFound = "appointment_not_found";
    public const string AppointmentNotAttended = "appointment_not_attended";

    public async ValueTask<NoteView> Handle(CreateNote command, CancellationToken cancellationToken)
    {
        var (visit, referralId) = await VisitAsync(command.AppointmentId!.Value, command.ClientId!.Value, cancellationToken);
        VisitReferral.Require(command.ReferralId, referralId);
        var note = ClinicalNote.Draft(visit, referralId, command.Kind!, command.ToContent(), user.Id, clock.GetUtcNow());
        db.Notes.Add(note);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (NotesDatabase.IsUniqueViolation(ex, NotesDatabase.OneNotePerAppointment))
        {
            var existing = await db.Notes.AsNoTracking().Where(n => n.AppointmentId == note.AppointmentId).Select(n => n.Id).FirstOrDefaultAsync(cancellationToken);
            throw new ConflictException("note_exists",
                "This appointment already has a note. Edit that draft, or add an addendum if it is signed.",
                new Dictionary<string, object?> { ["noteId"] = existing });
        }

        LogCreated(logger, note.Id, note.AppointmentId);
        return NoteView.From(note);
    }

    /// <summary>The appointment as Scheduling knows it, once the caller may write its note.</summary>
    private async Task<(Visit Visit, Guid? ReferralId)> VisitAsync(Guid appointmentId, Guid clientId, CancellationToken cancellationToken)
    {
        var appointment = await appointments.FindAsync(appointmentId, cancellationToken)
            ?? throw new BusinessRuleException(AppointmentNotFound,
                [$"{AppointmentNotFound}: appointmentId {appointmentId} is not an appointment Scheduling knows."],
                "A note documents an appointment: check appointmentId (GET /api/appointments).");
        user.RequireTreating(appointment.PractitionerId);
        if (appointment.ClientId != clientId)
        {
            throw new InvalidInputException("clientId", "This is not the client of the appointment. Check that you are writing in the right client's chart.");
        }

        if (!appointment.TookPlace)
        {
            throw new BusinessRuleException(AppointmentNotAttended,
                [$"{AppointmentNotAttended}: the appointment is {appointment.Status}."],
                appointment.Status == "booked"
                    ? "Check the client in first (POST /api/appointments/{id}/check-in): a note documents a visit that took place."
                    : "A cancelled or missed appointment has no treatment to document.");
        }

        return (new Visit(appointment.Id, appointment.ClientId, appointment.LocationId, appointment.PractitionerId), appointment.ReferralId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft note {NoteId} created for appointment {AppointmentId}")]
    private static partial void LogCreated(ILogger logger, Guid noteId, Guid appointmentId);
}

/// <summary>A note's referral is the one its visit was booked on: a caller may repeat it, not change it.</summary>
internal static class VisitReferral
{
    public static void Require(Guid? sent, Guid? visits)
    {
        if (sent is null || sent == visits) return;
        throw new InvalidInputException("referralId", visits is { } referral
            ? $"This visit was booked on referral {referral}; leave referralId out or send that one."
            : "This visit was not booked on a referral; leave referralId out. To count it in a referral's progress report, book the visit on that referral.");
    }
}
