using Grpc.Core;
using Platform.Events.Grpc;

namespace Platform.Events;

/// <summary>
/// The gRPC endpoint publishers deliver to. Events are applied one after the other, in the order sent.
/// When the call's deadline draws near, it answers with the acknowledgements so far; the publisher sends
/// the rest again at once, so slow handlers shrink batches instead of timing whole calls out.
/// </summary>
internal sealed class EventSinkService(IEventApplier applier, TimeProvider clock) : EventSink.EventSinkBase
{
    /// <summary>Time kept in hand before the deadline to answer.</summary>
    internal static readonly TimeSpan AnswerMargin = TimeSpan.FromSeconds(2);

    public override async Task<DeliverReply> Deliver(DeliverRequest request, ServerCallContext context)
    {
        var reply = new DeliverReply();
        foreach (var envelope in request.Events)
        {
            // The publisher gave up (crash): stop; what was applied is deduplicated on redelivery.
            context.CancellationToken.ThrowIfCancellationRequested();
            if (reply.Acks.Count > 0 && context.Deadline - clock.GetUtcNow().UtcDateTime < AnswerMargin) break;
            reply.Acks.Add(await applier.ApplyAsync(envelope, context.CancellationToken));
        }

        return reply;
    }
}
