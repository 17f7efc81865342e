using Scheduling.Api.Domain;

namespace Scheduling.Api.Features.Appointments;

/// <summary>One appointment a booking will create. Its id is fixed before the gates run, so a visit hold can be keyed on it.</summary>
/// <param name="LocalDate">The date at the location (what eligibility and referral expiry are judged on).</param>
public sealed record PlannedVisit(Guid AppointmentId, Interval Period, DateOnly LocalDate);

/// <summary>Everything a booking decides on: one visit for a single appointment, several for a series.</summary>
/// <param name="RoomId">The room asked for, or null to assign a free one per visit.</param>
public sealed record BookingPlan(
    Guid ClientId,
    Guid PractitionerId,
    Location Location,
    Guid? RoomId,
    ServiceCode Service,
    Guid? ReferralId,
    Technique? Technique,
    Guid? SeriesId,
    IReadOnlyList<PlannedVisit> Visits);

/// <summary>
/// Why a gate says no. <paramref name="Date"/> is set when the refusal concerns one date of the booking (eligibility
/// is judged per local date), null when it concerns the whole booking (the client).
/// </summary>
public sealed record GateRefusal(string Code, string Reason, DateOnly? Date = null);

/// <summary>
/// The booking rules that need other services, and the reservation saga's steps (DESIGN.md, "Between
/// services"). <see cref="AppointmentBooker"/> calls them in this order:
/// <c>validation → (local rules ∥ CheckAsync) → HoldAsync → insert → ConfirmAsync</c>, or <c>ReleaseAsync</c>
/// when the insert is refused or fails.
/// <para>
/// A service that does not answer in time is <c>DependencyUnavailableException</c> (503, via <c>RemoteCall</c>);
/// nothing is booked then, and nothing stays held for good (an unconfirmed hold expires in Referrals).
/// </para>
/// </summary>
public interface IBookingGates
{
    /// <summary>
    /// The gates that only read, before anything is held or written: the client's booking profile (Clients: exists,
    /// not blocked) and the practitioner's eligibility at <c>plan.Location.Jurisdiction</c> on each visit's local date
    /// for the technique (Credentials). Returns every refusal; none when the booking may go on.
    /// </summary>
    Task<IReadOnlyList<GateRefusal>> CheckAsync(BookingPlan plan, CancellationToken cancellationToken);

    /// <summary>
    /// Step 1 of the saga when <c>plan.ReferralId</c> is set: one visit hold per planned appointment (Referrals
    /// <c>HoldVisit</c>/<c>HoldVisits</c>, idempotent on the appointment id, expiring unless confirmed). A refusal
    /// is <c>BusinessRuleException</c> with Referrals' code and every reason, and leaves nothing held.
    /// </summary>
    ValueTask HoldAsync(BookingPlan plan, CancellationToken cancellationToken);

    /// <summary>Step 3, after the appointments are committed: confirm the visit holds (Referrals <c>ConfirmHold</c>).</summary>
    ValueTask ConfirmAsync(BookingPlan plan, CancellationToken cancellationToken);

    /// <summary>
    /// When the insert was refused (double booking) or failed: release the visit holds (Referrals <c>ReleaseHold</c>).
    /// Called while the booking's own error is on its way to the caller, so it must not throw when Referrals is
    /// down: log it and let the unconfirmed holds expire.
    /// </summary>
    ValueTask ReleaseAsync(BookingPlan plan, CancellationToken cancellationToken);
}
