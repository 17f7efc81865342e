using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Referrals.Api.Domain;
using Referrals.Api.Infrastructure;

namespace Referrals.Api.Features.Visits;

/// <summary>
/// Scheduling holds one visit per appointment, for one appointment (HoldVisit) or a whole series (HoldVisits,
/// all or nothing). Idempotent per appointment: asking again answers the same hold; a rescheduled appointment's
/// hold moves to its new date. An unconfirmed hold lapses after <see cref="ReferralsOptions.HoldTimeout"/>.
/// </summary>
public sealed record HoldVisits(Guid ReferralId, Guid ClientId, IReadOnlyList<VisitSlot> Visits) : ICommand<HeldVisits>;

public sealed record HeldVisits(Guid ReferralId, IReadOnlyList<VisitHold> Holds, VisitAccount Account);

internal sealed class HoldVisitsValidator : AbstractValidator<HoldVisits>
{
    /// <summary>A year of visits at the highest frequency a prescription allows.</summary>
    public const int MaxSeries = 7 * 52;

    public HoldVisitsValidator()
    {
        RuleFor(x => x.ReferralId).NotEqual(Guid.Empty).WithMessage("Must be a referral id.");
        RuleFor(x => x.ClientId).NotEqual(Guid.Empty).WithMessage("Must be the appointment's client id.");
        RuleFor(x => x.Visits).NotEmpty().WithMessage("Name at least one appointment and its visit date.")
            .Must(v => v.Count <= MaxSeries).WithMessage($"At most {MaxSeries} visits in one series.")
            .Must(v => v.Select(s => s.AppointmentId).Distinct().Count() == v.Count).WithMessage("Must not name an appointment twice.");
        RuleForEach(x => x.Visits).ChildRules(slot =>
            slot.RuleFor(s => s.AppointmentId).NotEqual(Guid.Empty).WithMessage("Must be an appointment id."));
    }
}

internal sealed class HoldVisitsHandler(VisitLedger ledger, TimeProvider clock, IOptions<ReferralsOptions> options)
    : ICommandHandler<HoldVisits, HeldVisits>
{
    public async ValueTask<HeldVisits> Handle(HoldVisits command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lapsesAt = Instants.ToStoredPrecision(now + options.Value.HoldTimeout);
        var outcome = await ledger.ChangeAsync(command.ReferralId, command.Visits.Select(v => v.AppointmentId).ToList(), now, snapshot =>
        {
            var plan = ReferralRules.PlanHolds(snapshot.Terms, snapshot.Account, command.ClientId, command.Visits, snapshot.Holds, now);
            return plan.Where(p => p.Action != HoldAction.Keep).Select(p =>
            {
                // A new hold lapses from now; a moved one keeps its state and lapse time, only its date changes.
                var (state, expiresAt) = p.Action == HoldAction.Hold
                    ? (HoldState.Held, (DateTimeOffset?)lapsesAt)
                    : (snapshot.Holds[p.Slot.AppointmentId].State, snapshot.Holds[p.Slot.AppointmentId].ExpiresAt);
                return new VisitLedger.HoldWrite(p.Slot.AppointmentId, p.Slot.VisitDate, state, expiresAt);
            }).ToList();
        }, cancellationToken);
        return new HeldVisits(command.ReferralId, command.Visits.Select(v => outcome.Holds[v.AppointmentId]).ToList(), outcome.Account);
    }
}
