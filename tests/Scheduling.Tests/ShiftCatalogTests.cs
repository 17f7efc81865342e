using Microsoft.Extensions.Time.Testing;
using Scheduling.Api.Domain;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Tests;

public sealed class ShiftCatalogTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 9, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Monday.AddDays(-7));
    private readonly Guid _practitioner = Guid.NewGuid();
    private readonly Guid _location = Guid.NewGuid();

    private static Interval Hours(DateTimeOffset from, double start, double end) => new(from.AddHours(start), from.AddHours(end));

    [Fact]
    public void Visits_inside_remembered_shifts_are_held_by_them()
    {
        var catalog = new ShiftCatalog(_clock);
        var monday = Hours(Monday, 0, 8);
        var thursday = Hours(Monday.AddDays(3), 0, 8);
        catalog.Remember(_practitioner, _location, [monday, thursday]);

        var holding = catalog.Holding(_practitioner, _location, [Hours(Monday, 1, 2), Hours(Monday.AddDays(3), 7, 8)]);

        Assert.Equal([monday, thursday], holding);
    }

    [Fact]
    public void One_visit_outside_every_remembered_shift_means_ask_the_database()
    {
        var catalog = new ShiftCatalog(_clock);
        catalog.Remember(_practitioner, _location, [Hours(Monday, 0, 8)]);

        Assert.Null(catalog.Holding(_practitioner, _location, [Hours(Monday, 1, 2), Hours(Monday, 7, 9)])); // runs past the end
        Assert.Null(catalog.Holding(_practitioner, Guid.NewGuid(), [Hours(Monday, 1, 2)])); // another location
        Assert.Null(catalog.Holding(Guid.NewGuid(), _location, [Hours(Monday, 1, 2)])); // another practitioner
    }

    [Fact]
    public void Shifts_read_later_are_added_to_those_remembered()
    {
        var catalog = new ShiftCatalog(_clock);
        catalog.Remember(_practitioner, _location, [Hours(Monday, 0, 8)]);
        catalog.Remember(_practitioner, _location, [Hours(Monday, 8, 10)]);

        Assert.NotNull(catalog.Holding(_practitioner, _location, [Hours(Monday, 1, 2), Hours(Monday, 9, 10)]));
    }

    [Fact]
    public void Remembered_shifts_lapse_after_their_lifetime()
    {
        var catalog = new ShiftCatalog(_clock);
        catalog.Remember(_practitioner, _location, [Hours(Monday, 0, 8)]);

        _clock.Advance(ShiftCatalog.Lifetime - TimeSpan.FromSeconds(1));
        Assert.NotNull(catalog.Holding(_practitioner, _location, [Hours(Monday, 1, 2)]));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(catalog.Holding(_practitioner, _location, [Hours(Monday, 1, 2)]));
    }
}
