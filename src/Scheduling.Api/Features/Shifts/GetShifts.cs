using Mediator;
using Npgsql;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Problems;
using Scheduling.Api.Domain;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Features.Shifts;

public sealed record GetShift(Guid Id) : IQuery<ShiftView>;

/// <summary>
/// Shifts in start order, filtered by location, practitioner, weekly pattern and local dates
/// (<c>from</c>/<c>to</c> inclusive, at each shift's location).
/// </summary>
public sealed record ListShifts(Guid? LocationId, Guid? PractitionerId, Guid? PatternId, DateOnly? From, DateOnly? To, int? Limit, string? Cursor)
    : IQuery<Page<ShiftView>>;

internal static class ShiftRows
{
    public const string Select = """
        SELECT s.id, s.practitioner_id, s.location_id, s.starts_at, s.ends_at, s.pattern_id, l.time_zone
        FROM shifts s JOIN locations l ON l.id = s.location_id
        """;

    public static ShiftView Read(NpgsqlDataReader r) => ShiftView.From(
        r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), new Interval(r.GetFieldValue<DateTimeOffset>(3), r.GetFieldValue<DateTimeOffset>(4)),
        r.IsDBNull(5) ? null : r.GetGuid(5), ZonedTime.Find(r.GetString(6)));
}

internal sealed class GetShiftHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetShift, ShiftView>
{
    public async ValueTask<ShiftView> Handle(GetShift query, CancellationToken cancellationToken)
    {
        var found = await new ListQuery(ShiftRows.Select, "s").Equal("id", query.Id)
            .PageAsync(dataSource, 1, null, ShiftRows.Read, s => new StartKey(s.Start, s.Id), cancellationToken);
        return found.Items.Count == 1 ? found.Items[0] : throw new NotFoundException("Shift", query.Id);
    }
}

internal sealed class ListShiftsHandler(NpgsqlDataSource dataSource) : IQueryHandler<ListShifts, Page<ShiftView>>
{
    public async ValueTask<Page<ShiftView>> Handle(ListShifts query, CancellationToken cancellationToken) =>
        await new ListQuery(ShiftRows.Select, "s")
            .Equal("location_id", query.LocationId)
            .Equal("practitioner_id", query.PractitionerId)
            .Equal("pattern_id", query.PatternId)
            .LocalDates(query.From, query.To)
            .PageAsync(dataSource, query.Limit, query.Cursor, ShiftRows.Read, s => new StartKey(s.Start, s.Id), cancellationToken);
}
