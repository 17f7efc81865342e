using ClinicalNotes.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Security;

namespace ClinicalNotes.Api.Features.Notes;

/// <summary>
/// Notes of a client, a referral or an appointment (at least one filter: nobody lists every note), oldest
/// first, in pages, of the caller's locations only. Every note returned is recorded in the access log with the purpose.
/// </summary>
public sealed record ListNotes(Guid? ClientId, Guid? ReferralId, Guid? AppointmentId, string? Purpose, int? Limit, string? Cursor)
    : IQuery<Page<NoteView>>;

internal sealed class ListNotesValidator : AbstractValidator<ListNotes>
{
    public ListNotesValidator()
    {
        RuleFor(x => x.ClientId).NotNull().When(x => x.ReferralId is null && x.AppointmentId is null)
            .WithMessage("Say whose notes to list: clientId, referralId or appointmentId.");
        RuleFor(x => x.Purpose).AccessPurpose();
    }
}

internal sealed class ListNotesHandler(ClinicalNotesDbContext db, CurrentUser user, TimeProvider clock) : IQueryHandler<ListNotes, Page<NoteView>>
{
    private sealed record Position(DateTimeOffset CreatedAt, Guid Id);

    public async ValueTask<Page<NoteView>> Handle(ListNotes query, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(query.Limit);
        var after = Cursor.Decode<Position>(query.Cursor);

        // Only the notes of visits at the caller's locations: the others are not theirs to read (and are not logged).
        var locations = user.LocationIds;
        var notes = db.Notes.AsNoTracking().Where(n => locations.Contains(n.LocationId));
        if (query.ClientId is { } clientId) notes = notes.Where(n => n.ClientId == clientId);
        if (query.ReferralId is { } referralId) notes = notes.Where(n => n.ReferralId == referralId);
        if (query.AppointmentId is { } appointmentId) notes = notes.Where(n => n.AppointmentId == appointmentId);
        if (after is not null)
        {
            notes = notes.Where(n => EF.Functions.GreaterThan(ValueTuple.Create(n.CreatedAt, n.Id), ValueTuple.Create(after.CreatedAt, after.Id)));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await notes.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).Take(limit + 1)
            .Include(n => n.Addenda).AsSplitQuery().ToListAsync(cancellationToken);
        var page = Cursor.ToPage(rows, limit, n => new Position(n.CreatedAt, n.Id));
        db.RecordReads(page.Items, user.Id, query.Purpose, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Page<NoteView>(page.Items.Select(NoteView.From).ToList(), page.NextCursor);
    }
}
