using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.ServiceDefaults.Problems;
using Scheduling.Api.Domain;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Features.Appointments;

/// <summary>One date of a booking that was refused, and why (a problem's <c>failures</c>).</summary>
public sealed record BookingFailure(DateOnly Date, DateTimeOffset Start, string Code, string Reason)
{
    public static BookingFailure Conflict(PlannedVisit visit, string code, TimeZoneInfo zone)
    {
        var when = ZonedTime.Describe(visit.Period, zone);
        var reason = code switch
        {
            Constraints.PractitionerBusy => $"The practitioner already has an appointment that overlaps {when}.",
            Constraints.RoomBusy => $"The room is already booked during {when}. Leave roomId out to have a free room assigned.",
            Constraints.ClientBusy => $"The client already has an appointment that overlaps {when}.",
            _ => $"No room at the location is free for the whole of {when}.",
        };
        return new BookingFailure(visit.LocalDate, ZonedTime.ToLocal(visit.Period.Start, zone), code, reason);
    }
}

/// <summary>
/// The booking use case, for a single appointment and for a series alike. In order:
/// <list type="number">
/// <item>validation (the Mediator pipeline, before the handler runs);</item>
/// <item>local rules: each visit inside the location's opening hours and one of the practitioner's shifts there (422);</item>
/// <item>the gates (<see cref="IBookingGates.PassAsync"/>): client profile, practitioner eligibility, visit holds (422 / 503);</item>
/// <item>insert, all or nothing, where the exclusion constraints refuse any double booking (409);</item>
/// <item>confirm the holds, or release them when the insert did not happen;</item>
/// <item>the booked appointments.</item>
/// </list>
/// </summary>
internal sealed class AppointmentBooker(SchedulingDbContext db, NpgsqlDataSource dataSource, AppointmentStore store, IBookingGates gates, TimeProvider clock)
{
    /// <summary>The location to book at (404 when unknown), having checked that an asked-for room is one of its rooms.</summary>
    public async Task<Location> LocationAsync(Guid locationId, Guid? roomId, CancellationToken cancellationToken)
    {
        var location = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == locationId, cancellationToken)
            ?? throw new NotFoundException("Location", locationId);
        if (roomId is { } room && !await db.Rooms.AnyAsync(r => r.Id == room && r.LocationId == locationId, cancellationToken))
        {
            throw new NotFoundException("Room at this location", room);
        }

        return location;
    }

    public async Task<IReadOnlyList<AppointmentView>> BookAsync(BookingPlan plan, CancellationToken cancellationToken)
    {
        await CheckLocalRulesAsync(plan, cancellationToken);

        // GATES: client profile, practitioner eligibility, visit hold (reservation saga, step 1).
        await gates.PassAsync(plan, cancellationToken);

        IReadOnlyList<Appointment> booked;
        try
        {
            booked = await store.InsertAsync(plan, clock.GetUtcNow(), cancellationToken);
        }
        catch
        {
            // RELEASE HOLD: refused (409) or failed; nothing was booked. If this process dies first, the
            // unconfirmed holds expire by themselves.
            await gates.ReleaseAsync(plan, CancellationToken.None);
            throw;
        }

        // CONFIRM HOLD: the appointments are committed.
        // TODO(part 2): decide what a failed confirmation does to committed appointments (for example retry it
        // from an outbox); ConfirmHold re-holds an expired hold while a visit is still available.
        await gates.ConfirmAsync(plan, cancellationToken);

        var zone = plan.Location.Zone;
        return booked.Select(a => AppointmentView.From(a, zone)).ToList();
    }

    /// <summary>Opening hours and shifts for every visit; all failures are reported (422), and nothing is held or written.</summary>
    private async Task CheckLocalRulesAsync(BookingPlan plan, CancellationToken cancellationToken)
    {
        var zone = plan.Location.Zone;
        var shifts = await ShiftsAsync(plan, cancellationToken);
        var failures = new List<BookingFailure>();
        foreach (var visit in plan.Visits)
        {
            foreach (var refusal in LocalBookingRules.Check(visit.Period, zone, plan.Location.OpeningHours, shifts))
            {
                failures.Add(new BookingFailure(visit.LocalDate, ZonedTime.ToLocal(visit.Period.Start, zone), refusal.Code, refusal.Reason));
            }
        }

        if (failures.Count == 0) return;
        var series = plan.SeriesId is not null;
        throw new BusinessRuleException(
            failures[0].Code,
            failures.Select(f => series ? $"{f.Date:yyyy-MM-dd}: {f.Code}: {f.Reason}" : $"{f.Code}: {f.Reason}").ToList(),
            series ? $"Nothing was booked: {failures.Select(f => f.Date).Distinct().Count()} of {plan.Visits.Count} dates are refused." : null,
            new Dictionary<string, object?> { ["failures"] = failures });
    }

    /// <summary>The practitioner's shifts at the location around the visits (a day either side, for messages).</summary>
    private async Task<IReadOnlyList<Interval>> ShiftsAsync(BookingPlan plan, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT starts_at, ends_at FROM shifts
            WHERE practitioner_id = $1 AND location_id = $2 AND tstzrange(starts_at, ends_at, '[)') && tstzrange($3, $4, '[)')
            ORDER BY starts_at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = plan.PractitionerId });
        command.Parameters.Add(new NpgsqlParameter { Value = plan.Location.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = plan.Visits.Min(v => v.Period.Start).ToUniversalTime().AddDays(-1) });
        command.Parameters.Add(new NpgsqlParameter { Value = plan.Visits.Max(v => v.Period.End).ToUniversalTime().AddDays(1) });
        var shifts = new List<Interval>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            shifts.Add(new Interval(reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return shifts;
    }
}
