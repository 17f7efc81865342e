using Mediator;
using Platform.Events;
using Platform.ServiceDefaults.Problems;
using Scheduling.Events;

namespace Referrals.Api.Features.Visits;

/// <summary>
/// Scheduling's appointment events move the counted visits of the appointment's referral (appointments without one
/// are acknowledged and ignored):
/// <list type="bullet">
/// <item><c>AppointmentBooked</c> confirms the hold (the booking's own confirmation, made durable);</item>
/// <item><c>AppointmentCompleted</c> consumes the visit;</item>
/// <item><c>AppointmentNoShow</c> consumes it too: by policy a missed visit counts as used (DESIGN.md);</item>
/// <item><c>AppointmentCancelled</c> releases it.</item>
/// </list>
/// Each change goes through the same idempotent use case as the gRPC call (per referral and appointment), so a
/// redelivered event, or one racing the booking's own call, changes nothing twice. A change the rules refuse (a hold
/// already released, a visit already consumed, no hold at all) is logged and acknowledged: delivering it again could
/// never succeed. Anything else throws, and Scheduling delivers the event again later.
/// </summary>
internal sealed partial class AppointmentVisitEvents(IMediator mediator, ILogger<AppointmentVisitEvents> logger)
    : IEventHandler<AppointmentBooked>, IEventHandler<AppointmentCompleted>, IEventHandler<AppointmentNoShow>, IEventHandler<AppointmentCancelled>
{
    public Task HandleAsync(AppointmentBooked @event, EventContext context, CancellationToken cancellationToken) =>
        ApplyAsync(@event.Appointment, context, (referral, appointment) => new ConfirmHold(referral, appointment), cancellationToken);

    public Task HandleAsync(AppointmentCompleted @event, EventContext context, CancellationToken cancellationToken) =>
        ApplyAsync(@event.Appointment, context, (referral, appointment) => new ConsumeVisit(referral, appointment), cancellationToken);

    public Task HandleAsync(AppointmentNoShow @event, EventContext context, CancellationToken cancellationToken) =>
        ApplyAsync(@event.Appointment, context, (referral, appointment) => new ConsumeVisit(referral, appointment), cancellationToken);

    public Task HandleAsync(AppointmentCancelled @event, EventContext context, CancellationToken cancellationToken) =>
        ApplyAsync(@event.Appointment, context, (referral, appointment) => new ReleaseHold(referral, appointment), cancellationToken);

    private async Task ApplyAsync(AppointmentRef? appointment, EventContext context, Func<Guid, Guid, ICommand<ChangedHold>> change,
        CancellationToken cancellationToken)
    {
        if (appointment is null) throw new FormatException($"{context.EventType}.appointment is missing.");
        if (appointment.ReferralId.Length == 0) return;
        var referralId = Guid.TryParse(appointment.ReferralId, out var r) ? r : throw new FormatException($"{context.EventType}.referral_id is malformed.");
        var appointmentId = Guid.TryParse(appointment.AppointmentId, out var a) ? a : throw new FormatException($"{context.EventType}.appointment_id is malformed.");
        try
        {
            await mediator.Send(change(referralId, appointmentId), cancellationToken);
        }
        catch (Exception ex) when (ex is BusinessRuleException or NotFoundException)
        {
            LogRefused(logger, context.EventType, referralId, appointmentId, (ex as ProblemException)!.Code ?? "refused");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{EventType} for appointment {AppointmentId} on referral {ReferralId} changed no visit: {Code}")]
    private static partial void LogRefused(ILogger logger, string eventType, Guid referralId, Guid appointmentId, string code);
}
