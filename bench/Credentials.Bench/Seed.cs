extern alias credentials;

using Npgsql;

namespace Credentials.Bench;

/// <summary>
/// Loads a chain-sized credentials database with SQL: 10,000 practitioners, 30,000 licences (three each, in
/// three of the twelve jurisdictions the chain operates in), their verification records and certifications.
/// The mix is deterministic: 80 % active, verified and current; 8 % lapsed; 6 % never verified; 2 % with a
/// discrepancy; 2 % suspended; 2 % revoked. 40 % hold NCBTMB, about 14 % MLD (a third of those expired),
/// 10 % PRENATAL.
/// </summary>
public static class Seed
{
    public static readonly string[] Jurisdictions =
        ["US-FL", "US-TX", "US-CA", "US-NY", "US-GA", "US-IL", "US-WA", "US-AZ", "US-NC", "CA-ON", "CA-BC", "CA-AB"];

    private const string Sql = """
        INSERT INTO practitioners (id, first_name, last_name, email, npi, created_at)
        SELECT gen_random_uuid(), 'Bench', 'Practitioner ' || n, 'bench' || n || '@clinic.example', NULL, now()
          FROM generate_series(1, @practitioners) AS n;

        CREATE TEMP TABLE numbered AS
        SELECT id, row_number() OVER (ORDER BY last_name, id) AS n FROM practitioners;

        INSERT INTO licenses (id, practitioner_id, jurisdiction, license_type, license_number, issuing_board, issued_on, expires_on,
                              status, status_reason, status_changed_at, verification, verification_checked_on, created_at)
        SELECT gen_random_uuid(), id, jurisdiction,
               CASE WHEN jurisdiction LIKE 'CA-%' THEN 'RMT' ELSE 'LMT' END,
               'BN' || serial, 'Board of massage therapy, ' || jurisdiction,
               expires_on - 730, expires_on,
               CASE WHEN bucket >= 98 THEN 'revoked' WHEN bucket >= 96 THEN 'suspended' ELSE 'active' END,
               CASE WHEN bucket >= 96 THEN 'Board order' END,
               now(),
               CASE WHEN bucket BETWEEN 88 AND 93 THEN 'unverified' WHEN bucket BETWEEN 94 AND 95 THEN 'discrepancy' ELSE 'verified' END,
               CASE WHEN bucket BETWEEN 88 AND 93 THEN NULL ELSE GREATEST(expires_on - 730, @today - 30) END,
               now()
          FROM (
                SELECT p.id, p.n * 3 + k AS serial,
                       (@jurisdictions)[1 + ((p.n + k * 5) % 12)] AS jurisdiction,
                       abs(hashtext('b' || (p.n * 3 + k))) % 100 AS bucket,
                       CASE WHEN abs(hashtext('b' || (p.n * 3 + k))) % 100 BETWEEN 80 AND 87
                            THEN @today - (1 + abs(hashtext('e' || (p.n * 3 + k))) % 400)
                            ELSE @today + (15 + abs(hashtext('e' || (p.n * 3 + k))) % 715) END AS expires_on
                  FROM numbered p, generate_series(0, 2) AS k
               ) AS l;

        INSERT INTO license_verifications (id, license_id, practitioner_id, source, verified_on, outcome, notes, verifier, recorded_at)
        SELECT gen_random_uuid(), id, practitioner_id, 'Board online lookup', verification_checked_on,
               CASE verification WHEN 'discrepancy' THEN 'discrepancy' ELSE 'verified' END, NULL, 'bench-loader', now()
          FROM licenses WHERE verification <> 'unverified';

        INSERT INTO certifications (id, practitioner_id, code, issued_on, expires_on, created_at)
        SELECT gen_random_uuid(), id, 'NCBTMB', @today - 400, @today + 330, now() FROM numbered WHERE n % 5 IN (0, 1)
        UNION ALL
        SELECT gen_random_uuid(), id, 'MLD', @today - 900,
               CASE WHEN n % 3 = 0 THEN @today - 100 ELSE NULL END, now() FROM numbered WHERE n % 7 = 0
        UNION ALL
        SELECT gen_random_uuid(), id, 'PRENATAL', @today - 200, NULL, now() FROM numbered WHERE n % 10 = 3;

        ANALYZE;
        """;

    public static async Task LoadAsync(string connectionString, int practitioners, DateOnly today)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Sql, connection) { CommandTimeout = 300 };
        command.Parameters.AddWithValue("practitioners", practitioners);
        command.Parameters.AddWithValue("today", today);
        command.Parameters.AddWithValue("jurisdictions", Jurisdictions);
        await command.ExecuteNonQueryAsync();
    }
}

internal static class DateFormat
{
    public static string ToIso(this DateOnly date) => credentials::Credentials.Api.Domain.IsoDate.Of(date);
}
