namespace Credentials.Api.Domain;

/// <summary>
/// Evidence that a licence was checked with its primary source (the issuing board, not a photocopy):
/// where, on which day, by whom, and what it showed.
/// </summary>
public sealed class LicenseVerification : IAudited
{
    private LicenseVerification()
    {
    }

    public Guid Id { get; private set; }
    public Guid LicenseId { get; private set; }
    public Guid PractitionerId { get; private set; }
    public string Source { get; private set; } = string.Empty;
    public DateOnly VerifiedOn { get; private set; }
    public VerificationOutcome Outcome { get; private set; }
    public string? Notes { get; private set; }
    /// <summary>Who recorded the check (the acting user's id).</summary>
    public string Verifier { get; private set; } = string.Empty;
    public DateTimeOffset RecordedAt { get; private set; }

    internal static LicenseVerification Create(
        License license, string source, DateOnly verifiedOn, VerificationOutcome outcome, string? notes, string verifier, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        LicenseId = license.Id,
        PractitionerId = license.PractitionerId,
        Source = source.Trim(),
        VerifiedOn = verifiedOn,
        Outcome = outcome,
        Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(),
        Verifier = verifier,
        RecordedAt = now,
    };
}
