using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using Platform.Events.Grpc;

namespace Platform.Events;

/// <summary>
/// Pushes pending outbox events to each subscriber over gRPC: one loop per subscriber, woken in process right after a
/// commit that wrote events (<see cref="EventOutbox.Committed"/>), and polling for the rest (another replica's events,
/// a retry that came due, a commit nobody announced). A batch is claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> and stays locked during the call, so replicas never send the same event
/// at the same time; a crash releases the locks with the connection and the events are sent again.
/// </summary>
internal sealed partial class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    OutboxWake wake,
    GrpcClientFactory clientFactory,
    EventSubscriptions subscriptions,
    IOptions<EventsOptions> options,
    EventsTelemetry telemetry,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>Tells the subscriber which replica delivered (host/pid), for its logs.</summary>
    public const string DispatcherHeader = "platform-events-dispatcher";


    private readonly EventsOptions _options = options.Value;
    private readonly Backoff _backoff = new(options.Value.InitialBackoff, options.Value.MaxBackoff);
    private readonly Metadata _headers = new() { { DispatcherHeader, $"{Environment.MachineName}/{Environment.ProcessId}" } };

    internal static string ClientName(string subscriber) => "platform-events-" + subscriber;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await OutboxStore.TriggersInstalledAsync(dataSource, cancellationToken))
        {
            throw new InvalidOperationException(
                "The outbox triggers are missing from this service's database. The migration that creates the outbox tables " +
                "(after modelBuilder.AddOutbox()) must call migrationBuilder.AddOutboxTriggers() at the end of Up.");
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        foreach (var subscriber in subscriptions.Subscribers) LogSubscriber(logger, subscriber);
        var loops = subscriptions.Subscribers.Select(s => RunSubscriberAsync(s, stoppingToken)).ToList();
        loops.Add(CountPendingAsync(stoppingToken));
        await Task.WhenAll(loops);
    }

    private async Task RunSubscriberAsync(string subscriber, CancellationToken stoppingToken)
    {
        var client = clientFactory.CreateClient<EventSink.EventSinkClient>(ClientName(subscriber));
        var signal = wake.For(subscriber);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan pause;
            try
            {
                switch (await DispatchBatchAsync(subscriber, client))
                {
                    case BatchResult.Sent:
                        failures = 0;
                        continue; // the aggregates' next events may be due now
                    case BatchResult.Empty:
                        failures = 0;
                        var nextRetry = await NextRetryAsync(subscriber, stoppingToken);
                        await signal.WaitAsync(nextRetry is { } due && due < _options.PollInterval ? due : _options.PollInterval, stoppingToken);
                        continue;
                    default:
                        // The subscriber is down: pause it as a whole (notifications do not cut the pause short).
                        pause = _backoff.After(++failures);
                        LogSubscriberUnavailable(logger, subscriber, failures, pause.TotalMilliseconds);
                        break;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The outbox database failed; a rollback released whatever was claimed.
                pause = _backoff.After(++failures);
                LogDispatchFailed(logger, ex, subscriber);
            }

            if (!await Loop.PauseAsync(pause, stoppingToken)) return;
        }
    }

    private async Task<BatchResult> DispatchBatchAsync(string subscriber, EventSink.EventSinkClient client)
    {
        // A delivery in flight finishes (within its deadline) even when the service stops, so a normal
        // shutdown does not cause redeliveries.
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        List<PendingDelivery> batch;
        using (SuppressInstrumentationScope.Begin())
        {
            batch = await OutboxStore.ClaimAsync(connection, transaction, subscriber, _options.BatchSize);
        }

        if (batch.Count == 0)
        {
            await transaction.CommitAsync();
            return BatchResult.Empty;
        }

        using var activity = StartDeliverActivity(subscriber, batch);
        var request = new DeliverRequest();
        request.Events.AddRange(batch.Select(ToEnvelope));
        DeliverReply? reply = null;
        string? unavailable = null;
        try
        {
            reply = await client.DeliverAsync(request, _headers, DateTime.UtcNow.Add(_options.DeliveryTimeout));
        }
        catch (Exception ex)
        {
            unavailable = ex switch
            {
                RpcException { Status.Detail.Length: > 0 } rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
                RpcException rpc => rpc.StatusCode.ToString(),
                _ => $"{ex.GetType().Name}: {ex.Message}",
            };
            activity?.SetStatus(ActivityStatusCode.Error, "subscriber unavailable");
        }

        var outcomes = reply is null
            ? batch.Select(d => new DeliveryOutcome(d.EventId, false, "Subscriber unavailable: " + unavailable, TimeSpan.Zero)).ToList()
            : Outcomes(batch, reply);
        var delivered = await OutboxStore.RecordAsync(connection, transaction, subscriber, outcomes);
        await transaction.CommitAsync();

        var byId = batch.ToDictionary(d => d.EventId);
        foreach (var outcome in outcomes)
        {
            var pending = byId[outcome.EventId];
            if (delivered.TryGetValue(pending.EventId, out var at))
            {
                telemetry.Delivered(subscriber, pending.EventName, at - pending.RecordedAt);
            }
            else
            {
                telemetry.Failed(subscriber, pending.EventName, reply is null ? "unavailable" : "rejected");
                if (reply is not null) LogRejected(logger, pending.EventId, pending.EventName, subscriber, pending.Attempts + 1, outcome.RetryAfter.TotalMilliseconds);
            }
        }

        activity?.SetTag("platform.events.acknowledged", delivered.Count);
        return reply is null ? BatchResult.Unavailable : BatchResult.Sent;
    }

    /// <summary>
    /// What to record per event. An event the subscriber did not get to (it answered early, near its deadline)
    /// is left as it was: not an attempt, due again at once. A reply that acknowledges nothing is a failure.
    /// </summary>
    private List<DeliveryOutcome> Outcomes(List<PendingDelivery> batch, DeliverReply reply)
    {
        var acks = new Dictionary<string, EventAck>(StringComparer.OrdinalIgnoreCase);
        foreach (var ack in reply.Acks) acks.TryAdd(ack.EventId, ack);
        var outcomes = new List<DeliveryOutcome>(batch.Count);
        foreach (var d in batch)
        {
            if (!acks.TryGetValue(d.EventId.ToString(), out var ack))
            {
                if (acks.Count == 0) outcomes.Add(new DeliveryOutcome(d.EventId, false, "Not acknowledged by the subscriber.", _backoff.After(d.Attempts + 1)));
                continue;
            }

            outcomes.Add(ack.Status is AckStatus.Applied or AckStatus.Duplicate
                ? new DeliveryOutcome(d.EventId, true, null, TimeSpan.Zero)
                : new DeliveryOutcome(d.EventId, false, string.IsNullOrEmpty(ack.Error) ? ack.Status.ToString() : ack.Error, _backoff.After(d.Attempts + 1)));
        }

        return outcomes;
    }

    private static EventEnvelope ToEnvelope(PendingDelivery d) => new()
    {
        EventId = d.EventId.ToString(),
        Type = d.EventType,
        AggregateId = d.AggregateId,
        Sequence = d.Sequence,
        OccurredAt = Timestamp.FromDateTimeOffset(d.OccurredAt),
        Source = d.Source,
        Payload = new Any { TypeUrl = "type.googleapis.com/" + d.EventType, Value = Google.Protobuf.ByteString.CopyFrom(d.Payload) },
        Traceparent = d.TraceParent ?? string.Empty,
        Tracestate = d.TraceState ?? string.Empty,
    };

    /// <summary>One span per call, linked to the traces that published the events in it.</summary>
    private static Activity? StartDeliverActivity(string subscriber, List<PendingDelivery> batch)
    {
        var links = batch
            .Select(d => ActivityContext.TryParse(d.TraceParent, d.TraceState, out var context) ? context : default)
            .Where(c => c != default)
            .Take(32)
            .Select(c => new ActivityLink(c));
        var activity = EventsTelemetry.Source.StartActivity($"deliver {subscriber}", ActivityKind.Client, default(ActivityContext), links: links);
        activity?.SetTag("messaging.system", "platform-events");
        activity?.SetTag("platform.events.subscriber", subscriber);
        activity?.SetTag("messaging.batch.message_count", batch.Count);
        return activity;
    }

    private async Task<TimeSpan?> NextRetryAsync(string subscriber, CancellationToken cancellationToken)
    {
        using var _ = SuppressInstrumentationScope.Begin();
        return await OutboxStore.NextRetryAsync(dataSource, subscriber, cancellationToken);
    }

    private async Task CountPendingAsync(CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                using var _ = SuppressInstrumentationScope.Begin();
                telemetry.SetPending(await OutboxStore.PendingAsync(dataSource, stoppingToken), subscriptions.Subscribers);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogCountFailed(logger, ex);
            }
        }
        while (await Loop.PauseAsync(_options.MetricsInterval, stoppingToken));
    }

    private enum BatchResult { Empty, Sent, Unavailable }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivering outbox events to {Subscriber}")]
    private static partial void LogSubscriber(ILogger logger, string subscriber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscriber {Subscriber} unavailable ({Failures} in a row); next try in {PauseMs:F0} ms")]
    private static partial void LogSubscriberUnavailable(ILogger logger, string subscriber, int failures, double pauseMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} ({EventType}) refused by {Subscriber} on attempt {Attempt}; retry in {RetryMs:F0} ms")]
    private static partial void LogRejected(ILogger logger, Guid eventId, string eventType, string subscriber, int attempt, double retryMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatching outbox events to {Subscriber} failed")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, string subscriber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting pending outbox events failed")]
    private static partial void LogCountFailed(ILogger logger, Exception exception);
}
