using System.Collections.Concurrent;
using Scheduling.Api.Domain;

namespace Scheduling.Api.Infrastructure;

/// <summary>
/// Shifts bookings have already read, per practitioner and location. A shift is never changed or removed once created
/// (the API only adds shifts), so a remembered shift that holds a visit proves the visit is inside a shift, and the
/// booking is spared a round trip to PostgreSQL. Only that proof is taken from here: a visit no remembered shift holds is
/// looked up again, because a shift may have been added since. Shifts still lapse after <see cref="Lifetime"/>, so a fix
/// made in the database by hand is seen without a restart.
/// </summary>
/// <remarks>Should shifts ever become editable or removable, their writes must reach this catalog too.</remarks>
public sealed class ShiftCatalog(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>Practitioner-location pairs held at once; past it the catalog starts again empty.</summary>
    private const int Capacity = 20_000;

    /// <summary>Shifts held per pair: a few weeks of a full-time schedule.</summary>
    private const int ShiftsPerPair = 64;

    private readonly ConcurrentDictionary<(Guid Practitioner, Guid Location), KnownShift[]> _shifts = new();

    private readonly record struct KnownShift(Interval Period, DateTimeOffset Until);

    /// <summary>
    /// For each visit a remembered shift that holds it, when every visit has one; otherwise null (ask the database).
    /// </summary>
    public IReadOnlyList<Interval>? Holding(Guid practitionerId, Guid locationId, IEnumerable<Interval> visits)
    {
        if (!_shifts.TryGetValue((practitionerId, locationId), out var known)) return null;
        var now = clock.GetUtcNow();
        var holding = new List<Interval>();
        foreach (var visit in visits)
        {
            var shift = Array.FindIndex(known, k => k.Until > now && k.Period.Contains(visit));
            if (shift < 0) return null;
            holding.Add(known[shift].Period);
        }

        return holding;
    }

    /// <summary>Remembers shifts read from the database for this practitioner at this location.</summary>
    public void Remember(Guid practitionerId, Guid locationId, IReadOnlyList<Interval> shifts)
    {
        if (shifts.Count == 0) return;
        if (_shifts.Count >= Capacity) _shifts.Clear();
        var now = clock.GetUtcNow();
        var until = now + Lifetime;
        _shifts.AddOrUpdate((practitionerId, locationId),
            _ => Keep(shifts.Select(s => new KnownShift(s, until))),
            (_, known) => Keep(known.Where(k => k.Until > now && !shifts.Contains(k.Period)).Concat(shifts.Select(s => new KnownShift(s, until)))));
    }

    /// <summary>The latest-read shifts first, at most <see cref="ShiftsPerPair"/>.</summary>
    private static KnownShift[] Keep(IEnumerable<KnownShift> shifts) =>
        shifts.OrderByDescending(k => k.Until).Take(ShiftsPerPair).ToArray();
}
