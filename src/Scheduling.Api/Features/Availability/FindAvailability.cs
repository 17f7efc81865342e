using FluentValidation;
using Mediator;
using Npgsql;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Problems;
using Scheduling.Api.Domain;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Features.Availability;

/// <summary>
/// Open slots of <c>durationMinutes</c> at the given locations (none = every location) on the local dates
/// <c>from</c>..<c>to</c> (inclusive, in each location's zone), earliest first. See <see cref="SlotFinder"/>
/// for what makes a slot open. With <c>technique</c>, only practitioners eligible for it at each location's
/// jurisdiction on the slot's local date are offered (Credentials <c>ListEligiblePractitioners</c>, one call per
/// jurisdiction; 503 when Credentials does not answer).
/// </summary>
public sealed record FindAvailability(
    IReadOnlyList<Guid> LocationIds,
    DateOnly? From,
    DateOnly? To,
    int? DurationMinutes,
    Guid? PractitionerId,
    Technique? Technique,
    int? Limit,
    string? Cursor) : IQuery<Page<SlotView>>;

public sealed record SlotView(
    Guid PractitionerId,
    Guid LocationId,
    Guid RoomId,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateOnly LocalDate,
    TimeOnly LocalStart,
    TimeOnly LocalEnd,
    string TimeZone);

internal sealed class FindAvailabilityValidator : AbstractValidator<FindAvailability>
{
    public const int MaxDays = 31;
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public FindAvailabilityValidator(TimeProvider clock)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.LocationIds).Must(ids => ids.Count <= 100).WithName("locationId").WithMessage("At most 100 locations; leave locationId out to search all.");
        RuleFor(x => x.From).NotNull().InBookingWindow(clock);
        RuleFor(x => x.To).NotNull().InBookingWindow(clock)
            .GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null, ApplyConditionTo.CurrentValidator).WithMessage("Must be on or after from.")
            .Must((x, to) => to!.Value.DayNumber - x.From!.Value.DayNumber < MaxDays).When(x => x.From is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage($"Search at most {MaxDays} days at a time.");
        RuleFor(x => x.DurationMinutes).NotNull().InclusiveBetween(5, 240)
            .Must(minutes => minutes % 5 == 0).WithMessage("Must be a multiple of 5 minutes.");
        RuleFor(x => x.PractitionerId).NotEqual(Guid.Empty);
        RuleFor(x => x.Limit).InclusiveBetween(1, MaxLimit);
    }
}

/// <summary>
/// Reads what the sweep needs and runs it, earliest slots first. A search over many locations first
/// reads and sweeps about a day, and reads on (twice as far each time) only while the page is not full:
/// "the first free slot anywhere" then costs a day or two of data, not the whole range. A cursor starts
/// the next page at its slot's start.
/// </summary>
internal sealed class FindAvailabilityHandler(NpgsqlDataSource dataSource, PractitionerEligibility eligibility, TimeProvider clock)
    : IQueryHandler<FindAvailability, Page<SlotView>>
{
    /// <summary>Up to this many locations are read for the whole range at once (little data, one round trip).</summary>
    private const int SmallSearch = 5;

    private static readonly TimeSpan FirstChunk = TimeSpan.FromDays(1);

    private sealed record Key(DateTimeOffset Start, Guid LocationId, Guid PractitionerId);

    public async ValueTask<Page<SlotView>> Handle(FindAvailability query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? FindAvailabilityValidator.DefaultLimit;
        var after = Cursor.Decode<Key>(query.Cursor);
        var duration = TimeSpan.FromMinutes(query.DurationMinutes!.Value);
        var reader = new AvailabilityReader(dataSource, query.LocationIds, query.PractitionerId, query.From!.Value, query.To!.Value, duration);

        // Slots start from now (or the cursor) to the end of the searched days; the first read covers one chunk.
        var start = Latest(reader.Range.Start, clock.GetUtcNow(), after?.Start ?? DateTimeOffset.MinValue);
        // The first chunk ends a day after the first searched local day has ended in every zone (or after the cursor).
        var firstChunkEnd = Latest(start, reader.Range.Start + TimeSpan.FromDays(2)) + FirstChunk;
        var chunkEnd = query.LocationIds is { Count: > 0 and <= SmallSearch } || firstChunkEnd >= reader.Range.End ? reader.Range.End : firstChunkEnd;
        var (locations, shifts, busy) = await reader.ReadAsync(withLocations: true, start, chunkEnd, cancellationToken);
        var eligible = query.Technique is { } technique
            ? await EligibleDays.ReadAsync(eligibility, reader.Jurisdictions, locations, query.From.Value, query.To.Value, technique, query.PractitionerId, cancellationToken)
            : null;
        List<Slot> Keep(List<Slot> slots) => After(eligible is null ? slots : slots.Where(eligible.Allows).ToList(), after);

        var found = Keep(SlotFinder.Find(locations, shifts, busy, duration, new Interval(start, chunkEnd)));
        for (var length = FirstChunk; found.Count <= limit && chunkEnd < reader.Range.End; length *= 2)
        {
            // Not a full page yet (a weekend, a quiet day): read on, twice as far each time.
            var chunkStart = Latest(chunkEnd, start);
            chunkEnd = chunkStart + length * 2 < reader.Range.End ? chunkStart + length * 2 : reader.Range.End;
            if (chunkStart >= chunkEnd) break;
            (_, shifts, busy) = await reader.ReadAsync(withLocations: false, chunkStart, chunkEnd, cancellationToken);
            found.AddRange(Keep(SlotFinder.Find(locations, shifts, busy, duration, new Interval(chunkStart, chunkEnd))));
        }

        found.Sort(static (a, b) => Compare(a.Start, a.LocationId, a.PractitionerId, b.Start, b.LocationId, b.PractitionerId));
        var zones = locations.ToDictionary(l => l.Id, l => l.Zone);
        var views = found.Take(limit + 1).Select(s => View(s, zones[s.LocationId])).ToList();
        return Cursor.ToPage(views, limit, v => new Key(v.Start, v.LocationId, v.PractitionerId));
    }

    private static DateTimeOffset Latest(params DateTimeOffset[] instants) => instants.Max();

    private static List<Slot> After(List<Slot> slots, Key? after) => after is null
        ? slots
        : slots.Where(s => Compare(s.Start, s.LocationId, s.PractitionerId, after.Start, after.LocationId, after.PractitionerId) > 0).ToList();

    /// <summary>The order of slots (and of the cursor): start, then location, then practitioner.</summary>
    private static int Compare(DateTimeOffset start, Guid location, Guid practitioner, DateTimeOffset otherStart, Guid otherLocation, Guid otherPractitioner)
    {
        var byStart = start.CompareTo(otherStart);
        if (byStart != 0) return byStart;
        var byLocation = location.CompareTo(otherLocation);
        return byLocation != 0 ? byLocation : practitioner.CompareTo(otherPractitioner);
    }

    private static SlotView View(Slot slot, TimeZoneInfo zone)
    {
        var start = ZonedTime.ToLocal(slot.Start, zone);
        var end = ZonedTime.ToLocal(slot.End, zone);
        return new SlotView(slot.PractitionerId, slot.LocationId, slot.RoomId, start, end,
            DateOnly.FromDateTime(start.DateTime), TimeOnly.FromDateTime(start.DateTime), TimeOnly.FromDateTime(end.DateTime), zone.Id);
    }
}

/// <summary>
/// The days on which practitioners are eligible for a technique at the searched locations' jurisdictions, as
/// Credentials answers them: one call per jurisdiction, all at once.
/// </summary>
internal sealed class EligibleDays(Dictionary<(Guid Practitioner, string Jurisdiction), List<PractitionerEligibility.Window>> windows,
    Dictionary<Guid, (string Jurisdiction, TimeZoneInfo Zone)> locations)
{
    public static async Task<EligibleDays> ReadAsync(PractitionerEligibility eligibility, IReadOnlyDictionary<Guid, string> jurisdictions,
        IReadOnlyList<LocationSchedule> locations, DateOnly from, DateOnly to, Technique technique, Guid? practitionerId, CancellationToken cancellationToken)
    {
        var asked = jurisdictions.Values.Distinct(StringComparer.Ordinal).ToList();
        var answers = await Task.WhenAll(asked.Select(j => eligibility.EligibleWindowsAsync(j, from, to, technique, practitionerId, cancellationToken)));
        var windows = asked.Zip(answers)
            .SelectMany(pair => pair.Second.Select(w => (Key: (w.PractitionerId, pair.First), Window: w)))
            .GroupBy(x => x.Key, x => x.Window)
            .ToDictionary(g => g.Key, g => g.ToList());
        return new EligibleDays(windows, locations.ToDictionary(l => l.Id, l => (jurisdictions[l.Id], l.Zone)));
    }

    /// <summary>The slot's practitioner is eligible at its location's jurisdiction on the slot's local date.</summary>
    public bool Allows(Slot slot)
    {
        var (jurisdiction, zone) = locations[slot.LocationId];
        if (!windows.TryGetValue((slot.PractitionerId, jurisdiction), out var days)) return false;
        var date = ZonedTime.LocalDate(slot.Start, zone);
        return days.Exists(w => w.From <= date && date <= w.To);
    }
}

/// <summary>
/// Reads, in one round trip per call (one batch), the locations with their opening hours and rooms (first
/// call only), and the shifts and non-cancelled appointments that matter to slots starting in a range.
/// </summary>
internal sealed class AvailabilityReader(
    NpgsqlDataSource dataSource, IReadOnlyList<Guid> locationIds, Guid? practitionerId, DateOnly from, DateOnly to, TimeSpan duration)
{
    /// <summary>Instants that contain the searched local days in every zone (no zone is more than a day from UTC); the sweep clips to each location's own days.</summary>
    public Interval Range { get; } = new(
        new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-1),
        new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(2));

    private IReadOnlyList<LocationSchedule> _locations = [];

    /// <summary>Each location's jurisdiction (read with the locations).</summary>
    public Dictionary<Guid, string> Jurisdictions { get; } = [];

    /// <summary>What slots starting in [<paramref name="start"/>, <paramref name="end"/>) depend on.</summary>
    public async Task<(IReadOnlyList<LocationSchedule> Locations, List<WorkShift> Shifts, List<BusyPeriod> Busy)> ReadAsync(
        bool withLocations, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var all = locationIds.Count == 0;
        var atLocations = all ? "true" : "location_id = ANY($1)";
        var ofPractitioner = practitionerId is null ? "true" : "practitioner_id = $4";
        // Slots starting before `end` last until end + duration at most.
        var shiftsInRange = $"{atLocations} AND {ofPractitioner} AND starts_at < $3 AND starts_at > $2 - $5 AND ends_at > $2";
        const string appointmentsInRange = "status <> 'cancelled' AND starts_at < $3 AND starts_at > $2 - $6 AND ends_at > $2";

        NpgsqlBatchCommand Command(string sql) => new(sql)
        {
            Parameters =
            {
                new() { Value = locationIds.ToArray() }, new() { Value = start.ToUniversalTime() }, new() { Value = (end + duration).ToUniversalTime() },
                new() { Value = practitionerId ?? Guid.Empty }, new() { Value = Shift.Longest }, new() { Value = ServiceCatalog.LongestAppointment },
            },
        };

        await using var batch = dataSource.CreateBatch();
        // Every statement here is prepared, but `= ANY($1)` and the range bounds make PostgreSQL re-plan each one on
        // every search (a custom plan looks cheaper than the generic one), and the planning cost more CPU than running
        // them. The generic plans use the same indexes. Local to this batch's implicit transaction, so it never leaks
        // into the pooled connection. (Not with a practitioner filter: its generic plan of the shifts read is worse.)
        var generic = practitionerId is null;
        if (generic) batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('plan_cache_mode', 'force_generic_plan', true)"));
        if (withLocations)
        {
            batch.BatchCommands.Add(Command($"SELECT id, time_zone, jurisdiction FROM locations WHERE {(all ? "true" : "id = ANY($1)")}"));
            batch.BatchCommands.Add(Command($"SELECT location_id, day_of_week, opens, closes FROM location_opening_hours WHERE {atLocations}"));
            batch.BatchCommands.Add(Command($"SELECT id, location_id FROM rooms WHERE {atLocations} ORDER BY location_id, lower(name), id"));
        }

        batch.BatchCommands.Add(Command($"SELECT practitioner_id, location_id, starts_at, ends_at FROM shifts WHERE {shiftsInRange}"));
        // The rooms' appointments here, and the practitioners' appointments anywhere else (they cannot be in two
        // places): index scans per location and per practitioner. (One OR, or a plain join, is planned as a
        // sequential scan of every appointment in range; OFFSET 0 keeps the per-practitioner lookup a nested loop.)
        batch.BatchCommands.Add(Command(all
            ? $"SELECT practitioner_id, room_id, starts_at, ends_at FROM appointments WHERE {appointmentsInRange}"
            : $"""
              SELECT practitioner_id, room_id, starts_at, ends_at FROM appointments WHERE {atLocations} AND {appointmentsInRange}
              UNION ALL
              SELECT a.practitioner_id, a.room_id, a.starts_at, a.ends_at
              FROM (SELECT DISTINCT practitioner_id FROM shifts WHERE {shiftsInRange}) p
              CROSS JOIN LATERAL (SELECT practitioner_id, room_id, starts_at, ends_at FROM appointments
                                  WHERE practitioner_id = p.practitioner_id AND NOT ({atLocations}) AND {appointmentsInRange} OFFSET 0) a
              """));

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (generic) await reader.NextResultAsync(cancellationToken);
        if (withLocations)
        {
            _locations = await ReadLocationsAsync(reader, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
        }

        var shifts = new List<WorkShift>();
        while (await reader.ReadAsync(cancellationToken))
        {
            shifts.Add(new WorkShift(reader.GetGuid(0), reader.GetGuid(1), new Interval(reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3))));
        }

        await reader.NextResultAsync(cancellationToken);
        var busy = new List<BusyPeriod>();
        while (await reader.ReadAsync(cancellationToken))
        {
            busy.Add(new BusyPeriod(reader.GetGuid(0), reader.GetGuid(1), new Interval(reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3))));
        }

        return (_locations, shifts, busy);
    }

    private async Task<IReadOnlyList<LocationSchedule>> ReadLocationsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var zones = new Dictionary<Guid, TimeZoneInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            zones[reader.GetGuid(0)] = ZonedTime.Find(reader.GetString(1));
            Jurisdictions[reader.GetGuid(0)] = reader.GetString(2);
        }

        foreach (var id in locationIds)
        {
            if (!zones.ContainsKey(id)) throw new NotFoundException("Location", id);
        }

        await reader.NextResultAsync(cancellationToken);
        var hours = new List<(Guid Location, OpeningInterval Interval)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hours.Add((reader.GetGuid(0), new OpeningInterval((DayOfWeek)reader.GetInt32(1), reader.GetFieldValue<TimeOnly>(2), reader.GetFieldValue<TimeOnly>(3))));
        }

        await reader.NextResultAsync(cancellationToken);
        var rooms = new List<(Guid Room, Guid Location)>();
        while (await reader.ReadAsync(cancellationToken)) rooms.Add((reader.GetGuid(0), reader.GetGuid(1)));

        var hoursOf = hours.ToLookup(h => h.Location, h => h.Interval);
        var roomsOf = rooms.ToLookup(r => r.Location, r => r.Room);
        return zones.Select(z => new LocationSchedule(z.Key, z.Value, hoursOf[z.Key].ToList(), roomsOf[z.Key].ToList(),
            new Interval(ZonedTime.Day(from, z.Value).Start, ZonedTime.Day(to, z.Value).End))).ToList();
    }
}
