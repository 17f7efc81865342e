using Microsoft.Extensions.Time.Testing;
using Scheduling.Api.Domain;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Tests;

public sealed class LocationCatalogTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 9, 12, 0, 0, TimeSpan.Zero));

    private static Location NewLocation() =>
        Location.Create("Clinic", ZonedTime.Find("America/New_York"), "US-NY", new Address("1 Main St", null, "Albany", "12207"), [], DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_location_read_once_is_known_with_the_room_read_with_it()
    {
        var catalog = new LocationCatalog(_clock);
        var location = NewLocation();
        var room = Guid.NewGuid();

        catalog.Remember(location, room);

        Assert.True(catalog.TryGet(location.Id, null, out var known));
        Assert.Same(location, known);
        Assert.True(catalog.TryGet(location.Id, room, out _));
    }

    [Fact]
    public void An_unseen_room_or_a_room_seen_at_another_location_is_not_known()
    {
        var catalog = new LocationCatalog(_clock);
        var (here, there) = (NewLocation(), NewLocation());
        var roomThere = Guid.NewGuid();
        catalog.Remember(here, null);
        catalog.Remember(there, roomThere);

        Assert.False(catalog.TryGet(here.Id, Guid.NewGuid(), out _));
        Assert.False(catalog.TryGet(here.Id, roomThere, out _));
        Assert.False(catalog.TryGet(Guid.NewGuid(), null, out _));
    }

    [Fact]
    public void Entries_lapse_after_their_lifetime()
    {
        var catalog = new LocationCatalog(_clock);
        var location = NewLocation();
        var room = Guid.NewGuid();
        catalog.Remember(location, room);

        _clock.Advance(LocationCatalog.Lifetime - TimeSpan.FromSeconds(1));
        Assert.True(catalog.TryGet(location.Id, room, out _));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(catalog.TryGet(location.Id, null, out _));
    }
}
