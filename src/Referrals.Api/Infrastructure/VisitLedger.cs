using Npgsql;
using NpgsqlTypes;
using Platform.ServiceDefaults.Problems;
using Referrals.Api.Domain;

namespace Referrals.Api.Infrastructure;

/// <summary>
/// The counted visits of referrals, on the booking hot path, in SQL. Every change runs in one transaction that
/// first takes the referral's row lock (so the holds of one referral are decided one at a time, and holds of
/// different referrals never wait for each other), marks the referral's lapsed holds expired, reads the counts,
/// lets the domain rules decide, and writes. The counts themselves are moved only by a trigger on
/// <c>visit_holds</c>, and a CHECK on <c>referrals</c> refuses used + held above authorized whatever the code does.
/// </summary>
public sealed class VisitLedger(NpgsqlDataSource dataSource)
{
    /// <summary>What one decision sees, under the referral's lock, with lapsed holds already expired.</summary>
    public sealed record Snapshot(HoldTerms Terms, VisitAccount Account, IReadOnlyDictionary<Guid, VisitHold> Holds);

    /// <summary>A hold to write: the state it moves to (and its date and lapse time).</summary>
    public sealed record HoldWrite(Guid AppointmentId, DateOnly VisitDate, HoldState State, DateTimeOffset? ExpiresAt)
    {
        public VisitHold ToHold() => new(AppointmentId, State, VisitDate, ExpiresAt);
    }

    public sealed record Outcome(VisitAccount Account, IReadOnlyDictionary<Guid, VisitHold> Holds);

    private const string LockSql = "SELECT status, client_id, start_date, expires_on FROM referrals WHERE id = $1 FOR NO KEY UPDATE";

    // Answers how many holds it expired, so every statement of the batch has a result set to step over.
    private const string SweepSql = """
        WITH swept AS (
            UPDATE visit_holds SET state = 'expired', updated_at = $2
            WHERE referral_id = $1 AND state = 'held' AND expires_at <= $2
            RETURNING 1)
        SELECT count(*) FROM swept
        """;

    private const string CountsSql = "SELECT authorized_visits, visits_used, visits_held FROM referrals WHERE id = $1";

    private const string HoldsSql = """
        SELECT appointment_id, state, visit_date, expires_at FROM visit_holds
        WHERE referral_id = $1 AND appointment_id = ANY($2)
        """;

    // One statement for every change of a hold. held_at, confirmed_at, consumed_at and released_at record when the
    // hold last entered that state; the trigger moves the referral's counts from the old state to the new one.
    // Like the sweep it answers a count, so the counts that follow are the batch's second result set.
    private const string WriteSql = """
        WITH written AS (
        INSERT INTO visit_holds AS h (referral_id, appointment_id, visit_date, state, held_at, expires_at, updated_at)
        SELECT $1, w.appointment_id, w.visit_date, w.state, $2, w.expires_at, $2
        FROM unnest($3::uuid[], $4::date[], $5::text[], $6::timestamptz[]) AS w(appointment_id, visit_date, state, expires_at)
        ON CONFLICT (referral_id, appointment_id) DO UPDATE SET
            visit_date = EXCLUDED.visit_date,
            state = EXCLUDED.state,
            expires_at = EXCLUDED.expires_at,
            held_at = CASE WHEN EXCLUDED.state = 'held' AND h.state <> 'held' THEN $2 ELSE h.held_at END,
            confirmed_at = CASE WHEN EXCLUDED.state = 'confirmed' AND h.state <> 'confirmed' THEN $2 ELSE h.confirmed_at END,
            consumed_at = CASE WHEN EXCLUDED.state = 'consumed' AND h.state <> 'consumed' THEN $2 ELSE h.consumed_at END,
            released_at = CASE WHEN EXCLUDED.state = 'released' AND h.state <> 'released' THEN $2 ELSE h.released_at END,
            updated_at = $2
        RETURNING 1)
        SELECT count(*) FROM written
        """;

    /// <summary>
    /// Locks the referral, lets <paramref name="decide"/> choose the writes from what it sees (it throws to refuse:
    /// nothing is written), writes them and commits. Returns the counts and the appointments' holds afterwards.
    /// </summary>
    public async Task<Outcome> ChangeAsync(Guid referralId, IReadOnlyCollection<Guid> appointmentIds, DateTimeOffset now,
        Func<Snapshot, IReadOnlyList<HoldWrite>> decide, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = appointmentIds.ToArray();

        await using var read = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command(LockSql, Id(referralId)),
                Command(SweepSql, Id(referralId), Instant(now)),
                Command(CountsSql, Id(referralId)),
                Command(HoldsSql, Id(referralId), new NpgsqlParameter<Guid[]> { TypedValue = ids }),
            },
        };
        HoldTerms terms;
        VisitAccount account;
        var holds = new Dictionary<Guid, VisitHold>(ids.Length);
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken)) throw new NotFoundException("Referral", referralId);
            terms = new HoldTerms(LowerCaseEnumConverter<ReferralStatus>.Parse(reader.GetString(0)),
                reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetFieldValue<DateOnly>(2), reader.GetFieldValue<DateOnly>(3));
            await reader.NextResultAsync(cancellationToken); // the sweep
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            account = ReadAccount(reader);
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var hold = new VisitHold(reader.GetGuid(0), LowerCaseEnumConverter<HoldState>.Parse(reader.GetString(1)),
                    reader.GetFieldValue<DateOnly>(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3));
                holds[hold.AppointmentId] = hold;
            }
        }

        var writes = decide(new Snapshot(terms, account, holds));
        if (writes.Count > 0)
        {
            account = await WriteAsync(connection, transaction, referralId, now, writes, cancellationToken);
            foreach (var write in writes) holds[write.AppointmentId] = write.ToHold();
        }

        // Also when nothing was decided: the sweep's expiries are worth keeping.
        await transaction.CommitAsync(cancellationToken);
        return new Outcome(account, holds);
    }

    private static async Task<VisitAccount> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid referralId,
        DateTimeOffset now, IReadOnlyList<HoldWrite> writes, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command(WriteSql, Id(referralId), Instant(now),
                    new NpgsqlParameter<Guid[]> { TypedValue = writes.Select(w => w.AppointmentId).ToArray() },
                    new NpgsqlParameter<DateOnly[]> { TypedValue = writes.Select(w => w.VisitDate).ToArray() },
                    new NpgsqlParameter<string[]> { TypedValue = writes.Select(w => LowerCaseEnumConverter<HoldState>.Code(w.State)).ToArray() },
                    new NpgsqlParameter { Value = writes.Select(w => (object?)w.ExpiresAt?.ToUniversalTime() ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz }),
                Command(CountsSql, Id(referralId)),
            },
        };
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return ReadAccount(reader);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation && ex.ConstraintName == ReferralConfiguration.VisitsWithinAuthorized)
        {
            // Unreachable while the rules and the lock agree; the database is the last word if they ever do not.
            throw new BusinessRuleException(ReferralRules.Exhausted, [ReferralRules.Exhausted], "Every authorized visit is used or held.");
        }
    }

    private static VisitAccount ReadAccount(NpgsqlDataReader reader) => new(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter<Guid> Id(Guid id) => new() { TypedValue = id };

    private static NpgsqlParameter<DateTimeOffset> Instant(DateTimeOffset instant) => new() { TypedValue = instant.ToUniversalTime() };
}
