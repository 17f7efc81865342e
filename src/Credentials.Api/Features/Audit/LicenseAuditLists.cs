using Credentials.Api.Domain;
using FluentValidation;
using Mediator;
using Npgsql;
using Platform.ServiceDefaults.Http;

namespace Credentials.Api.Features.Audit;

/// <summary>A licence in an HQ audit list, with its holder and what it is today in its jurisdiction.</summary>
public sealed record LicenseAuditItem(
    Guid LicenseId,
    Guid PractitionerId,
    string FirstName,
    string LastName,
    string Jurisdiction,
    string LicenseType,
    string LicenseNumber,
    string IssuingBoard,
    DateOnly IssuedOn,
    DateOnly ExpiresOn,
    int DaysUntilExpiry,
    EffectiveLicenseStatus Status,
    string? StatusReason,
    DateTimeOffset StatusChangedAt,
    VerificationStatus Verification,
    DateOnly? VerificationCheckedOn);

/// <summary>Licences (not revoked) expiring between today and today + <see cref="WithinDays"/> in their jurisdiction, soonest first.</summary>
public sealed record ListExpiringLicenses(int? WithinDays, int? Limit, string? Cursor) : IQuery<Page<LicenseAuditItem>>;

/// <summary>Licences in force (not revoked, not lapsed) whose latest verification is not <c>verified</c>: none yet, or a discrepancy. Oldest first.</summary>
public sealed record ListUnverifiedLicenses(int? Limit, string? Cursor) : IQuery<Page<LicenseAuditItem>>;

/// <summary>Suspended and revoked licences (or only <see cref="Status"/>), most recently changed first.</summary>
public sealed record ListSuspendedLicenses(string? Status, int? Limit, string? Cursor) : IQuery<Page<LicenseAuditItem>>;

internal sealed class ListExpiringLicensesValidator : AbstractValidator<ListExpiringLicenses>
{
    public const int DefaultDays = 60;
    public const int MaxDays = 730;

    public ListExpiringLicensesValidator() =>
        RuleFor(x => x.WithinDays).InclusiveBetween(0, MaxDays).WithMessage($"Must be between 0 and {MaxDays} days.");
}

internal sealed class ListSuspendedLicensesValidator : AbstractValidator<ListSuspendedLicenses>
{
    public ListSuspendedLicensesValidator() =>
        RuleFor(x => x.Status).Must(s => s is "suspended" or "revoked").When(x => x.Status is not null).WithMessage("Must be suspended or revoked, or left out for both.");
}

internal sealed class LicenseAuditListHandlers(NpgsqlDataSource dataSource, TimeProvider clock) :
    IQueryHandler<ListExpiringLicenses, Page<LicenseAuditItem>>,
    IQueryHandler<ListUnverifiedLicenses, Page<LicenseAuditItem>>,
    IQueryHandler<ListSuspendedLicenses, Page<LicenseAuditItem>>
{
    private sealed record ExpiringKey(DateOnly ExpiresOn, Guid Id);
    private sealed record UnverifiedKey(Guid Id);
    private sealed record SuspendedKey(DateTimeOffset ChangedAt, Guid Id);

    // $1, $2: each jurisdiction and its calendar day now, so "today" is the jurisdiction's own.
    private const string Select = """
        SELECT l.id, l.practitioner_id, p.first_name, p.last_name, l.jurisdiction, l.license_type, l.license_number, l.issuing_board,
               l.issued_on, l.expires_on, l.expires_on - t.today, l.status, l.status_reason, l.status_changed_at, l.verification,
               l.verification_checked_on, t.today
          FROM licenses l
          JOIN practitioners p ON p.id = l.practitioner_id
          JOIN unnest($1::text[], $2::date[]) AS t(jurisdiction, today) ON t.jurisdiction = l.jurisdiction
        """;

    public async ValueTask<Page<LicenseAuditItem>> Handle(ListExpiringLicenses query, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(query.Limit);
        var after = Cursor.Decode<ExpiringKey>(query.Cursor);
        var rows = await ReadAsync(
            Select + """
             WHERE l.status <> 'revoked' AND l.expires_on BETWEEN t.today AND t.today + $3
               AND ($4::date IS NULL OR (l.expires_on, l.id) > ($4, $5))
             ORDER BY l.expires_on, l.id
             LIMIT $6
            """,
            [query.WithinDays ?? ListExpiringLicensesValidator.DefaultDays, Nullable(after?.ExpiresOn), after?.Id ?? Guid.Empty, limit + 1],
            cancellationToken);
        return Cursor.ToPage(rows, limit, r => new ExpiringKey(r.ExpiresOn, r.LicenseId));
    }

    public async ValueTask<Page<LicenseAuditItem>> Handle(ListUnverifiedLicenses query, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(query.Limit);
        var after = Cursor.Decode<UnverifiedKey>(query.Cursor);
        var rows = await ReadAsync(
            Select + """
             WHERE l.verification <> 'verified' AND l.status <> 'revoked' AND l.expires_on >= t.today
               AND l.id > $3
             ORDER BY l.id
             LIMIT $4
            """,
            [after?.Id ?? Guid.Empty, limit + 1],
            cancellationToken);
        return Cursor.ToPage(rows, limit, r => new UnverifiedKey(r.LicenseId));
    }

    public async ValueTask<Page<LicenseAuditItem>> Handle(ListSuspendedLicenses query, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(query.Limit);
        var after = Cursor.Decode<SuspendedKey>(query.Cursor);
        string[] statuses = query.Status is null ? ["suspended", "revoked"] : [query.Status];
        var rows = await ReadAsync(
            Select + """
             WHERE l.status = ANY($3)
               AND ($4::timestamptz IS NULL OR (l.status_changed_at, l.id) < ($4, $5))
             ORDER BY l.status_changed_at DESC, l.id DESC
             LIMIT $6
            """,
            [statuses, Nullable(after?.ChangedAt), after?.Id ?? Guid.Empty, limit + 1],
            cancellationToken);
        return Cursor.ToPage(rows, limit, r => new SuspendedKey(r.StatusChangedAt, r.LicenseId));
    }

    private static object Nullable<T>(T? value) where T : struct => value.HasValue ? value.Value : DBNull.Value;

    private async Task<List<LicenseAuditItem>> ReadAsync(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = Jurisdictions.All.Select(j => j.Code).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = Jurisdictions.All.Select(j => j.Today(now)).ToArray() });
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });

        var items = new List<LicenseAuditItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var status = WireCodes.Parse<LicenseStatus>(reader.GetString(11));
            var expiresOn = reader.GetFieldValue<DateOnly>(9);
            items.Add(new LicenseAuditItem(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetString(6), reader.GetString(7), reader.GetFieldValue<DateOnly>(8), expiresOn, reader.GetInt32(10),
                License.EffectiveStatusOf(status, expiresOn, reader.GetFieldValue<DateOnly>(16)),
                reader.IsDBNull(12) ? null : reader.GetString(12),
                reader.GetFieldValue<DateTimeOffset>(13),
                WireCodes.Parse<VerificationStatus>(reader.GetString(14)),
                reader.IsDBNull(15) ? null : reader.GetFieldValue<DateOnly>(15)));
        }

        return items;
    }
}
