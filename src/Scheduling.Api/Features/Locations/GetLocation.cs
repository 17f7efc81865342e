using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Problems;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Features.Locations;

public sealed record GetLocation(Guid Id) : IQuery<LocationView>;

internal sealed class GetLocationHandler(SchedulingDbContext db) : IQueryHandler<GetLocation, LocationView>
{
    public async ValueTask<LocationView> Handle(GetLocation query, CancellationToken cancellationToken)
    {
        var location = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("Location", query.Id);
        var rooms = await db.Rooms.AsNoTracking().Where(r => r.LocationId == query.Id).ToListAsync(cancellationToken);
        return LocationView.From(location, rooms);
    }
}

/// <summary>Every location of the chain, in the order they were created (keyset paging on the UUID v7 id).</summary>
public sealed record ListLocations(int? Limit, string? Cursor) : IQuery<Page<LocationView>>;

internal sealed class ListLocationsHandler(SchedulingDbContext db) : IQueryHandler<ListLocations, Page<LocationView>>
{
    public async ValueTask<Page<LocationView>> Handle(ListLocations query, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(query.Limit);
        var after = Cursor.Decode<Guid?>(query.Cursor);
        var locations = await db.Locations.AsNoTracking()
            .Where(l => after == null || l.Id.CompareTo(after.Value) > 0)
            .OrderBy(l => l.Id)
            .Take(limit + 1)
            .ToListAsync(cancellationToken);
        var ids = locations.Select(l => l.Id).ToList();
        var rooms = (await db.Rooms.AsNoTracking().Where(r => ids.Contains(r.LocationId)).ToListAsync(cancellationToken)).ToLookup(r => r.LocationId);
        var views = locations.Select(l => LocationView.From(l, rooms[l.Id])).ToList();
        return Cursor.ToPage(views, limit, v => (Guid?)v.Id);
    }
}
