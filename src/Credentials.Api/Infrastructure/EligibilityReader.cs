using Credentials.Api.Domain;
using Npgsql;
using NpgsqlTypes;

namespace Credentials.Api.Infrastructure;

/// <summary>
/// The facts eligibility is decided on, for one practitioner: licences (with their jurisdiction) and certificates.
/// Filled once when read, then only read (it may be shared from <see cref="EligibilityFactsCache"/>).
/// </summary>
public sealed class PractitionerFacts
{
    public List<(string Jurisdiction, LicenseFacts License)> Licenses { get; } = [];
    public List<CertificationFacts> Certifications { get; } = [];

    public IReadOnlyCollection<LicenseFacts> LicensesIn(string jurisdiction) =>
        Licenses.Where(l => l.Jurisdiction == jurisdiction).Select(l => l.License).ToList();
}

/// <summary>
/// Reads eligibility facts for the booking hot path: one round trip, one statement (prepared by Npgsql after
/// a few uses), every branch on an index. It only fetches; <see cref="EligibilityRules"/> decides.
/// </summary>
public sealed class EligibilityReader(NpgsqlDataSource dataSource)
{
    // Branch 1 says the practitioner exists, 2 brings every licence (ix_licenses_practitioner_id_jurisdiction),
    // 3 every certificate (ux_certifications_code_issued): all of a practitioner's facts, a handful of rows, so
    // they can be cached and serve any jurisdiction and technique (EligibilityFactsCache).
    public const string ForPractitionersSql = """
        SELECT p.id, NULL::text, NULL::text, NULL::text, NULL::text, NULL::date, NULL::date
          FROM practitioners p WHERE p.id = ANY($1)
        UNION ALL
        SELECT l.practitioner_id, l.jurisdiction, l.status, l.verification, NULL, l.issued_on, l.expires_on
          FROM licenses l WHERE l.practitioner_id = ANY($1)
        UNION ALL
        SELECT c.practitioner_id, NULL, NULL, NULL, c.code, c.issued_on, c.expires_on
          FROM certifications c WHERE c.practitioner_id = ANY($1)
        """;

    // Licences of one jurisdiction overlapping the range (ix_licenses_jurisdiction_expires_on), and the
    // required certificates of their holders overlapping it.
    public const string ForJurisdictionSql = """
        WITH held AS (
            SELECT l.practitioner_id, l.jurisdiction, l.status, l.verification, l.issued_on, l.expires_on
              FROM licenses l
             WHERE l.jurisdiction = $1 AND l.expires_on >= $2 AND l.issued_on <= $3
               AND (cardinality($4::uuid[]) = 0 OR l.practitioner_id = ANY($4))
        )
        SELECT practitioner_id, jurisdiction, status, verification, NULL::text, issued_on, expires_on FROM held
        UNION ALL
        SELECT c.practitioner_id, NULL, NULL, NULL, c.code, c.issued_on, c.expires_on
          FROM certifications c
         WHERE c.code = ANY($5) AND c.issued_on <= $3 AND (c.expires_on IS NULL OR c.expires_on >= $2)
           AND c.practitioner_id IN (SELECT practitioner_id FROM held)
        """;

    /// <summary>
    /// Every licence and certificate of the given practitioners that exist (absent from the result: unknown), from the
    /// database. Checks go through <see cref="EligibilityFacts"/>, which caches them.
    /// </summary>
    public async Task<Dictionary<Guid, PractitionerFacts>> ForPractitionersAsync(Guid[] practitionerIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ForPractitionersSql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, TypedValue = practitionerIds });
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>Facts of every practitioner (or of the given ones) holding a licence of the jurisdiction valid during part of the range.</summary>
    public async Task<Dictionary<Guid, PractitionerFacts>> ForJurisdictionAsync(
        string jurisdiction, DateRange range, Guid[] practitionerIds, string[] certificationCodes, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ForJurisdictionSql);
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = jurisdiction });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { NpgsqlDbType = NpgsqlDbType.Date, TypedValue = range.From });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { NpgsqlDbType = NpgsqlDbType.Date, TypedValue = range.To });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, TypedValue = practitionerIds });
        command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = certificationCodes });
        return await ReadAsync(command, cancellationToken);
    }

    private static async Task<Dictionary<Guid, PractitionerFacts>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var facts = new Dictionary<Guid, PractitionerFacts>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            if (!facts.TryGetValue(id, out var practitioner)) facts[id] = practitioner = new PractitionerFacts();
            if (!reader.IsDBNull(1))
            {
                practitioner.Licenses.Add((reader.GetString(1), new LicenseFacts(
                    WireCodes.Parse<LicenseStatus>(reader.GetString(2)),
                    WireCodes.Parse<VerificationStatus>(reader.GetString(3)),
                    reader.GetFieldValue<DateOnly>(5),
                    reader.GetFieldValue<DateOnly>(6))));
            }
            else if (!reader.IsDBNull(4))
            {
                practitioner.Certifications.Add(new CertificationFacts(
                    reader.GetString(4),
                    reader.GetFieldValue<DateOnly>(5),
                    reader.IsDBNull(6) ? null : reader.GetFieldValue<DateOnly>(6)));
            }
        }

        return facts;
    }
}
