using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;
using Scheduling.Api.Domain;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Features.Shifts;

/// <summary>A shift to create: its local date (for messages) and its instants.</summary>
internal sealed record PlannedShift(DateOnly Date, TimeOnly LocalStart, TimeOnly LocalEnd, Interval Period);

/// <summary>
/// Creates shifts all or nothing, in one transaction. The exclusion constraint
/// <c>shifts_practitioner_no_overlap</c> decides overlaps; when it refuses, every clashing date is named. Only at a
/// location the caller works at (403 <c>outside_your_locations</c>; admins anywhere).
/// </summary>
internal sealed class ShiftWriter(SchedulingDbContext db, NpgsqlDataSource dataSource, CurrentUser user, TimeProvider clock)
{
    public async Task<(Location Location, IReadOnlyList<Shift> Shifts)> CreateAsync(
        Guid practitionerId, Guid locationId, Func<TimeZoneInfo, IReadOnlyList<PlannedShift>> plan, Guid? patternId, CancellationToken cancellationToken)
    {
        user.RequireLocation(locationId);
        var location = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == locationId, cancellationToken)
            ?? throw new NotFoundException("Location", locationId);
        var zone = location.Zone;
        var planned = plan(zone);

        // Moving a start in the hour skipped by spring-forward past an end after it leaves no time at all.
        var vanished = planned.Where(p => p.Period.End <= p.Period.Start).ToList();
        if (vanished.Count > 0)
        {
            throw new BusinessRuleException("nonexistent_local_time",
                vanished.Select(p => $"{p.Date:yyyy-MM-dd}: {p.LocalStart:HH\\:mm}-{p.LocalEnd:HH\\:mm} leaves no time: the clocks skip an hour that night in {zone.Id}, and a start inside the skipped hour moves past the end.").ToList());
        }

        var now = clock.GetUtcNow();
        var shifts = planned.Select(p => Shift.Create(practitionerId, locationId, p.Period, patternId, now)).ToList();
        db.Shifts.AddRange(shifts);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException pg && Constraints.IsShiftOverlap(pg))
        {
            db.ChangeTracker.Clear();
            throw await OverlapAsync(practitionerId, planned, cancellationToken);
        }

        return (location, shifts);
    }

    /// <summary>
    /// Names each planned date that overlaps a shift the practitioner already has, at any location. (Entries
    /// of one request cannot overlap each other: the validator refuses that, and shifts end on their day.)
    /// </summary>
    private async Task<ConflictException> OverlapAsync(Guid practitionerId, IReadOnlyList<PlannedShift> planned, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT p.ord::int, s.id, s.location_id, s.starts_at, s.ends_at, l.time_zone
            FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS p(starts_at, ends_at, ord)
            JOIN shifts s ON s.practitioner_id = $1 AND tstzrange(s.starts_at, s.ends_at, '[)') && tstzrange(p.starts_at, p.ends_at, '[)')
            JOIN locations l ON l.id = s.location_id
            ORDER BY p.ord, s.starts_at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = practitionerId });
        command.Parameters.Add(new NpgsqlParameter { Value = planned.Select(p => p.Period.Start.UtcDateTime).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = planned.Select(p => p.Period.End.UtcDateTime).ToArray() });

        var clashes = new List<ShiftClash>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var mine = planned[reader.GetInt32(0) - 1];
                var theirZone = ZonedTime.Find(reader.GetString(5));
                var existing = new Interval(reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4));
                clashes.Add(new ShiftClash(mine.Date, mine.LocalStart, mine.LocalEnd, reader.GetGuid(1), reader.GetGuid(2),
                    ZonedTime.ToLocal(existing.Start, theirZone), ZonedTime.ToLocal(existing.End, theirZone)));
            }
        }

        var dates = clashes.Select(c => c.Date).Distinct().Order().Select(d => d.ToString("yyyy-MM-dd")).ToList();
        return new ConflictException(Constraints.OverlappingShift,
            $"The practitioner already works at an overlapping time{(dates.Count > 0 ? " on " + string.Join(", ", dates) : "")}; nothing was created. " +
            "Change those dates or times, or remove the existing shifts.",
            new Dictionary<string, object?> { ["dates"] = dates, ["clashes"] = clashes });
    }
}

/// <summary>One overlap: the requested shift (local date and times) and the existing one (instants with its location's offset).</summary>
public sealed record ShiftClash(
    DateOnly Date, TimeOnly Start, TimeOnly End, Guid ExistingShiftId, Guid ExistingLocationId, DateTimeOffset ExistingStart, DateTimeOffset ExistingEnd);
