using System.Text.Json;
using Credentials.Api.Infrastructure;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Http;

namespace Credentials.Api.Features.Audit;

/// <summary>The append-only change records, oldest first; of one practitioner and/or within [from, to).</summary>
public sealed record GetAuditTrail(Guid? PractitionerId, DateTimeOffset? From, DateTimeOffset? To, int? Limit, string? Cursor)
    : IQuery<Page<AuditRecordView>>;

/// <summary>Who changed what and when, with the record before and after the change (null when created / deleted).</summary>
public sealed record AuditRecordView(
    long Id, DateTimeOffset OccurredAt, string Actor, string EntityType, Guid EntityId, Guid PractitionerId, string Action,
    JsonElement? Before, JsonElement? After);

internal sealed class GetAuditTrailValidator : AbstractValidator<GetAuditTrail>
{
    public GetAuditTrailValidator() =>
        RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null).WithMessage("Must be after from.");
}

internal sealed class GetAuditTrailHandler(CredentialsDbContext db) : IQueryHandler<GetAuditTrail, Page<AuditRecordView>>
{
    public async ValueTask<Page<AuditRecordView>> Handle(GetAuditTrail query, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(query.Limit);
        var after = Cursor.Decode<long?>(query.Cursor) ?? 0;
        var records = db.AuditRecords.AsNoTracking().Where(a => a.Id > after);
        if (query.PractitionerId is { } practitionerId) records = records.Where(a => a.PractitionerId == practitionerId);
        if (query.From is { } from) records = records.Where(a => a.OccurredAt >= from);
        if (query.To is { } to) records = records.Where(a => a.OccurredAt < to);

        var rows = await records.OrderBy(a => a.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var views = rows.Select(a => new AuditRecordView(
            a.Id, a.OccurredAt, a.Actor, a.EntityType, a.EntityId, a.PractitionerId, a.Action, Json(a.Before), Json(a.After))).ToList();
        return Cursor.ToPage(views, limit, v => v.Id);
    }

    private static JsonElement? Json(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
