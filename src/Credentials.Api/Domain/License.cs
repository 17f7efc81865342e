using Platform.ServiceDefaults.Problems;

namespace Credentials.Api.Domain;

/// <summary>
/// A licence to practise massage therapy in one jurisdiction (LMT in a US state, RMT in a Canadian province).
/// Its number is unique within its jurisdiction and type. Status and expiry change only through
/// <see cref="ChangeStanding"/>; verification state only through <see cref="RecordVerification"/>.
/// </summary>
public sealed class License : IAudited
{
    private readonly List<LicenseVerification> _verifications = [];

    private License()
    {
    }

    public Guid Id { get; private set; }
    public Guid PractitionerId { get; private set; }
    /// <summary>ISO 3166-2 code, upper case (<c>US-FL</c>).</summary>
    public string Jurisdiction { get; private set; } = string.Empty;
    /// <summary>The board's title for the licence, upper case (<c>LMT</c>, <c>RMT</c>, <c>LMBT</c>).</summary>
    public string LicenseType { get; private set; } = string.Empty;
    /// <summary>As the board writes it, upper case.</summary>
    public string LicenseNumber { get; private set; } = string.Empty;
    public string IssuingBoard { get; private set; } = string.Empty;
    public DateOnly IssuedOn { get; private set; }
    /// <summary>The last day the licence covers.</summary>
    public DateOnly ExpiresOn { get; private set; }
    public LicenseStatus Status { get; private set; }
    public string? StatusReason { get; private set; }
    public DateTimeOffset StatusChangedAt { get; private set; }
    public VerificationStatus Verification { get; private set; }
    /// <summary>The day of the verification record that decides <see cref="Verification"/>.</summary>
    public DateOnly? VerificationCheckedOn { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public uint Version { get; private set; }

    public IReadOnlyList<LicenseVerification> Verifications => _verifications;

    /// <summary>A new licence: active, unverified until a primary-source check says otherwise.</summary>
    public static License Record(
        Guid practitionerId, Jurisdiction jurisdiction, string licenseType, string licenseNumber, string issuingBoard,
        DateOnly issuedOn, DateOnly expiresOn, DateTimeOffset now)
    {
        if (expiresOn <= issuedOn) throw new ArgumentException("A licence must expire after it was issued.", nameof(expiresOn));
        return new License
        {
            Id = Guid.CreateVersion7(),
            PractitionerId = practitionerId,
            Jurisdiction = jurisdiction.Code,
            LicenseType = NormalizeCode(licenseType),
            LicenseNumber = NormalizeCode(licenseNumber),
            IssuingBoard = issuingBoard.Trim(),
            IssuedOn = issuedOn,
            ExpiresOn = expiresOn,
            Status = LicenseStatus.Active,
            StatusChangedAt = now,
            Verification = VerificationStatus.Unverified,
            CreatedAt = now,
        };
    }

    /// <summary>Licence types and numbers compare without regard to case or surrounding spaces.</summary>
    public static string NormalizeCode(string value) => value.Trim().ToUpperInvariant();

    public EffectiveLicenseStatus EffectiveStatus(DateOnly today) => EffectiveStatusOf(Status, ExpiresOn, today);

    /// <summary>Revoked and suspended show as such; an active licence is lapsed once its expiry day is over.</summary>
    public static EffectiveLicenseStatus EffectiveStatusOf(LicenseStatus status, DateOnly expiresOn, DateOnly today) => status switch
    {
        LicenseStatus.Revoked => EffectiveLicenseStatus.Revoked,
        LicenseStatus.Suspended => EffectiveLicenseStatus.Suspended,
        _ when today > expiresOn => EffectiveLicenseStatus.Lapsed,
        _ => EffectiveLicenseStatus.Active,
    };

    /// <summary>
    /// Adds a primary-source verification record. The latest check decides the licence's verification state;
    /// a record dated before the deciding one is kept as evidence but changes nothing.
    /// </summary>
    public LicenseVerification RecordVerification(
        string source, DateOnly verifiedOn, VerificationOutcome outcome, string? notes, string verifier, DateTimeOffset now)
    {
        if (verifiedOn < IssuedOn)
        {
            throw new InvalidInputException("verifiedOn", $"Cannot be before the licence was issued ({IsoDate.Of(IssuedOn)}).");
        }

        var record = LicenseVerification.Create(this, source, verifiedOn, outcome, notes, verifier, now);
        _verifications.Add(record);
        if (VerificationCheckedOn is null || verifiedOn >= VerificationCheckedOn)
        {
            Verification = outcome == VerificationOutcome.Verified ? VerificationStatus.Verified : VerificationStatus.Discrepancy;
            VerificationCheckedOn = verifiedOn;
        }

        return record;
    }

    /// <summary>
    /// THE way a licence's standing changes: suspension, revocation, reinstatement, and a new expiry date
    /// (renewal or correction). Returns the event to publish, or null when nothing changed.
    /// <list type="bullet">
    /// <item>active ↔ suspended, active or suspended → revoked. Revoked is final: the board issues a new licence.</item>
    /// <item>Lapsed cannot be set: it follows from the expiry date.</item>
    /// <item>A new expiry must fall after the issue date.</item>
    /// </list>
    /// </summary>
    public LicenseStatusChanged? ChangeStanding(LicenseStatus? status, DateOnly? expiresOn, string reason, DateTimeOffset now)
    {
        var newStatus = status ?? Status;
        var newExpiry = expiresOn ?? ExpiresOn;
        if (newStatus == Status && newExpiry == ExpiresOn) return null;

        if (Status == LicenseStatus.Revoked)
        {
            throw new ConflictException(
                "license_revoked",
                "This licence was revoked; a revoked licence cannot be reinstated, suspended or renewed. Record the new licence the board issued instead.");
        }

        if (newExpiry <= IssuedOn)
        {
            throw new InvalidInputException("expiresOn", $"Must be after the licence's issue date ({IsoDate.Of(IssuedOn)}).");
        }

        var changed = new LicenseStatusChanged(
            Id, PractitionerId, Jurisdiction, Status, newStatus, ExpiresOn, newExpiry, reason.Trim(), now);

        if (newStatus != Status)
        {
            Status = newStatus;
            StatusChangedAt = now;
        }

        StatusReason = changed.Reason;
        ExpiresOn = newExpiry;
        return changed;
    }
}

/// <summary>
/// A licence's standing changed (suspended, revoked, reinstated, or a new expiry date). Scheduling consumes it
/// to flag future appointments whose practitioner is no longer eligible.
/// </summary>
public sealed record LicenseStatusChanged(
    Guid LicenseId,
    Guid PractitionerId,
    string Jurisdiction,
    LicenseStatus PreviousStatus,
    LicenseStatus Status,
    DateOnly PreviousExpiresOn,
    DateOnly ExpiresOn,
    string Reason,
    DateTimeOffset OccurredAt);
