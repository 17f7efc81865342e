using FluentValidation;
using Mediator;
using Npgsql;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Problems;
using Scheduling.Api.Domain;

namespace Scheduling.Api.Features.Availability;

/// <summary>
/// Open slots of <c>durationMinutes</c> at the given locations (none = every location) on the local dates
/// <c>from</c>..<c>to</c> (inclusive, in each location's zone), earliest first. See <see cref="SlotFinder"/>
/// for what makes a slot open. <c>technique</c> is validated but not applied yet (eligibility filtering
/// needs Credentials).
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
        RuleFor(x => x.From).NotNull()
            .Must(from => BookingWindow.Contains(from!.Value, clock.GetUtcNow())).WithMessage(BookingWindow.Explanation);
        RuleFor(x => x.To).NotNull()
            .Must(to => BookingWindow.Contains(to!.Value, clock.GetUtcNow())).WithMessage(BookingWindow.Explanation)
            .GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null, ApplyConditionTo.CurrentValidator).WithMessage("Must be on or after from.")
            .Must((x, to) => to!.Value.DayNumber - x.From!.Value.DayNumber < MaxDays).When(x => x.From is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage($"Search at most {MaxDays} days at a time.");
        RuleFor(x => x.DurationMinutes).NotNull().InclusiveBetween(5, 240)
            .Must(minutes => minutes % 5 == 0).WithMessage("Must be a multiple of 5 minutes.");
        RuleFor(x => x.PractitionerId).NotEqual(Guid.Empty);
        RuleFor(x => x.Limit).InclusiveBetween(1, MaxLimit);
    }
}

internal sealed class FindAvailabilityHandler(NpgsqlDataSource dataSource, TimeProvider clock) : IQueryHandler<FindAvailability, Page<SlotView>>
{
    private sealed record Key(DateTimeOffset Start, Guid LocationId, Guid PractitionerId);

    public async ValueTask<Page<SlotView>> Handle(FindAvailability query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? FindAvailabilityValidator.DefaultLimit;
        var after = Cursor.Decode<Key>(query.Cursor);
        var (from, to) = (query.From!.Value, query.To!.Value);
        var data = await AvailabilityData.LoadAsync(dataSource, query.LocationIds, query.PractitionerId, from, to, cancellationToken);

        // TODO(part 2): keep only practitioners eligible at each location's jurisdiction on each date for
        // query.Technique (Credentials ListEligiblePractitioners, one call per jurisdiction), by filtering
        // data.Shifts to the eligible windows before the sweep.

        var slots = SlotFinder.Find(data.Locations, data.Shifts, data.Busy, TimeSpan.FromMinutes(query.DurationMinutes!.Value), clock.GetUtcNow());
        var ordered = slots
            .Where(s => after is null || Compare(s, after) > 0)
            .OrderBy(s => s.Start).ThenBy(s => s.LocationId).ThenBy(s => s.PractitionerId)
            .Take(limit + 1)
            .ToList();
        var zones = data.Locations.ToDictionary(l => l.Id, l => l.Zone);
        var views = ordered.Select(s => View(s, zones[s.LocationId])).ToList();
        return Cursor.ToPage(views, limit, v => new Key(v.Start, v.LocationId, v.PractitionerId));
    }

    private static int Compare(Slot slot, Key key)
    {
        var byStart = slot.Start.CompareTo(key.Start);
        if (byStart != 0) return byStart;
        var byLocation = slot.LocationId.CompareTo(key.LocationId);
        return byLocation != 0 ? byLocation : slot.PractitionerId.CompareTo(key.PractitionerId);
    }

    private static SlotView View(Slot slot, TimeZoneInfo zone)
    {
        var start = ZonedTime.ToLocal(slot.Start, zone);
        var end = ZonedTime.ToLocal(slot.End, zone);
        return new SlotView(slot.PractitionerId, slot.LocationId, slot.RoomId, start, end,
            DateOnly.FromDateTime(start.DateTime), TimeOnly.FromDateTime(start.DateTime), TimeOnly.FromDateTime(end.DateTime), zone.Id);
    }
}

/// <summary>Everything the sweep needs, read in one round trip (five statements in one batch).</summary>
internal sealed record AvailabilityData(IReadOnlyList<LocationSchedule> Locations, IReadOnlyList<WorkShift> Shifts, IReadOnlyList<BusyPeriod> Busy)
{
    public static async Task<AvailabilityData> LoadAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<Guid> locationIds, Guid? practitionerId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        // Coarse instant bounds that contain the local days in every zone; the sweep clips to each location's own days.
        var rangeStart = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-1);
        var rangeEnd = new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(2);
        var all = locationIds.Count == 0;
        var atLocations = all ? "true" : "location_id = ANY($1)";
        var ofPractitioner = practitionerId is null ? "true" : "practitioner_id = $4";
        var shiftsInRange = $"{atLocations} AND {ofPractitioner} AND starts_at < $3 AND starts_at > $2 - $5 AND ends_at > $2";

        NpgsqlBatchCommand Command(string sql) => new(sql)
        {
            Parameters =
            {
                new() { Value = locationIds.ToArray() }, new() { Value = rangeStart }, new() { Value = rangeEnd },
                new() { Value = practitionerId ?? Guid.Empty }, new() { Value = Shift.Longest }, new() { Value = ServiceCatalog.LongestAppointment },
            },
        };

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command($"SELECT id, time_zone FROM locations WHERE {(all ? "true" : "id = ANY($1)")}"));
        batch.BatchCommands.Add(Command($"SELECT location_id, day_of_week, opens, closes FROM location_opening_hours WHERE {atLocations}"));
        batch.BatchCommands.Add(Command($"SELECT id, location_id FROM rooms WHERE {atLocations} ORDER BY location_id, lower(name), id"));
        batch.BatchCommands.Add(Command($"SELECT practitioner_id, location_id, starts_at, ends_at FROM shifts WHERE {shiftsInRange}"));
        // The practitioners' appointments anywhere (they cannot be in two places) and the rooms' appointments here.
        batch.BatchCommands.Add(Command($"""
            SELECT practitioner_id, room_id, starts_at, ends_at FROM appointments
            WHERE status <> 'cancelled' AND starts_at < $3 AND starts_at > $2 - $6 AND ends_at > $2
              AND ({atLocations} OR practitioner_id IN (SELECT practitioner_id FROM shifts WHERE {shiftsInRange}))
            """));

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var zones = new Dictionary<Guid, TimeZoneInfo>();
        while (await reader.ReadAsync(cancellationToken)) zones[reader.GetGuid(0)] = ZonedTime.Find(reader.GetString(1));
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

        await reader.NextResultAsync(cancellationToken);
        var shifts = new List<WorkShift>();
        while (await reader.ReadAsync(cancellationToken))
        {
            shifts.Add(new WorkShift(reader.GetGuid(0), reader.GetGuid(1),
                new Interval(reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3))));
        }

        await reader.NextResultAsync(cancellationToken);
        var busy = new List<BusyPeriod>();
        while (await reader.ReadAsync(cancellationToken))
        {
            busy.Add(new BusyPeriod(reader.GetGuid(0), reader.GetGuid(1),
                new Interval(reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3))));
        }

        var hoursOf = hours.ToLookup(h => h.Location, h => h.Interval);
        var roomsOf = rooms.ToLookup(r => r.Location, r => r.Room);
        var locations = zones.Select(z => new LocationSchedule(z.Key, z.Value, hoursOf[z.Key].ToList(), roomsOf[z.Key].ToList(),
            new Interval(ZonedTime.Day(from, z.Value).Start, ZonedTime.Day(to, z.Value).End))).ToList();
        return new AvailabilityData(locations, shifts, busy);
    }
}
