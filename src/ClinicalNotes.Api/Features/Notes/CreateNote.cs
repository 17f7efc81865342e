using ClinicalNotes.Api.Domain;
using ClinicalNotes.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;

namespace ClinicalNotes.Api.Features.Notes;

/// <summary>
/// Starts the note of an appointment as a draft written by the current user. One note per appointment.
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

internal sealed partial class CreateNoteHandler(ClinicalNotesDbContext db, CurrentUser user, TimeProvider clock, ILogger<CreateNoteHandler> logger)
    : ICommandHandler<CreateNote, NoteView>
{
    public async ValueTask<NoteView> Handle(CreateNote command, CancellationToken cancellationToken)
    {
        var note = ClinicalNote.Draft(command.AppointmentId!.Value, command.ClientId!.Value, command.ReferralId, command.Kind!,
            command.ToContent(), user.Id, clock.GetUtcNow());
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft note {NoteId} created for appointment {AppointmentId}")]
    private static partial void LogCreated(ILogger logger, Guid noteId, Guid appointmentId);
}
