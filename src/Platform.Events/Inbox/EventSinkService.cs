using Grpc.Core;
using Platform.Events.Grpc;

namespace Platform.Events.Inbox;

/// <summary>The gRPC endpoint publishers deliver to. Events are applied one after the other, in the order sent.</summary>
internal sealed class EventSinkService(IEventApplier applier) : EventSink.EventSinkBase
{
    public override async Task<DeliverReply> Deliver(DeliverRequest request, ServerCallContext context)
    {
        var reply = new DeliverReply();
        foreach (var envelope in request.Events)
        {
            // The publisher gave up (deadline, crash): stop; what was applied is deduplicated on redelivery.
            context.CancellationToken.ThrowIfCancellationRequested();
            reply.Acks.Add(await applier.ApplyAsync(envelope, context.CancellationToken));
        }

        return reply;
    }
}
