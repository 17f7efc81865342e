using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Events.Grpc;
using Platform.ServiceDefaults.Problems;

namespace Platform.Events;

/// <summary>Applies delivered events exactly once per event id, whatever the transport.</summary>
internal interface IEventApplier
{
    Task<EventAck> ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken);
}

/// <summary>
/// One transaction per event on the service's DbContext: insert the event id into the inbox (a unique key,
/// so a concurrent or later redelivery waits for, then sees, the first one), run the handler, save, commit.
/// A duplicate is acknowledged without running the handler; a failure rolls everything back.
/// </summary>
internal sealed partial class EventConsumer<TDbContext>(
    IServiceScopeFactory scopes,
    EventHandlerRegistry handlers,
    EventsTelemetry telemetry,
    ILogger<EventConsumer<TDbContext>> logger) : IEventApplier
    where TDbContext : DbContext
{
    public async Task<EventAck> ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        var typeName = envelope.Payload is null ? envelope.Type : Any.GetTypeName(envelope.Payload.TypeUrl);
        var eventName = typeName[(typeName.LastIndexOf('.') + 1)..];
        if (!Guid.TryParse(envelope.EventId, out var eventId))
        {
            return Failed(envelope, eventName, "The envelope's event id is not a UUID.");
        }

        if (envelope.Payload is null || !handlers.TryGet(typeName, out var handler))
        {
            // Not applied, so the publisher keeps it and retries: deploying the handler delivers it.
            return Failed(envelope, eventName, $"No handler for {typeName} in this service.");
        }

        using var activity = StartProcessActivity(envelope, eventName);
        try
        {
            var message = handler.Parser.ParseFrom(envelope.Payload.Value);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
            var applied = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var inserted = await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO inbox_events (event_id, event_type, source, aggregate_id, sequence)
                    VALUES ({eventId}, {typeName}, {envelope.Source}, {envelope.AggregateId}, {envelope.Sequence})
                    ON CONFLICT (event_id) DO NOTHING
                    """, ct);
                if (inserted == 0) return false;

                var context = new EventContext(eventId, typeName, envelope.AggregateId, envelope.Sequence,
                    envelope.OccurredAt?.ToDateTimeOffset() ?? default, envelope.Source, db, transaction.GetDbTransaction());
                await handler.Invoke(scope.ServiceProvider, message, context, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return true;
            }, cancellationToken);

            var status = applied ? AckStatus.Applied : AckStatus.Duplicate;
            activity?.SetTag("platform.events.outcome", applied ? "applied" : "duplicate");
            telemetry.Consumed(eventName, applied ? "applied" : "duplicate");
            return new EventAck { EventId = envelope.EventId, Status = status };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            LogHandlerFailed(logger, ex, eventId, eventName);
            return Failed(envelope, eventName, Describe(ex));
        }
    }

    private EventAck Failed(EventEnvelope envelope, string eventName, string error)
    {
        telemetry.Consumed(eventName, "failed");
        return new EventAck { EventId = envelope.EventId, Status = AckStatus.Failed, Error = error };
    }

    /// <summary>
    /// What the publisher records: exception types and the innermost message (which the platform keeps free
    /// of PHI; Npgsql leaves row values out unless told otherwise), never the payload.
    /// </summary>
    internal static string Describe(Exception ex)
    {
        var cause = ex.GetBaseException();
        var type = cause == ex ? ex.GetType().Name : $"{ex.GetType().Name} ({cause.GetType().Name})";
        var code = ex is ProblemException problem ? $" [{problem.Code ?? problem.StatusCode.ToString()}]" : string.Empty;
        return $"{type}{code}: {cause.Message}";
    }

    /// <summary>Continues the publisher's trace, linked to the delivery call that brought the event.</summary>
    private static Activity? StartProcessActivity(EventEnvelope envelope, string eventName)
    {
        var delivery = Activity.Current?.Context;
        var hasParent = ActivityContext.TryParse(envelope.Traceparent, envelope.Tracestate, isRemote: true, out var parent);
        var activity = EventsTelemetry.Source.StartActivity($"{eventName} process", ActivityKind.Consumer,
            hasParent ? parent : default,
            links: hasParent && delivery is { } link ? [new ActivityLink(link)] : null);
        activity?.SetTag("messaging.system", "platform-events");
        activity?.SetTag("messaging.destination.name", envelope.Type);
        activity?.SetTag("messaging.message.id", envelope.EventId);
        activity?.SetTag("platform.events.source", envelope.Source);
        activity?.SetTag("platform.events.sequence", envelope.Sequence);
        return activity;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying event {EventId} ({EventType}) failed; the publisher will retry it")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, Guid eventId, string eventType);
}
