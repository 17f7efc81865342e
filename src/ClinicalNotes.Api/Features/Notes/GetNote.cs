using ClinicalNotes.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;

namespace ClinicalNotes.Api.Features.Notes;

/// <summary>
/// One note with its addenda, for the caller's locations only (403 <c>outside_your_locations</c>). The read is
/// recorded in the access log with its purpose and the reader taken from the token.
/// </summary>
public sealed record GetNote(Guid NoteId, string? Purpose) : IQuery<NoteView>;

internal sealed class GetNoteValidator : AbstractValidator<GetNote>
{
    public GetNoteValidator() => RuleFor(x => x.Purpose).AccessPurpose();
}

internal sealed class GetNoteHandler(ClinicalNotesDbContext db, CurrentUser user, TimeProvider clock) : IQueryHandler<GetNote, NoteView>
{
    public async ValueTask<NoteView> Handle(GetNote query, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var note = await db.Notes.AsNoTracking().Include(n => n.Addenda).SingleOrDefaultAsync(n => n.Id == query.NoteId, cancellationToken)
            ?? throw new NotFoundException("Note", query.NoteId);
        user.RequireLocation(note.LocationId);
        db.RecordReads([note], user.Id, query.Purpose, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return NoteView.From(note);
    }
}
