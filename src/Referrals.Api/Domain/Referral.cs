using Platform.ServiceDefaults.Problems;

namespace Referrals.Api.Domain;

/// <summary>
/// A physician's prescription for medical massage and its counted visits. Lifecycle: submitted, then accepted
/// (linked to a client, which makes it active) or rejected (with a reason); an active referral is completed by
/// staff when the course of treatment ends. Exhausted, expired and "accepted, not started yet" are read from
/// dates and counts (<see cref="ReferralState"/>).
/// </summary>
public sealed class Referral
{
    public const int ReasonMaxLength = 1000;
    public const int PrecautionsMaxLength = 2000;
    public const int SignedByMaxLength = 200;
    public const int IdempotencyKeyMaxLength = 255;

    private Referral()
    {
    }

    public Guid Id { get; private set; }
    public Guid PhysicianId { get; private set; }
    /// <summary>Set at submission when the physician names a registered client, otherwise when the referral is accepted.</summary>
    public Guid? ClientId { get; private set; }

    // The patient as the physician named them, when not (yet) a registered client. PHI.
    public string? PatientFirstName { get; private set; }
    public string? PatientLastName { get; private set; }
    public DateOnly? PatientDateOfBirth { get; private set; }
    public string? PatientPhone { get; private set; }

    public List<string> Diagnoses { get; private set; } = [];
    public List<string> CptCodes { get; private set; } = [];
    public List<string> BodyRegions { get; private set; } = [];
    public int FrequencyPerWeek { get; private set; }
    public int DurationWeeks { get; private set; }
    public int AuthorizedVisits { get; private set; }
    public int SessionMinutes { get; private set; }
    public string? Precautions { get; private set; }
    public DateOnly StartDate { get; private set; }
    public DateOnly ExpiresOn { get; private set; }
    public string AttestedBy { get; private set; } = string.Empty;
    public DateTimeOffset AttestedAt { get; private set; }

    /// <summary>The stored lifecycle status: submitted, active, rejected or completed.</summary>
    public ReferralStatus Status { get; private set; }
    /// <summary>Why it was rejected or completed.</summary>
    public string? StatusReason { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
    public string SubmittedBy { get; private set; } = string.Empty;
    public string IdempotencyKey { get; private set; } = string.Empty;
    /// <summary>SHA-256 of the submitted terms' canonical form (<see cref="ReferralTerms.Fingerprint"/>).</summary>
    public string RequestHash { get; private set; } = string.Empty;
    public DateTimeOffset? AcceptedAt { get; private set; }
    public string? AcceptedBy { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public string? ClosedBy { get; private set; }

    /// <summary>Consumed visits. Maintained by the database from the visit holds, never written by the service.</summary>
    public int VisitsUsed { get; private set; }
    /// <summary>Visits held, as of the last sweep of expired holds. Maintained by the database.</summary>
    public int VisitsHeld { get; private set; }

    public PatientDetails? Patient => PatientFirstName is null
        ? null
        : new PatientDetails(PatientFirstName, PatientLastName!, PatientDateOfBirth!.Value, PatientPhone!);

    public Attestation Attestation => new(AttestedBy, AttestedAt);

    public ReferralTerms Terms => new(PhysicianId, ClientId, Patient, Diagnoses, CptCodes, BodyRegions, FrequencyPerWeek,
        DurationWeeks, AuthorizedVisits, SessionMinutes, Precautions, StartDate, ExpiresOn, Attestation);

    public static Referral Submit(ReferralTerms terms, string idempotencyKey, string submittedBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        PhysicianId = terms.PhysicianId,
        ClientId = terms.ClientId,
        PatientFirstName = terms.Patient?.FirstName,
        PatientLastName = terms.Patient?.LastName,
        PatientDateOfBirth = terms.Patient?.DateOfBirth,
        PatientPhone = terms.Patient?.Phone,
        Diagnoses = [.. terms.Diagnoses],
        CptCodes = [.. terms.CptCodes],
        BodyRegions = [.. terms.BodyRegions],
        FrequencyPerWeek = terms.FrequencyPerWeek,
        DurationWeeks = terms.DurationWeeks,
        AuthorizedVisits = terms.AuthorizedVisits,
        SessionMinutes = terms.SessionMinutes,
        Precautions = terms.Precautions,
        StartDate = terms.StartDate,
        ExpiresOn = terms.ExpiresOn,
        AttestedBy = terms.Attestation.SignedBy,
        AttestedAt = terms.Attestation.SignedAt,
        Status = ReferralStatus.Submitted,
        SubmittedAt = Instants.ToStoredPrecision(now),
        SubmittedBy = submittedBy,
        IdempotencyKey = idempotencyKey,
        RequestHash = terms.Fingerprint(),
    };

    /// <summary>The status as it stands on <paramref name="day"/> with these counts.</summary>
    public ReferralStatus StatusOn(DateOnly day, VisitAccount account) => ReferralState.StatusOn(Status, StartDate, ExpiresOn, account, day);

    /// <summary>
    /// Links the client and activates the referral. A referral submitted for a registered client is accepted for
    /// that client only: another one is refused (<c>referral_client_mismatch</c>).
    /// </summary>
    public void Accept(Guid clientId, VisitAccount account, string acceptedBy, DateTimeOffset now)
    {
        EnsureTransition(ReferralStatus.Submitted, "accepted", account, now);
        if (ClientId is { } named && named != clientId)
        {
            throw new BusinessRuleException(ReferralRules.ClientMismatch, [$"client:{clientId}"],
                $"The physician wrote this prescription for client {named}; accept it for that client, or reject it and ask the physician for a new one.");
        }

        ClientId = clientId;
        Status = ReferralStatus.Active;
        AcceptedAt = Instants.ToStoredPrecision(now);
        AcceptedBy = acceptedBy;
    }

    public void Reject(string reason, VisitAccount account, string rejectedBy, DateTimeOffset now)
    {
        EnsureTransition(ReferralStatus.Submitted, "rejected", account, now);
        Close(ReferralStatus.Rejected, reason, rejectedBy, now);
    }

    /// <summary>Ends the course of treatment; no visit can be held any more (visits already held may still be consumed).</summary>
    public void Complete(string? reason, VisitAccount account, string completedBy, DateTimeOffset now)
    {
        EnsureTransition(ReferralStatus.Active, "completed", account, now);
        Close(ReferralStatus.Completed, reason, completedBy, now);
    }

    private void Close(ReferralStatus status, string? reason, string by, DateTimeOffset now)
    {
        Status = status;
        StatusReason = reason;
        ClosedAt = Instants.ToStoredPrecision(now);
        ClosedBy = by;
    }

    private void EnsureTransition(ReferralStatus requiredStored, string becoming, VisitAccount account, DateTimeOffset now)
    {
        if (Status == requiredStored) return;
        var current = StatusOn(ReferralCalendar.Today(now), account);
        var from = requiredStored == ReferralStatus.Submitted ? "submitted" : "accepted, active, exhausted or expired";
        throw new ConflictException(ReferralRules.IllegalTransition,
            $"This referral is {current.Code()}; only a {from} referral can be {becoming}.",
            new Dictionary<string, object?> { ["currentStatus"] = current.Code() });
    }
}

/// <summary>The status and warnings of a referral on a given day, from its stored status, dates and counts.</summary>
public static class ReferralState
{
    public const string VisitsLow = "visits_low";
    public const string ExpiringSoon = "expiring_soon";

    /// <summary>Staff are warned when this many visits or fewer are left.</summary>
    public const int LowVisits = 2;

    /// <summary>Staff are warned this many days before expiry.</summary>
    public const int ExpiringWithinDays = 7;

    public static ReferralStatus StatusOn(ReferralStatus stored, DateOnly startDate, DateOnly expiresOn, VisitAccount account, DateOnly day)
    {
        if (stored != ReferralStatus.Active) return stored;
        if (day > expiresOn) return ReferralStatus.Expired;
        if (account.Remaining == 0) return ReferralStatus.Exhausted;
        return day < startDate ? ReferralStatus.Accepted : ReferralStatus.Active;
    }

    /// <summary><c>visits_low</c> at 2 or fewer visits left, <c>expiring_soon</c> within 7 days of expiry; only while it can be booked or used.</summary>
    public static IReadOnlyList<string> Warnings(ReferralStatus status, DateOnly expiresOn, VisitAccount account, DateOnly day)
    {
        if (status is not (ReferralStatus.Accepted or ReferralStatus.Active or ReferralStatus.Exhausted)) return [];
        var warnings = new List<string>(2);
        if (account.Remaining <= LowVisits) warnings.Add(VisitsLow);
        if (expiresOn.DayNumber - day.DayNumber <= ExpiringWithinDays) warnings.Add(ExpiringSoon);
        return warnings;
    }
}
