using Npgsql;
using Platform.Events;
using Platform.ServiceDefaults.Problems;
using Scheduling.Api.Domain;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Features.Appointments;

/// <summary>
/// Writes the appointments of a plan in one transaction, all or nothing. PostgreSQL's exclusion
/// constraints decide double booking (there is no read-then-write check); each refused visit is
/// recorded with the constraint's code and the whole plan is rolled back, naming every refused date.
/// When no room is given, the free rooms of the location are tried in name order: a room taken by
/// someone else meanwhile moves on to the next one, and none left is <c>no_room_free</c>. A named room, the usual
/// case, is booked in a single round trip.
/// </summary>
internal sealed class AppointmentStore(NpgsqlDataSource dataSource, EventOutbox outbox)
{
    private const int DeadlockRetries = 5;

    private const string Insert = """
        INSERT INTO appointments (id, client_id, practitioner_id, location_id, room_id, starts_at, ends_at, service,
                                  referral_id, technique, status, cancellation_reason, series_id, created_at, status_changed_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'booked', NULL, $11, $12, $12)
        """;

    private const string FreeRooms = """
        SELECT r.id FROM rooms r
        WHERE r.location_id = $1
          AND NOT EXISTS (SELECT 1 FROM appointments a
                          WHERE a.room_id = r.id AND a.status <> 'cancelled'
                            AND tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange($2, $3, '[)'))
        ORDER BY lower(r.name), r.id
        """;

    public async Task<IReadOnlyList<Appointment>> InsertAsync(BookingPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (plan.RoomId is { } room)
        {
            var appointments = plan.Visits.Select(visit => NewAppointment(plan, visit, room, now)).ToList();
            var code = await TryInsertAtOnceAsync(plan, appointments, cancellationToken);
            if (code is null) return appointments;
            if (plan.Visits.Count == 1) throw Conflict(plan, [BookingFailure.Conflict(plan.Visits[0], code, plan.Location.Zone)]);
            // A series met a conflict: nothing was written. Visit by visit, below, names every refused date.
        }

        return await InsertVisitByVisitAsync(plan, now, cancellationToken);
    }

    /// <summary>
    /// The booking of a named room in one round trip: locks, every visit and its outbox event in one batch, which
    /// PostgreSQL runs as one implicit transaction. Any refusal skips the rest and rolls back all of it.
    /// </summary>
    /// <returns>null when committed, otherwise the conflict code of the first constraint that refused a visit.</returns>
    private async Task<string?> TryInsertAtOnceAsync(BookingPlan plan, IReadOnlyList<Appointment> appointments, CancellationToken cancellationToken)
    {
        // Every visit of a plan has the same practitioner, room and client: one set of locks covers them all.
        var locks = LockKeys(appointments[0]).ToList();
        var onReferral = appointments.Where(a => a.ReferralId is not null).ToList();
        for (var attempt = 1; ; attempt++)
        {
            await using var batch = dataSource.CreateBatch();
            foreach (var key in locks) batch.BatchCommands.Add(LockCommand(key));
            foreach (var appointment in appointments) batch.BatchCommands.Add(InsertCommand(appointment));
            foreach (var appointment in onReferral)
            {
                batch.BatchCommands.Add(outbox.InsertCommand(appointment.Id, AppointmentEvents.Booked(AppointmentView.From(appointment, plan.Location.Zone))));
            }

            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
                if (onReferral.Count > 0) outbox.Committed();
                return null;
            }
            catch (PostgresException ex) when (Constraints.BookingConflict(ex) is { } code)
            {
                return code;
            }
            catch (PostgresException ex) when (Constraints.IsDeadlock(ex) && attempt < DeadlockRetries)
            {
            }
        }
    }

    /// <summary>
    /// One visit at a time, each behind a savepoint, in one transaction: a free room is assigned when none was named,
    /// and every refused date is recorded before the whole plan is rolled back.
    /// </summary>
    private async Task<IReadOnlyList<Appointment>> InsertVisitByVisitAsync(BookingPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var booked = new List<Appointment>(plan.Visits.Count);
        var failures = new List<BookingFailure>();
        var zone = plan.Location.Zone;

        foreach (var visit in plan.Visits)
        {
            IReadOnlyList<Guid> rooms = plan.RoomId is { } asked ? [asked] : await FreeRoomsAsync(connection, plan.Location.Id, visit.Period, cancellationToken);
            var code = Constraints.NoRoomFree;
            foreach (var room in rooms)
            {
                var appointment = NewAppointment(plan, visit, room, now);
                code = await TryInsertAsync(connection, transaction, appointment, cancellationToken);
                if (code is null)
                {
                    booked.Add(appointment);
                    break;
                }

                // Someone took this room meanwhile: an assigned room may be swapped for the next free one.
                if (code != Constraints.RoomBusy || plan.RoomId is not null) break;
                code = Constraints.NoRoomFree;
            }

            if (code is not null) failures.Add(BookingFailure.Conflict(visit, code, zone));
        }

        if (failures.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            throw Conflict(plan, failures);
        }

        // OUTBOX: an appointment on a referral publishes AppointmentBooked with it, so its visit hold is confirmed even
        // if the booking's own confirmation never reaches Referrals (the saga's last step, made durable).
        var onReferral = booked.Where(a => a.ReferralId is not null).ToList();
        foreach (var appointment in onReferral)
        {
            await outbox.WriteAsync(transaction, appointment.Id, AppointmentEvents.Booked(AppointmentView.From(appointment, zone)), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (onReferral.Count > 0) outbox.Committed();
        return booked;
    }

    /// <returns>null when inserted, otherwise the conflict code of the constraint that refused it.</returns>
    private static async Task<string?> TryInsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Appointment a, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT visit"));
            foreach (var key in LockKeys(a)) batch.BatchCommands.Add(LockCommand(key));
            batch.BatchCommands.Add(InsertCommand(a));
            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
                return null;
            }
            catch (PostgresException ex) when (Constraints.BookingConflict(ex) is not null || Constraints.IsDeadlock(ex))
            {
                await using var rollback = new NpgsqlCommand("ROLLBACK TO SAVEPOINT visit", connection, transaction);
                await rollback.ExecuteNonQueryAsync(cancellationToken);
                if (Constraints.IsDeadlock(ex) && attempt < DeadlockRetries) continue;
                return Constraints.BookingConflict(ex) ?? throw new InvalidOperationException("Booking kept deadlocking.", ex);
            }
        }
    }

    /// <summary>
    /// Transaction-level advisory locks on the practitioner, the room and the client, taken in a fixed order
    /// before the insert. They only queue concurrent bookings of the same practitioner, room or client, so
    /// each insert meets its competitors already committed: the exclusion constraint then answers at once,
    /// instead of two uncommitted inserts waiting on each other until PostgreSQL breaks the deadlock a
    /// second later. The constraints remain the judge; the locks decide nothing.
    /// </summary>
    private static IEnumerable<long> LockKeys(Appointment a) =>
        new[] { LockKey(1, a.PractitionerId), LockKey(2, a.RoomId), LockKey(3, a.ClientId) }.Distinct().Order();

    private static NpgsqlBatchCommand LockCommand(long key) =>
        new("SELECT pg_advisory_xact_lock($1)") { Parameters = { new() { Value = key } } };

    private static NpgsqlBatchCommand InsertCommand(Appointment a) => new(Insert)
    {
        Parameters =
        {
            new() { Value = a.Id }, new() { Value = a.ClientId }, new() { Value = a.PractitionerId },
            new() { Value = a.LocationId }, new() { Value = a.RoomId }, new() { Value = a.StartsAt },
            new() { Value = a.EndsAt }, new() { Value = WireCode<ServiceCode>.Of(a.Service) },
            new() { Value = (object?)a.ReferralId ?? DBNull.Value },
            new() { Value = a.Technique is { } t ? WireCode<Technique>.Of(t) : DBNull.Value },
            new() { Value = (object?)a.SeriesId ?? DBNull.Value }, new() { Value = a.CreatedAt },
        },
    };

    private static long LockKey(long kind, Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        return BitConverter.ToInt64(bytes[..8]) ^ BitConverter.ToInt64(bytes[8..]) ^ (kind * 0x5851F42D4C957F2DL);
    }

    private static async Task<IReadOnlyList<Guid>> FreeRoomsAsync(NpgsqlConnection connection, Guid locationId, Interval period, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(FreeRooms, connection)
        {
            Parameters = { new() { Value = locationId }, new() { Value = period.Start.ToUniversalTime() }, new() { Value = period.End.ToUniversalTime() } },
        };
        var rooms = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rooms.Add(reader.GetGuid(0));
        return rooms;
    }

    private static Appointment NewAppointment(BookingPlan plan, PlannedVisit visit, Guid roomId, DateTimeOffset now) => new()
    {
        Id = visit.AppointmentId,
        ClientId = plan.ClientId,
        PractitionerId = plan.PractitionerId,
        LocationId = plan.Location.Id,
        RoomId = roomId,
        StartsAt = visit.Period.Start.ToUniversalTime(),
        EndsAt = visit.Period.End.ToUniversalTime(),
        Service = plan.Service,
        ReferralId = plan.ReferralId,
        Technique = plan.Technique,
        Status = AppointmentStatus.Booked,
        SeriesId = plan.SeriesId,
        CreatedAt = now.ToUniversalTime(),
        StatusChangedAt = now.ToUniversalTime(),
    };

    private static ConflictException Conflict(BookingPlan plan, IReadOnlyList<BookingFailure> failures)
    {
        var detail = plan.SeriesId is null
            ? failures[0].Reason + " Nothing was booked."
            : $"Nothing was booked: {failures.Count} of {plan.Visits.Count} dates conflict ({string.Join(", ", failures.Select(f => $"{f.Date:yyyy-MM-dd} {f.Code}"))}).";
        return new ConflictException(failures[0].Code, detail, new Dictionary<string, object?> { ["failures"] = failures });
    }
}
