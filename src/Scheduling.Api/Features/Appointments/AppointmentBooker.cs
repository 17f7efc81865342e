using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;
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
/// <item>the location (<see cref="LocationAsync"/>): the caller works there (403 <c>outside_your_locations</c>), it exists;</item>
/// <item>at the same time, the local rules (each visit inside the location's opening hours and one of the practitioner's
/// shifts there) and the reading gates (<see cref="IBookingGates.CheckAsync"/>: client profile, practitioner
/// eligibility); all their refusals in one 422, or 503 when a dependency does not answer;</item>
/// <item>the visit holds when a referral is given (<see cref="IBookingGates.HoldAsync"/>; 422 with Referrals' code);</item>
/// <item>insert, all or nothing, where the exclusion constraints refuse any double booking (409);</item>
/// <item>confirm the holds, or release them when the insert did not happen;</item>
/// <item>the booked appointments.</item>
/// </list>
/// </summary>
internal sealed class AppointmentBooker(
    SchedulingDbContext db, LocationCatalog locations, ShiftCatalog knownShifts, NpgsqlDataSource dataSource, AppointmentStore store, IBookingGates gates, CurrentUser user, TimeProvider clock)
{
    /// <summary>
    /// The location to book at (403 unless the caller works there, 404 when unknown), having checked that an asked-for
    /// room is one of its rooms.
    /// </summary>
    public async Task<Location> LocationAsync(Guid locationId, Guid? roomId, CancellationToken cancellationToken)
    {
        user.RequireLocation(locationId);
        if (locations.TryGet(locationId, roomId, out var known)) return known;
        // One round trip for both: every booking pays each trip to PostgreSQL in context switches on both sides.
        var found = await db.Locations.AsNoTracking()
            .Where(l => l.Id == locationId)
            .Select(l => new { Location = l, RoomIsHere = roomId == null || db.Rooms.Any(r => r.Id == roomId && r.LocationId == l.Id) })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Location", locationId);
        if (roomId is { } room && !found.RoomIsHere)
        {
            throw new NotFoundException("Room at this location", room);
        }

        locations.Remember(found.Location, roomId);
        return found.Location;
    }

    public async Task<IReadOnlyList<AppointmentView>> BookAsync(BookingPlan plan, CancellationToken cancellationToken)
    {
        // GATES: the local rules and the remote reads (client profile, eligibility) at the same time; every
        // refusal of either is reported at once (422), and a dependency that does not answer is a 503.
        var local = LocalRefusalsAsync(plan, cancellationToken);
        var remote = gates.CheckAsync(plan, cancellationToken);
        await Task.WhenAll(local, remote);
        ThrowIfRefused(plan, [.. await local, .. await remote]);

        // HOLD (reservation saga, step 1): Referrals refuses with its own code and reasons; nothing is held then.
        await gates.HoldAsync(plan, cancellationToken);

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

        // CONFIRM HOLD: the appointments are committed. A confirmation that fails here is retried through the outbox.
        await gates.ConfirmAsync(plan, CancellationToken.None);

        var zone = plan.Location.Zone;
        return booked.Select(a => AppointmentView.From(a, zone)).ToList();
    }

    /// <summary>Opening hours and shifts for every visit, as refusals naming their date.</summary>
    private async Task<IReadOnlyList<GateRefusal>> LocalRefusalsAsync(BookingPlan plan, CancellationToken cancellationToken)
    {
        var zone = plan.Location.Zone;
        // A remembered shift that holds every visit is proof enough; anything less asks the database, where a shift
        // may have been added since, and where the refusal's message finds that day's shifts.
        var shifts = knownShifts.Holding(plan.PractitionerId, plan.Location.Id, plan.Visits.Select(v => v.Period));
        if (shifts is null)
        {
            shifts = await ShiftsAsync(plan, cancellationToken);
            knownShifts.Remember(plan.PractitionerId, plan.Location.Id, shifts);
        }

        return plan.Visits
            .SelectMany(visit => LocalBookingRules.Check(visit.Period, zone, plan.Location.OpeningHours, shifts)
                .Select(refusal => new GateRefusal(refusal.Code, refusal.Reason, visit.LocalDate)))
            .ToList();
    }

    /// <summary>
    /// One 422 with every refusal: <c>code</c> is the first one's, <c>reasons</c> lists all (prefixed with their date in a
    /// series), and <c>failures</c> lists those that concern one date. Nothing is held or written.
    /// </summary>
    private static void ThrowIfRefused(BookingPlan plan, IReadOnlyList<GateRefusal> refusals)
    {
        if (refusals.Count == 0) return;
        var series = plan.SeriesId is not null;
        var zone = plan.Location.Zone;
        var starts = plan.Visits.ToLookup(v => v.LocalDate, v => ZonedTime.ToLocal(v.Period.Start, zone));
        var failures = refusals.Where(r => r.Date is not null)
            .SelectMany(r => starts[r.Date!.Value].Select(start => new BookingFailure(r.Date.Value, start, r.Code, r.Reason)))
            .ToList();
        var refusedDates = refusals.Any(r => r.Date is null) ? plan.Visits.Count : failures.Select(f => f.Date).Distinct().Count();
        throw new BusinessRuleException(
            refusals[0].Code,
            refusals.Select(r => series && r.Date is { } date ? $"{date:yyyy-MM-dd}: {r.Code}: {r.Reason}" : $"{r.Code}: {r.Reason}").ToList(),
            series ? $"Nothing was booked: {refusedDates} of {plan.Visits.Count} dates are refused." : "Nothing was booked.",
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
