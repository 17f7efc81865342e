using ClinicalNotes.Api.Domain;
using ClinicalNotes.Api.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;
using ClinicalNotes.Api.Extensions;

namespace ClinicalNotes.Api.Features.Notes;

public sealed record NoteAccessView(Guid Id, Guid NoteId, string AccessedBy, DateTimeOffset AccessedAt, string Purpose)
{
    public static NoteAccessView From(NoteAccess a) => new(a.Id, a.NoteId, a.AccessedBy, a.AccessedAt, a.Purpose);
}

/// <summary>
/// Who read a note, when and why, newest first: for the note's location's staff, and for HQ auditors everywhere.
/// Reading the log does not read the note, so it is not itself logged.
/// </summary>
public sealed record GetAccessLog(Guid NoteId, int? Limit, string? Cursor) : IQuery<Page<NoteAccessView>>;

internal sealed class GetAccessLogHandler(ClinicalNotesDbContext db, CurrentUser user) : IQueryHandler<GetAccessLog, Page<NoteAccessView>>
{
    private sealed record Position(DateTimeOffset AccessedAt, Guid Id);

    public async ValueTask<Page<NoteAccessView>> Handle(GetAccessLog query, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(query.Limit);
        var before = Cursor.Decode<Position>(query.Cursor);
        var location = await db.Notes.Where(n => n.Id == query.NoteId).Select(n => (Guid?)n.LocationId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Note", query.NoteId);
        if (!user.SeesAllLocations()) user.RequireLocation(location);

        var records = db.AccessLog.AsNoTracking().Where(a => a.NoteId == query.NoteId);
        if (before is not null)
        {
            records = records.Where(a => EF.Functions.LessThan(ValueTuple.Create(a.AccessedAt, a.Id), ValueTuple.Create(before.AccessedAt, before.Id)));
        }

        var rows = await records.OrderByDescending(a => a.AccessedAt).ThenByDescending(a => a.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = Cursor.ToPage(rows, limit, a => new Position(a.AccessedAt, a.Id));
        return new Page<NoteAccessView>(page.Items.Select(NoteAccessView.From).ToList(), page.NextCursor);
    }
}
