using Npgsql;

namespace Referrals.Bench;

/// <summary>Active referrals loaded with set-based SQL (no HTTP): one physician, many referrals, one of them hot.</summary>
internal static class ReferralData
{
    /// <summary>The hot referral's authorization: large enough that every hold of the run is granted.</summary>
    public const int HotAuthorized = 1_000_000;

    /// <summary>Each of the many: a year of daily visits (the most a prescription may authorize), so none runs out during a run.</summary>
    public const int ManyAuthorized = 364;

    public sealed record ActiveReferral(Guid Id, Guid ClientId);

    /// <summary>Inserts <paramref name="count"/> active referrals plus the hot one; returns the hot one first, then the others.</summary>
    public static async Task<IReadOnlyList<ActiveReferral>> LoadAsync(string connectionString, int count, DateOnly today)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using (var physician = new NpgsqlCommand("""
            INSERT INTO physicians (id, npi, first_name, last_name, credential, practice_name, phone, fax, registered_at, registered_by)
            VALUES ('0197a1f2-0000-7000-8000-000000000001', '1234567893', 'Maya', 'Okafor', 'MD', 'Bayside Orthopedics',
                    '+13055550142', '+13055550143', now(), 'bench')
            """, db))
        {
            await physician.ExecuteNonQueryAsync();
        }

        await using (var insert = new NpgsqlCommand("""
            INSERT INTO referrals (id, physician_id, client_id, diagnoses, cpt_codes, body_regions, frequency_per_week, duration_weeks,
                authorized_visits, session_minutes, start_date, expires_on, attested_by, attested_at, status, submitted_at, submitted_by,
                idempotency_key, request_hash, accepted_at, accepted_by)
            SELECT gen_random_uuid(), '0197a1f2-0000-7000-8000-000000000001', gen_random_uuid(), ARRAY['M54.50'], ARRAY['97124'],
                ARRAY['lower-back'], 7, 52, CASE WHEN n = 0 THEN $1 ELSE $2 END, 60, $3, $4, 'Maya Okafor, MD', now(), 'active', now(),
                'bench', 'bench-' || n, repeat('0', 64), now(), 'bench'
            FROM generate_series(0, $5) AS n
            """, db))
        {
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = HotAuthorized });
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ManyAuthorized });
            insert.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = today.AddDays(-1) });
            insert.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = today.AddDays(300) });
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
            await insert.ExecuteNonQueryAsync();
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE", db))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        var referrals = new List<ActiveReferral>(count + 1);
        await using var read = new NpgsqlCommand("SELECT id, client_id FROM referrals ORDER BY authorized_visits DESC, id", db);
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync()) referrals.Add(new ActiveReferral(reader.GetGuid(0), reader.GetGuid(1)));
        return referrals;
    }

    /// <summary>For the report: holds and counts stored afterwards, and whether any referral exceeds its authorization.</summary>
    public static async Task<string> SummaryAsync(string connectionString, Guid hot)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM visit_holds),
                   (SELECT count(*) FROM visit_holds WHERE referral_id = $1),
                   (SELECT visits_held + visits_used FROM referrals WHERE id = $1),
                   (SELECT count(*) FROM referrals WHERE visits_used + visits_held > authorized_visits),
                   (SELECT count(*) FROM referrals r WHERE visits_held + visits_used <>
                        (SELECT count(*) FROM visit_holds h WHERE h.referral_id = r.id AND h.state IN ('held', 'confirmed', 'consumed')))
            """, db);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = hot });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"{reader.GetInt64(0):N0} holds stored, {reader.GetInt64(1):N0} of them on the hot referral (its used + held: {reader.GetInt32(2):N0}); " +
               $"referrals over their authorization: {reader.GetInt64(3)}; referrals whose counts differ from their holds: {reader.GetInt64(4)}";
    }
}
