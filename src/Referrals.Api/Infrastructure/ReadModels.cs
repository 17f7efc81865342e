using Referrals.Api.Domain;

namespace Referrals.Api.Infrastructure;

/// <summary>
/// A row of <c>visit_holds</c>. The hot path reads and writes the table with SQL (<see cref="VisitLedger"/>);
/// this mapping creates it and lets queries count lapsed holds.
/// </summary>
public sealed class VisitHoldRow
{
    public Guid ReferralId { get; set; }
    public Guid AppointmentId { get; set; }
    public DateOnly VisitDate { get; set; }
    public HoldState State { get; set; }
    public DateTimeOffset HeldAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? ConsumedAt { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// The progress read model: one row per signed note of a referral, from ClinicalNotes' <c>NoteSigned</c> events.
/// Scores and dates only; the note's text stays in ClinicalNotes.
/// </summary>
public sealed class ProgressNote
{
    public Guid NoteId { get; set; }
    public Guid ReferralId { get; set; }
    public Guid ClientId { get; set; }
    public Guid AppointmentId { get; set; }
    public string Kind { get; set; } = string.Empty;
    public DateTimeOffset WrittenAt { get; set; }
    public DateTimeOffset SignedAt { get; set; }
    public int PainBefore { get; set; }
    public int PainAfter { get; set; }
    public List<OutcomeScore> OutcomeMeasures { get; set; } = [];
    /// <summary>The event that brought it (the inbox has the delivery details).</summary>
    public Guid EventId { get; set; }

    public SignedNoteScores ToScores() => new(NoteId, AppointmentId, Kind, WrittenAt, SignedAt, PainBefore, PainAfter, OutcomeMeasures);
}
