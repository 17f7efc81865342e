using Npgsql;

namespace Scheduling.Bench;

/// <summary>
/// A clinic chain loaded with SQL: 50 locations across the four mainland US zones, 6 rooms each
/// (300), 10 practitioners each (500) working 8-hour weekday shifts (early 08:00-16:00 or late
/// 12:00-20:00 local) for 6 weeks, and about two thirds of every shift hour booked (one-hour
/// appointments, a room each while rooms last; 5 % of them cancelled).
/// </summary>
internal static class ChainData
{
    public const int Locations = 50;
    public const int RoomsPerLocation = 6;
    public const int PractitionersPerLocation = 10;
    public const int Weeks = 6;

    private static readonly (string Zone, string Jurisdiction)[] Zones =
    [
        ("America/New_York", "US-NY"), ("America/Chicago", "US-IL"), ("America/Denver", "US-CO"), ("America/Los_Angeles", "US-CA"),
    ];

    /// <summary>Loads the chain starting on <paramref name="firstDay"/> (a Monday) and returns the row counts.</summary>
    public static async Task<string> LoadAsync(string connectionString, DateOnly firstDay)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();

        async Task Run(string sql, params object[] parameters)
        {
            await using var command = new NpgsqlCommand(sql, db) { CommandTimeout = 600 };
            foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
            await command.ExecuteNonQueryAsync();
        }

        await Run("""
            INSERT INTO locations (id, name, time_zone, jurisdiction, address_line1, address_city, address_postal_code, created_at)
            SELECT gen_random_uuid(), 'Clinic ' || n, ($2::text[])[1 + n % 4], ($3::text[])[1 + n % 4], n || ' Main Street', 'City ' || n, lpad(n::text, 5, '0'), now()
            FROM generate_series(1, $1) n
            """, Locations, Zones.Select(z => z.Zone).ToArray(), Zones.Select(z => z.Jurisdiction).ToArray());
        await Run("""
            INSERT INTO location_opening_hours (location_id, day_of_week, opens, closes)
            SELECT l.id, d, '08:00', '20:00' FROM locations l, generate_series(1, 6) d
            """);
        await Run("""
            INSERT INTO rooms (id, location_id, name, created_at)
            SELECT gen_random_uuid(), l.id, 'Room ' || r, now() FROM locations l, generate_series(1, $1) r
            """, RoomsPerLocation);
        // Practitioner k of a location works early (08-16) when k is odd, late (12-20) when even, Monday to Friday.
        await Run("""
            INSERT INTO shifts (id, practitioner_id, location_id, starts_at, ends_at, created_at)
            SELECT gen_random_uuid(), p.id, p.location_id,
                   (day + CASE WHEN p.k % 2 = 1 THEN time '08:00' ELSE time '12:00' END) AT TIME ZONE p.time_zone,
                   (day + CASE WHEN p.k % 2 = 1 THEN time '16:00' ELSE time '20:00' END) AT TIME ZONE p.time_zone,
                   now()
            FROM (SELECT gen_random_uuid() AS id, l.id AS location_id, l.time_zone, k FROM locations l, generate_series(1, $1) k) p,
                 (SELECT d::date AS day FROM generate_series($2::date, $2::date + ($3 * 7 - 1), interval '1 day') d) days
            WHERE extract(isodow FROM day) BETWEEN 1 AND 5
            """, PractitionersPerLocation, firstDay, Weeks);
        // Two thirds of the shift hours are booked, each with its own room while the location's rooms last.
        await Run("""
            WITH wanted AS (
                SELECT s.practitioner_id, s.location_id, h AS starts_at, random() < 0.05 AS cancelled,
                       row_number() OVER (PARTITION BY s.location_id, h ORDER BY s.practitioner_id) AS n
                FROM shifts s, generate_series(s.starts_at, s.ends_at - interval '1 hour', interval '1 hour') h
                WHERE random() < 0.67),
            rooms_numbered AS (
                SELECT id, location_id, row_number() OVER (PARTITION BY location_id ORDER BY name) AS n FROM rooms)
            INSERT INTO appointments (id, client_id, practitioner_id, location_id, room_id, starts_at, ends_at, service,
                                      referral_id, technique, status, cancellation_reason, series_id, created_at, status_changed_at)
            SELECT gen_random_uuid(), gen_random_uuid(), w.practitioner_id, w.location_id, r.id, w.starts_at, w.starts_at + interval '1 hour',
                   'treatment-60', NULL, 'swedish', CASE WHEN w.cancelled THEN 'cancelled' ELSE 'booked' END,
                   CASE WHEN w.cancelled THEN 'Client rescheduled' END, NULL, now(), now()
            FROM wanted w
            JOIN rooms_numbered r ON r.location_id = w.location_id AND r.n = w.n
            """);
        await Run("ANALYZE");

        await using var counts = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM locations), (SELECT count(*) FROM rooms), (SELECT count(DISTINCT practitioner_id) FROM shifts),
                   (SELECT count(*) FROM shifts), (SELECT count(*) FROM appointments), (SELECT count(*) FROM appointments WHERE status = 'cancelled')
            """, db);
        await using var reader = await counts.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"{reader.GetInt64(0)} locations, {reader.GetInt64(1)} rooms, {reader.GetInt64(2)} practitioners, {reader.GetInt64(3)} shifts, " +
               $"{reader.GetInt64(4)} appointments ({reader.GetInt64(5)} cancelled), {Weeks} weeks from {firstDay:yyyy-MM-dd}";
    }

    /// <summary>Location ids, for picking a location per search.</summary>
    public static async Task<Guid[]> LocationIdsAsync(string connectionString)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM locations ORDER BY id", db);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids.ToArray();
    }

    /// <summary>
    /// Free hours to book: (practitioner, location, start) where the practitioner's shift has no
    /// appointment yet, shuffled, so concurrent bookers mostly ask for different things, as front desks do.
    /// Rooms may still run out at busy hours (<c>no_room_free</c>), as they would.
    /// </summary>
    public static async Task<List<(Guid Practitioner, Guid Location, DateTimeOffset Start)>> FreeHoursAsync(string connectionString, DateTimeOffset after)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT s.practitioner_id, s.location_id, h
            FROM shifts s, generate_series(s.starts_at, s.ends_at - interval '1 hour', interval '1 hour') h
            WHERE h > $1 AND NOT EXISTS (
                SELECT 1 FROM appointments a WHERE a.practitioner_id = s.practitioner_id AND a.status <> 'cancelled'
                  AND tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(h, h + interval '1 hour', '[)'))
            ORDER BY random()
            """, db);
        command.Parameters.Add(new NpgsqlParameter { Value = after.ToUniversalTime() });
        var free = new List<(Guid, Guid, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) free.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2)));
        return free;
    }
}
