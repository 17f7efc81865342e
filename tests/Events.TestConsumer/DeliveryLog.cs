using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Platform.Events.Grpc;

namespace Events.TestConsumer;

/// <summary>
/// Everything the publishers' dispatchers sent, watched at the gRPC boundary (before the inbox): how often
/// each event arrived, whether one event was ever in two calls at the same time, which replica sent it,
/// and what the consumer answered.
/// </summary>
public sealed class DeliveryLog
{
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private readonly ConcurrentDictionary<string, int> _received = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _attempts = new();
    private readonly ConcurrentDictionary<string, int> _byDispatcher = new();
    private readonly ConcurrentDictionary<AckStatus, int> _acks = new();
    private int _concurrentDuplicates;
    private int _callsInFlight;

    public bool Healed { get; set; }

    public void Started(DeliverRequest request, string dispatcher)
    {
        Interlocked.Increment(ref _callsInFlight);
        _byDispatcher.AddOrUpdate(dispatcher, request.Events.Count, (_, n) => n + request.Events.Count);
        foreach (var envelope in request.Events)
        {
            _received.AddOrUpdate(envelope.EventId, 1, (_, n) => n + 1);
            _attempts.GetOrAdd(envelope.EventId, _ => new()).Enqueue(DateTimeOffset.UtcNow);
            if (_inFlight.AddOrUpdate(envelope.EventId, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref _concurrentDuplicates);
        }
    }

    public void Finished(DeliverRequest request, DeliverReply? reply)
    {
        foreach (var envelope in request.Events) _inFlight.AddOrUpdate(envelope.EventId, 0, (_, n) => n - 1);
        foreach (var ack in reply?.Acks ?? []) _acks.AddOrUpdate(ack.Status, 1, (_, n) => n + 1);
        Interlocked.Decrement(ref _callsInFlight);
    }

    public object Stats() => new
    {
        receivedTotal = _received.Values.Sum(),
        receivedDistinct = _received.Count,
        maxReceivesOfOneEvent = _received.Values.DefaultIfEmpty(0).Max(),
        concurrentDuplicates = Volatile.Read(ref _concurrentDuplicates),
        callsInFlight = Volatile.Read(ref _callsInFlight),
        byDispatcher = _byDispatcher.ToDictionary(),
        applied = _acks.GetValueOrDefault(AckStatus.Applied),
        duplicates = _acks.GetValueOrDefault(AckStatus.Duplicate),
        failed = _acks.GetValueOrDefault(AckStatus.Failed),
    };

    public DateTimeOffset[] AttemptsOf(string eventId) => _attempts.TryGetValue(eventId, out var times) ? times.ToArray() : [];
}

internal sealed class DeliveryLogInterceptor(DeliveryLog log) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (request is not DeliverRequest deliver) return await continuation(request, context);
        log.Started(deliver, context.RequestHeaders.GetValue("platform-events-dispatcher") ?? "unknown");
        DeliverReply? reply = null;
        try
        {
            var response = await continuation(request, context);
            reply = response as DeliverReply;
            return response;
        }
        finally
        {
            log.Finished(deliver, reply);
        }
    }
}
