namespace Credentials.Api.Infrastructure;

/// <summary>
/// One row of the append-only audit trail: who changed what, when, with the record before and after
/// (JSON). Written by <see cref="AuditTrailInterceptor"/> in the same transaction as the change; the
/// database refuses UPDATE, DELETE and TRUNCATE on the table (see the migration's trigger).
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    /// <summary>The acting user's id (<c>CurrentUser.Id</c>).</summary>
    public string Actor { get; init; } = string.Empty;
    /// <summary><c>practitioner</c>, <c>license</c>, <c>license-verification</c>, <c>certification</c>.</summary>
    public string EntityType { get; init; } = string.Empty;
    public Guid EntityId { get; init; }
    public Guid PractitionerId { get; init; }
    /// <summary><c>created</c>, <c>updated</c> or <c>deleted</c>.</summary>
    public string Action { get; init; } = string.Empty;
    public string? Before { get; init; }
    public string? After { get; init; }
}
