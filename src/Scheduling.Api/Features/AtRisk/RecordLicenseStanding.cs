using System.Globalization;
using Credentials.Events;
using Platform.Events;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Features.AtRisk;

/// <summary>
/// Applies Credentials' <c>LicenseStatusChanged</c>: keeps the licence's latest standing (one row per licence). Runs in
/// the inbox's transaction (Platform.Events), so a redelivered event changes nothing; events of one licence arrive in
/// order, and an older one never overwrites a newer one. A malformed event throws: Credentials keeps it and retries.
/// </summary>
internal sealed class RecordLicenseStanding(SchedulingDbContext db) : IEventHandler<LicenseStatusChanged>
{
    public async Task HandleAsync(LicenseStatusChanged @event, EventContext context, CancellationToken cancellationToken)
    {
        var licenseId = Id(@event.LicenseId, "license_id");
        var standing = await db.LicenseStandings.FindAsync([licenseId], cancellationToken);
        if (standing is null)
        {
            standing = new LicenseStanding { LicenseId = licenseId };
            db.LicenseStandings.Add(standing);
        }
        else if (standing.ChangedAt > context.OccurredAt)
        {
            return;
        }

        standing.PractitionerId = Id(@event.PractitionerId, "practitioner_id");
        standing.Jurisdiction = @event.Jurisdiction is { Length: > 0 and <= 5 } jurisdiction ? jurisdiction : throw Malformed("jurisdiction");
        standing.Status = @event.Status is "active" or "suspended" or "revoked" ? @event.Status : throw Malformed("status");
        standing.ExpiresOn = DateOnly.TryParseExact(@event.ExpiresOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiresOn)
            ? expiresOn
            : throw Malformed("expires_on");
        standing.ChangedAt = context.OccurredAt;
        standing.EventId = context.EventId;
    }

    private static Guid Id(string value, string field) => Guid.TryParse(value, out var id) ? id : throw Malformed(field);

    private static FormatException Malformed(string field) => new($"LicenseStatusChanged.{field} is missing or malformed.");
}
