using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;
using Referrals.Api.Domain;
using Referrals.Api.Infrastructure;

namespace Referrals.Api.Features.Referrals;

/// <summary>Staff accept a submitted referral for a registered client: it is linked to the client and becomes active.</summary>
public sealed record AcceptReferral(Guid? ClientId) : ICommand<ReferralView>
{
    public Guid ReferralId { get; init; }
}

/// <summary>Staff reject a submitted referral, saying why (the physician reads it).</summary>
public sealed record RejectReferral(string? Reason) : ICommand<ReferralView>
{
    public Guid ReferralId { get; init; }
}

/// <summary>Staff close an active referral when the course of treatment ends (goals met, discharged, moved away).</summary>
public sealed record CompleteReferral(string? Reason) : ICommand<ReferralView>
{
    public Guid ReferralId { get; init; }
}

internal sealed class AcceptReferralValidator : AbstractValidator<AcceptReferral>
{
    public AcceptReferralValidator() =>
        RuleFor(x => x.ClientId).NotNull().NotEqual(Guid.Empty).WithMessage("Must be the id of the registered client this referral is for.");
}

internal sealed class RejectReferralValidator : AbstractValidator<RejectReferral>
{
    public RejectReferralValidator() => RuleFor(x => x.Reason).Text(Referral.ReasonMaxLength);
}

internal sealed class CompleteReferralValidator : AbstractValidator<CompleteReferral>
{
    public CompleteReferralValidator() => RuleFor(x => x.Reason).MaximumLength(Referral.ReasonMaxLength).PlainText();
}

internal sealed class AcceptReferralHandler(ReferralTransitions transitions, ReferralsDbContext db, ClientRegistry clients, CurrentUser user, TimeProvider clock)
    : ICommandHandler<AcceptReferral, ReferralView>
{
    public async ValueTask<ReferralView> Handle(AcceptReferral command, CancellationToken cancellationToken)
    {
        var clientId = command.ClientId!.Value;
        void Accept(Referral referral, VisitAccount visits) => referral.Accept(clientId, visits, user.Id, clock.GetUtcNow());

        // Refuse an illegal transition before asking Clients, and ask Clients before taking the row lock.
        var (current, visits) = await db.LoadAsync(command.ReferralId, clock.GetUtcNow(), cancellationToken);
        Accept(current, visits);
        await clients.EnsureExistsAsync(clientId, "clientId", cancellationToken);
        return await transitions.ApplyAsync(command.ReferralId, Accept, cancellationToken);
    }
}

internal sealed class RejectReferralHandler(ReferralTransitions transitions, CurrentUser user, TimeProvider clock)
    : ICommandHandler<RejectReferral, ReferralView>
{
    public async ValueTask<ReferralView> Handle(RejectReferral command, CancellationToken cancellationToken) =>
        await transitions.ApplyAsync(command.ReferralId,
            (referral, visits) => referral.Reject(command.Reason!.Trim(), visits, user.Id, clock.GetUtcNow()), cancellationToken);
}

internal sealed class CompleteReferralHandler(ReferralTransitions transitions, CurrentUser user, TimeProvider clock)
    : ICommandHandler<CompleteReferral, ReferralView>
{
    public async ValueTask<ReferralView> Handle(CompleteReferral command, CancellationToken cancellationToken) =>
        await transitions.ApplyAsync(command.ReferralId,
            (referral, visits) => referral.Complete(string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim(), visits, user.Id, clock.GetUtcNow()),
            cancellationToken);
}

/// <summary>
/// Changes a referral's status under its row lock (the lock holds use), so a transition and a hold, or two
/// transitions, never interleave: the second sees the first's result.
/// </summary>
internal sealed class ReferralTransitions(ReferralsDbContext db, TimeProvider clock)
{
    public async Task<ReferralView> ApplyAsync(Guid referralId, Action<Referral, VisitAccount> transition, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM referrals WHERE id = {referralId} FOR NO KEY UPDATE", cancellationToken);
        var now = clock.GetUtcNow();
        var row = await db.WithLapsedHolds(now).SingleOrDefaultAsync(r => r.Referral.Id == referralId, cancellationToken)
            ?? throw new NotFoundException("Referral", referralId);
        var (referral, visits) = row.ToAccounted();
        transition(referral, visits);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ReferralView.From(referral, visits, ReferralCalendar.Today(now));
    }
}
