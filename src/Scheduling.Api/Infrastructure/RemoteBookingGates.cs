using System.Globalization;
using Clients.Grpc;
using Grpc.Core;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Problems;
using Referrals.Grpc;
using Scheduling.Api.Domain;
using Scheduling.Api.Features.Appointments;

namespace Scheduling.Api.Infrastructure;

/// <summary>
/// The booking gates over gRPC: Clients' booking profile and Credentials' eligibility (asked at the same time),
/// then Referrals' visit holds, confirmed after the insert or released when it did not happen. Every call has a
/// deadline (the gRPC clients' default), and a service that does not answer is a 503 with nothing booked.
/// </summary>
public sealed partial class RemoteBookingGates(
    ClientDirectory.ClientDirectoryClient clients,
    PractitionerEligibility eligibility,
    VisitAuthorizations.VisitAuthorizationsClient referrals,
    ILogger<RemoteBookingGates> logger) : IBookingGates
{
    public const string ClientsService = "clients";
    public const string ReferralsService = "referrals";

    public const string ClientNotFound = "client_not_found";
    public const string ClientContraindicated = "client_contraindicated";
    public const string ClientConsentMissing = "client_consent_missing";
    public const string ClientBlocked = "client_blocked";
    public const string PractitionerNotEligible = "practitioner_not_eligible";
    public const string ReferralNotFound = "referral_not_found";

    public async Task<IReadOnlyList<GateRefusal>> CheckAsync(BookingPlan plan, CancellationToken cancellationToken)
    {
        var client = ClientRefusalsAsync(plan.ClientId, cancellationToken);
        var practitioner = EligibilityRefusalsAsync(plan, cancellationToken);
        await Task.WhenAll(client, practitioner);
        return [.. await client, .. await practitioner];
    }

    private async Task<IReadOnlyList<GateRefusal>> ClientRefusalsAsync(Guid clientId, CancellationToken cancellationToken)
    {
        var profile = await RemoteCall.InvokeAsync(ClientsService, async () =>
            await clients.GetBookingProfileAsync(new GetBookingProfileRequest { ClientId = clientId.ToString() }, cancellationToken: cancellationToken));
        if (!profile.Exists)
        {
            return [new GateRefusal(ClientNotFound, $"No client {clientId} is registered; register the client first (POST /api/clients).")];
        }

        if (!profile.Blocked) return [];
        return profile.Reasons.Count == 0
            ? [new GateRefusal(ClientBlocked, "The client is blocked for booking.")]
            : profile.Reasons.Select(ClientRefusal).ToList();
    }

    /// <summary>Clients' reasons are <c>contraindication:dvt</c>, <c>consent_missing:treatment</c>: each becomes a code and what to do.</summary>
    private static GateRefusal ClientRefusal(string reason)
    {
        if (reason.StartsWith("contraindication:", StringComparison.Ordinal))
        {
            return new GateRefusal(ClientContraindicated,
                $"{reason}: a contraindication without a physician clearance blocks booking; record the clearance in the client's health history.");
        }

        return reason.StartsWith("consent_missing:", StringComparison.Ordinal)
            ? new GateRefusal(ClientConsentMissing, $"{reason}: record the client's signed consent (POST /api/clients/{{id}}/consents) before booking.")
            : new GateRefusal(ClientBlocked, reason);
    }

    /// <summary>One question per local date of the booking (a series asks them in one batch call).</summary>
    private async Task<IReadOnlyList<GateRefusal>> EligibilityRefusalsAsync(BookingPlan plan, CancellationToken cancellationToken)
    {
        var jurisdiction = plan.Location.Jurisdiction;
        var questions = plan.Visits.Select(v => v.LocalDate).Distinct()
            .Select(date => new PractitionerEligibility.Question(plan.PractitionerId, jurisdiction, date, plan.Technique))
            .ToList();
        var answers = await eligibility.CheckAsync(questions, cancellationToken);
        var technique = plan.Technique is { } t ? $" for {WireCode<Technique>.Of(t)}" : string.Empty;
        return answers.Where(a => !a.Eligible)
            .Select(a => new GateRefusal(PractitionerNotEligible,
                $"The practitioner may not treat in {jurisdiction} on {a.Question.Date:yyyy-MM-dd}{technique} ({string.Join(", ", a.Reasons)}).", a.Question.Date))
            .ToList();
    }

    public async ValueTask HoldAsync(BookingPlan plan, CancellationToken cancellationToken)
    {
        if (plan.ReferralId is not { } referralId) return;
        try
        {
            if (plan.Visits.Count == 1)
            {
                var visit = plan.Visits[0];
                await RemoteCall.InvokeAsync(ReferralsService, async () => await referrals.HoldVisitAsync(new HoldVisitRequest
                {
                    ReferralId = referralId.ToString(),
                    AppointmentId = visit.AppointmentId.ToString(),
                    VisitDate = IsoDate(visit.LocalDate),
                    ClientId = plan.ClientId.ToString(),
                }, cancellationToken: cancellationToken));
                return;
            }

            var request = new HoldVisitsRequest { ReferralId = referralId.ToString(), ClientId = plan.ClientId.ToString() };
            request.Visits.AddRange(plan.Visits.Select(v => new VisitSlot { AppointmentId = v.AppointmentId.ToString(), VisitDate = IsoDate(v.LocalDate) }));
            await RemoteCall.InvokeAsync(ReferralsService, async () => await referrals.HoldVisitsAsync(request, cancellationToken: cancellationToken));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw new BusinessRuleException(ReferralNotFound, [$"{ReferralNotFound}: no referral {referralId} is known to Referrals."]);
        }
        catch (DependencyUnavailableException)
        {
            // The hold may have been taken just before the deadline: give it back if Referrals answers now, and
            // otherwise it lapses by itself (it was never confirmed).
            await ReleaseAsync(plan, CancellationToken.None);
            throw;
        }
    }

    public async ValueTask ConfirmAsync(BookingPlan plan, CancellationToken cancellationToken)
    {
        if (plan.ReferralId is not { } referralId) return;
        foreach (var visit in plan.Visits)
        {
            try
            {
                await RemoteCall.InvokeAsync(ReferralsService, async () =>
                    await referrals.ConfirmHoldAsync(Ref(referralId, visit), cancellationToken: cancellationToken));
            }
            catch (Exception ex) when (ex is DependencyUnavailableException or BusinessRuleException or RpcException)
            {
                // The appointment is committed and stays booked. Its hold is confirmed again through the outbox
                // (AppointmentBooked, delivered to Referrals until it is applied), so a lapse here is temporary.
                LogConfirmFailed(logger, referralId, visit.AppointmentId, ex.GetType().Name);
                if (ex is DependencyUnavailableException) return; // the rest would wait for the same deadline
            }
        }
    }

    public async ValueTask ReleaseAsync(BookingPlan plan, CancellationToken cancellationToken)
    {
        if (plan.ReferralId is not { } referralId) return;
        foreach (var visit in plan.Visits)
        {
            try
            {
                await referrals.ReleaseHoldAsync(Ref(referralId, visit), cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (ex is RpcException or HttpRequestException or OperationCanceledException
                                           or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException)
            {
                // Never in the way of the booking's own answer: an unconfirmed hold lapses by itself, and so do the
                // rest, which would only wait for the same deadline.
                LogReleaseFailed(logger, referralId, visit.AppointmentId, ex.GetType().Name);
                return;
            }
        }
    }

    private static HoldRef Ref(Guid referralId, PlannedVisit visit) =>
        new() { ReferralId = referralId.ToString(), AppointmentId = visit.AppointmentId.ToString() };

    private static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Visit hold of appointment {AppointmentId} on referral {ReferralId} was not confirmed ({Error}); the appointment is booked and the outbox confirms it later")]
    private static partial void LogConfirmFailed(ILogger logger, Guid referralId, Guid appointmentId, string error);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Visit hold of appointment {AppointmentId} on referral {ReferralId} could not be released ({Error}); it lapses unconfirmed")]
    private static partial void LogReleaseFailed(ILogger logger, Guid referralId, Guid appointmentId, string error);
}
