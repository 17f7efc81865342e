using System.Globalization;
using Grpc.Core;
using Mediator;
using Referrals.Api.Apis;
using Referrals.Api.Domain;
using Referrals.Api.Features.Referrals;
using Referrals.Api.Features.Visits;
using Referrals.Grpc;
using VisitAccountMessage = Referrals.Grpc.VisitAccount;
using VisitSlotMessage = Referrals.Grpc.VisitSlot;

namespace Referrals.Api.Grpc;

/// <summary>The gRPC face of counted visits (referrals.proto), for Scheduling's booking saga. Maps messages; nothing else.</summary>
public sealed class VisitAuthorizationsService(IMediator mediator) : VisitAuthorizations.VisitAuthorizationsBase
{
    public override async Task<HoldReply> HoldVisit(HoldVisitRequest request, ServerCallContext context)
    {
        var slot = Slot(request.AppointmentId, request.VisitDate, string.Empty);
        var held = await mediator.Send(
            new HoldVisits(Args.Guid(request.ReferralId, "referralId"), Args.Guid(request.ClientId, "clientId"), [slot]), context.CancellationToken);
        return ToReply(held.ReferralId, held.Holds[0], held.Account);
    }

    public override async Task<HoldVisitsReply> HoldVisits(HoldVisitsRequest request, ServerCallContext context)
    {
        var slots = request.Visits.Select((v, i) => Slot(v.AppointmentId, v.VisitDate, $"visits[{i}].")).ToList();
        var held = await mediator.Send(
            new HoldVisits(Args.Guid(request.ReferralId, "referralId"), Args.Guid(request.ClientId, "clientId"), slots), context.CancellationToken);
        var reply = new HoldVisitsReply { Account = ToAccount(held.Account) };
        reply.Holds.AddRange(held.Holds.Select(h => ToReply(held.ReferralId, h, held.Account)));
        return reply;
    }

    public override async Task<VisitAccountMessage> ConfirmHold(HoldRef request, ServerCallContext context) =>
        ToAccount((await mediator.Send(new ConfirmHold(ReferralId(request), AppointmentId(request)), context.CancellationToken)).Account);

    public override async Task<VisitAccountMessage> ReleaseHold(HoldRef request, ServerCallContext context) =>
        ToAccount((await mediator.Send(new ReleaseHold(ReferralId(request), AppointmentId(request)), context.CancellationToken)).Account);

    public override async Task<VisitAccountMessage> ConsumeVisit(HoldRef request, ServerCallContext context) =>
        ToAccount((await mediator.Send(new ConsumeVisit(ReferralId(request), AppointmentId(request)), context.CancellationToken)).Account);

    public override async Task<Authorization> GetAuthorization(GetAuthorizationRequest request, ServerCallContext context)
    {
        var referral = await mediator.Send(
            new GetReferral(Args.Guid(request.ReferralId, "referralId"), Args.OptionalDate(request.On, "on")), context.CancellationToken);
        var reply = new Authorization
        {
            ReferralId = referral.Id.ToString(),
            Status = referral.Status.Code(),
            ClientId = referral.ClientId?.ToString() ?? string.Empty,
            PhysicianId = referral.PhysicianId.ToString(),
            StartDate = IsoDate.Of(referral.StartDate),
            ExpiresOn = IsoDate.Of(referral.ExpiresOn),
            FrequencyPerWeek = referral.FrequencyPerWeek,
            DurationWeeks = referral.DurationWeeks,
            SessionMinutes = referral.SessionMinutes,
            Visits = ToAccount(referral.Visits),
        };
        reply.CptCodes.AddRange(referral.CptCodes);
        reply.Warnings.AddRange(referral.Warnings);
        return reply;
    }

    private static Domain.VisitSlot Slot(string appointmentId, string visitDate, string prefix) =>
        new(Args.Guid(appointmentId, prefix + "appointmentId"), Args.Date(visitDate, prefix + "visitDate"));

    private static Guid ReferralId(HoldRef request) => Args.Guid(request.ReferralId, "referralId");

    private static Guid AppointmentId(HoldRef request) => Args.Guid(request.AppointmentId, "appointmentId");

    private static HoldReply ToReply(Guid referralId, VisitHold hold, Domain.VisitAccount account) => new()
    {
        ReferralId = referralId.ToString(),
        AppointmentId = hold.AppointmentId.ToString(),
        State = hold.State.ToString().ToLowerInvariant(),
        ExpiresAt = hold.State == HoldState.Held ? hold.ExpiresAt!.Value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) : string.Empty,
        Account = ToAccount(account),
    };

    private static VisitAccountMessage ToAccount(Domain.VisitAccount account) => new()
    {
        Authorized = account.Authorized,
        Used = account.Used,
        Held = account.Held,
        Remaining = account.Remaining,
    };
}
