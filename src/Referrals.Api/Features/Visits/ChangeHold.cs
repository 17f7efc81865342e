using FluentValidation;
using Mediator;
using Platform.ServiceDefaults.Problems;
using Referrals.Api.Domain;
using Referrals.Api.Infrastructure;

namespace Referrals.Api.Features.Visits;

/// <summary>The booking was stored: the hold stays until the appointment is completed or cancelled. Idempotent.</summary>
public sealed record ConfirmHold(Guid ReferralId, Guid AppointmentId) : ICommand<ChangedHold>;

/// <summary>The booking failed or the appointment was cancelled: the visit is free again. Idempotent; an unknown hold is not an error.</summary>
public sealed record ReleaseHold(Guid ReferralId, Guid AppointmentId) : ICommand<ChangedHold>;

/// <summary>The appointment was completed: its visit is used. Idempotent.</summary>
public sealed record ConsumeVisit(Guid ReferralId, Guid AppointmentId) : ICommand<ChangedHold>;

/// <param name="Hold">Null when releasing a hold that never existed.</param>
public sealed record ChangedHold(VisitHold? Hold, VisitAccount Account);

internal sealed class ConfirmHoldValidator : AbstractValidator<ConfirmHold>
{
    public ConfirmHoldValidator() => this.HoldReference(x => x.ReferralId, x => x.AppointmentId);
}

internal sealed class ReleaseHoldValidator : AbstractValidator<ReleaseHold>
{
    public ReleaseHoldValidator() => this.HoldReference(x => x.ReferralId, x => x.AppointmentId);
}

internal sealed class ConsumeVisitValidator : AbstractValidator<ConsumeVisit>
{
    public ConsumeVisitValidator() => this.HoldReference(x => x.ReferralId, x => x.AppointmentId);
}

internal sealed class ConfirmHoldHandler(HoldChanges changes) : ICommandHandler<ConfirmHold, ChangedHold>
{
    public ValueTask<ChangedHold> Handle(ConfirmHold command, CancellationToken cancellationToken) =>
        changes.ApplyAsync(command.ReferralId, command.AppointmentId,
            (hold, snapshot, now) => ReferralRules.Confirm(HoldChanges.Known(hold, command.AppointmentId), snapshot.Terms, snapshot.Account, now),
            cancellationToken);
}

internal sealed class ConsumeVisitHandler(HoldChanges changes) : ICommandHandler<ConsumeVisit, ChangedHold>
{
    public ValueTask<ChangedHold> Handle(ConsumeVisit command, CancellationToken cancellationToken) =>
        changes.ApplyAsync(command.ReferralId, command.AppointmentId,
            (hold, snapshot, now) => ReferralRules.Consume(HoldChanges.Known(hold, command.AppointmentId), snapshot.Terms, snapshot.Account, now),
            cancellationToken);
}

internal sealed class ReleaseHoldHandler(HoldChanges changes) : ICommandHandler<ReleaseHold, ChangedHold>
{
    public ValueTask<ChangedHold> Handle(ReleaseHold command, CancellationToken cancellationToken) =>
        changes.ApplyAsync(command.ReferralId, command.AppointmentId, (hold, _, _) => ReferralRules.Release(hold), cancellationToken);
}

/// <summary>
/// Moves one appointment's hold to the state a rule decides (null: leave it as it is), under the referral's lock.
/// The rules only ever move a hold to confirmed, consumed or released, none of which lapses.
/// </summary>
internal sealed class HoldChanges(VisitLedger ledger, TimeProvider clock)
{
    public async ValueTask<ChangedHold> ApplyAsync(Guid referralId, Guid appointmentId,
        Func<VisitHold?, VisitLedger.Snapshot, DateTimeOffset, HoldState?> decide, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var outcome = await ledger.ChangeAsync(referralId, [appointmentId], now, snapshot =>
        {
            var hold = snapshot.Holds.GetValueOrDefault(appointmentId);
            return decide(hold, snapshot, now) is { } state
                ? [new VisitLedger.HoldWrite(appointmentId, hold!.VisitDate, state, ExpiresAt: null)]
                : [];
        }, cancellationToken);
        return new ChangedHold(outcome.Holds.GetValueOrDefault(appointmentId), outcome.Account);
    }

    /// <summary>Confirming or consuming needs a hold: an appointment that never held a visit is NOT_FOUND.</summary>
    public static VisitHold Known(VisitHold? hold, Guid appointmentId) => hold ?? throw new NotFoundException("Visit hold of appointment", appointmentId);
}

internal static class HoldReferenceRules
{
    public static void HoldReference<T>(this AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, Guid>> referral,
        System.Linq.Expressions.Expression<Func<T, Guid>> appointment)
    {
        validator.RuleFor(referral).NotEqual(Guid.Empty).WithMessage("Must be a referral id.");
        validator.RuleFor(appointment).NotEqual(Guid.Empty).WithMessage("Must be an appointment id.");
    }
}
