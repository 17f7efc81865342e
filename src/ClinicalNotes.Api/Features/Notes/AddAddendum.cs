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
/// Adds a correction or late entry to a signed note, with its reason; the current user is its author, a therapist
/// or manager of the location where the visit happened.
/// Addenda are append-only (the database refuses UPDATE and DELETE). A draft is edited instead.
/// </summary>
public sealed record AddAddendum(string? Text, string? Reason) : ICommand<AddendumView>
{
    [JsonIgnore] public Guid NoteId { get; init; }
}

internal sealed class AddAddendumValidator : AbstractValidator<AddAddendum>
{
    public AddAddendumValidator()
    {
        RuleFor(x => x.Text).NotEmpty().WithMessage("Required: the correction or late entry.").StorableText(InputLimits.AddendumText);
        RuleFor(x => x.Reason).NotEmpty().WithMessage("Required: why the signed note needs this addendum.").StorableText(InputLimits.AddendumReason);
    }
}

internal sealed partial class AddAddendumHandler(ClinicalNotesDbContext db, CurrentUser user, TimeProvider clock, ILogger<AddAddendumHandler> logger)
    : ICommandHandler<AddAddendum, AddendumView>
{
    public async ValueTask<AddendumView> Handle(AddAddendum command, CancellationToken cancellationToken)
    {
        var note = await db.Notes.Where(n => n.Id == command.NoteId).Select(n => new { Signed = n.SignedAt != null, n.LocationId })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Note", command.NoteId);
        user.RequireLocation(note.LocationId);
        if (!note.Signed)
        {
            throw new ConflictException("note_not_signed", "This note is still a draft; its author edits it directly (PUT /api/notes/{id}). Addenda amend signed notes.");
        }

        var addendum = Addendum.Write(command.NoteId, command.Text!, command.Reason!, user.Id, clock.GetUtcNow());
        db.Addenda.Add(addendum);
        await db.SaveChangesAsync(cancellationToken);
        LogAdded(logger, addendum.Id, command.NoteId);
        return AddendumView.From(addendum);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Addendum {AddendumId} added to signed note {NoteId}")]
    private static partial void LogAdded(ILogger logger, Guid addendumId, Guid noteId);
}
