using System.Collections.Concurrent;
using Scheduling.Api.Domain;

namespace Scheduling.Api.Infrastructure;

/// <summary>
/// The locations and rooms bookings have already read. A location's zone, jurisdiction and opening hours do not change
/// after it is created (the API has no update), and a room stays at its location, so what was read once stays true
/// and a booking is spared a round trip to PostgreSQL. Entries still lapse after <see cref="Lifetime"/>, so a fix made
/// in the database by hand is seen without a restart. An unknown location or room is never remembered: it may be
/// created the next moment.
/// </summary>
/// <remarks>Should locations or rooms ever become editable, their writes must reach this catalog too.</remarks>
public sealed class LocationCatalog(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>A bound well above any chain's locations and rooms: past it the catalog starts again empty.</summary>
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<Guid, (Location Location, DateTimeOffset Until)> _locations = new();
    private readonly ConcurrentDictionary<Guid, (Guid LocationId, DateTimeOffset Until)> _rooms = new();

    /// <summary>The location when it is known, and <paramref name="roomId"/> (when given) is known to be one of its rooms.</summary>
    public bool TryGet(Guid locationId, Guid? roomId, out Location location)
    {
        location = null!;
        var now = clock.GetUtcNow();
        if (!_locations.TryGetValue(locationId, out var known) || known.Until <= now) return false;
        if (roomId is { } room && (!_rooms.TryGetValue(room, out var at) || at.LocationId != locationId || at.Until <= now)) return false;
        location = known.Location;
        return true;
    }

    /// <summary>Remembers a location read from the database, and one of its rooms when given.</summary>
    public void Remember(Location location, Guid? roomId)
    {
        if (_locations.Count + _rooms.Count >= Capacity)
        {
            _locations.Clear();
            _rooms.Clear();
        }

        var until = clock.GetUtcNow() + Lifetime;
        _locations[location.Id] = (location, until);
        if (roomId is { } room) _rooms[room] = (location.Id, until);
    }

}
