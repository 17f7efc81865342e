using System.Data.Common;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;

namespace Platform.Events;

/// <summary>
/// Applies one event type. Runs inside a transaction that also records the event id in the inbox: make
/// every change through the service's DbContext (inject it; it is the same scoped instance as
/// <see cref="EventContext.Db"/>) or through <see cref="EventContext.Transaction"/>, and do not commit;
/// the library saves, commits, and acknowledges. Throw to refuse: nothing is kept and the publisher
/// retries later with backoff, so a handler must be safe to run again after a failure.
/// </summary>
public interface IEventHandler<in TEvent> where TEvent : IMessage<TEvent>
{
    Task HandleAsync(TEvent @event, EventContext context, CancellationToken cancellationToken);
}

/// <summary>The envelope of the event being applied, and the transaction it is applied in.</summary>
public sealed record EventContext(
    Guid EventId,
    string EventType,
    string AggregateId,
    long Sequence,
    DateTimeOffset OccurredAt,
    string Source,
    DbContext Db,
    DbTransaction Transaction);
