using Bogus;
using Clients.Api.Domain;
using Npgsql;

namespace Clients.Bench;

/// <summary>
/// Loads clients with one set-based INSERT ... SELECT over generate_series: names drawn from Bogus's
/// name lists of several locales (accented, multi-word, apostrophes), their search keys computed by the
/// service's own <see cref="SearchKeys"/> and passed in as arrays, so search works on the loaded rows
/// exactly as on registered ones. The secondary indexes are dropped for the load and rebuilt from their
/// own definitions afterwards (faster than maintaining them row by row), then the table is analyzed.
/// </summary>
internal static class ClientLoader
{
    private static readonly string[] Locales = ["en_US", "es", "es_MX", "fr", "de", "pt_BR", "it", "pl", "vi", "sv", "nl", "tr", "en_IE", "cz"];

    public static async Task LoadAsync(string connectionString, int count)
    {
        var (firstNames, lastNames) = Names();
        Console.WriteLine($"{firstNames.Count:N0} distinct first names, {lastNames.Count:N0} distinct last names");

        await using var connection = new NpgsqlConnection(connectionString + ";Command Timeout=0");
        await connection.OpenAsync();
        await Execute(connection, "SET maintenance_work_mem = '256MB'");

        var indexes = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'clients' AND indexname <> 'pk_clients'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) indexes.Add(reader.GetString(1));
        }

        foreach (var definition in indexes)
        {
            await Execute(connection, "DROP INDEX " + definition.Split(' ')[2]);
        }

        await Execute(connection, "SELECT setseed(0.4242)");
        await using (var insert = new NpgsqlCommand(InsertSql, connection))
        {
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = firstNames.Select(n => n.Name).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = firstNames.Select(n => n.Key).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = lastNames.Select(n => n.Name).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = lastNames.Select(n => n.Key).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = Enumerable.Range(0, 40).Select(_ => Guid.CreateVersion7()).ToArray() });
            await insert.ExecuteNonQueryAsync();
        }

        foreach (var definition in indexes) await Execute(connection, definition);
        await Execute(connection, "VACUUM ANALYZE clients");
    }

    /// <summary>
    /// $1 count, $2/$3 first names and their keys, $4/$5 last names and their keys, $6 location ids.
    /// Keys are combined the way <see cref="SearchKeys.LastFirst"/> and <see cref="SearchKeys.FirstLast"/> do.
    /// Last names are skewed (a few are very common, as in life); one in ten clients has no phone, one
    /// in five no email.
    /// </summary>
    private const string InsertSql = """
        INSERT INTO clients (id, first_name, last_name, date_of_birth, email, phone, home_location_id,
                             name_last_first, name_first_last, conditions, medications, contraindications,
                             created_at, created_by, updated_at, updated_by)
        SELECT gen_random_uuid(), $2[f], $4[l],
               DATE '1930-01-01' + (random() * 32000)::int,
               CASE WHEN random() < 0.8 THEN replace($3[f], ' ', '') || '.' || replace($5[l], ' ', '') || g || '@'
                    || (ARRAY['example.com', 'mail.example.org', 'clinic.example.net'])[1 + (g % 3)] END,
               CASE WHEN random() < 0.9 THEN '+1' || (201 + (random() * 780)::int) || (200 + (random() * 799)::int)
                    || lpad((random() * 9999)::int::text, 4, '0') END,
               $6[1 + (g % array_length($6, 1))],
               $5[l] || ' ' || $3[f], $3[f] || ' ' || $5[l],
               '{}', '{}', '{}', now(), 'bench', now(), 'bench'
        FROM (
            SELECT g,
                   1 + floor(random() * array_length($2, 1))::int AS f,
                   1 + floor(power(random(), 2) * array_length($4, 1))::int AS l
            FROM generate_series(1, $1) AS g
        ) AS drawn
        """;

    private static (List<(string Name, string Key)> First, List<(string Name, string Key)> Last) Names()
    {
        var first = new HashSet<string>(StringComparer.Ordinal);
        var last = new HashSet<string>(StringComparer.Ordinal);
        foreach (var locale in Locales)
        {
            var faker = new Faker(locale) { Random = new Randomizer(42) };
            for (var i = 0; i < 3000; i++)
            {
                first.Add(faker.Name.FirstName());
                last.Add(faker.Name.LastName());
            }
        }

        static List<(string, string)> Keyed(IEnumerable<string> names) =>
            names.Where(InputRules.IsName).Select(n => (n, SearchKeys.Normalize(n))).Where(n => n.Item2.Length > 0).OrderBy(n => n.Item2, StringComparer.Ordinal).ToList();

        // Shuffled, so that the skew makes some names common rather than the ones early in the alphabet.
        var shuffled = Keyed(last);
        new Random(7).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));
        return (Keyed(first), shuffled);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
