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
/// The booking rules that need other services, and the reservation saga's steps (DESIGN.md, "Between
/// services"). <see cref="AppointmentBooker"/> calls them in this order:
/// <c>validation → local rules → PassAsync → insert → ConfirmAsync</c>, or <c>ReleaseAsync</c> when the
/// insert is refused or fails.
/// <para>
/// An implementation throws <c>BusinessRuleException</c> (422 with code and every reason) when a gate
/// refuses, and <c>DependencyUnavailableException</c> (503, via <c>RemoteCall</c>) when a service does not
/// answer in time; in both cases it must leave nothing held.
/// </para>
/// </summary>
public interface IBookingGates
{
    /// <summary>
    /// The gates, before anything is written: the client's booking profile (Clients: exists, not blocked),
    /// the practitioner's eligibility at <c>plan.Location.Jurisdiction</c> on each visit's local date for the
    /// technique (Credentials), and, when <c>plan.ReferralId</c> is set, one visit hold per planned appointment
    /// (Referrals <c>HoldVisit</c>/<c>HoldVisits</c>, idempotent on the appointment id, expiring unless confirmed).
    /// </summary>
    ValueTask PassAsync(BookingPlan plan, CancellationToken cancellationToken);

    /// <summary>After the appointments are committed: confirm the visit holds (Referrals <c>ConfirmHold</c>).</summary>
    ValueTask ConfirmAsync(BookingPlan plan, CancellationToken cancellationToken);

    /// <summary>
    /// When the insert was refused (double booking) or failed: release the visit holds (Referrals <c>ReleaseHold</c>).
    /// Called while the booking's own error is on its way to the caller, so it must not throw when Referrals is
    /// down: log it and let the unconfirmed holds expire.
    /// </summary>
    ValueTask ReleaseAsync(BookingPlan plan, CancellationToken cancellationToken);
}

/// <summary>
/// Until the Credentials, Clients and Referrals services exist, every gate lets the booking through and
/// nothing is held. Registered in <c>SchedulingExtensions.AddScheduling</c>.
/// </summary>
internal sealed class AllowAllBookingGates : IBookingGates
{
    // TODO(part 2): check the booking profile (Clients.ClientDirectory.GetBookingProfile) and eligibility
    // (Credentials.Eligibility.CheckEligibility / CheckEligibilityBatch for a series), then hold the visits
    // (Referrals.VisitAuthorizations.HoldVisit / HoldVisits). Each call through RemoteCall.InvokeAsync.
    public ValueTask PassAsync(BookingPlan plan, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    // TODO(part 2): Referrals.VisitAuthorizations.ConfirmHold for each visit when plan.ReferralId is set.
    public ValueTask ConfirmAsync(BookingPlan plan, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    // TODO(part 2): Referrals.VisitAuthorizations.ReleaseHold for each visit when plan.ReferralId is set.
    public ValueTask ReleaseAsync(BookingPlan plan, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
