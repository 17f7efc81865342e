using System.Diagnostics;
using Events.TestPublisher.Contracts;
using Platform.Events;

namespace Events.TestConsumer;

internal sealed class CounterIncrementedHandler(ConsumerDbContext db, DeliveryLog log, IConfiguration configuration)
    : IEventHandler<CounterIncremented>
{
    public async Task HandleAsync(CounterIncremented @event, EventContext context, CancellationToken cancellationToken)
    {
        if (@event.Poison && !log.Healed)
        {
            throw new InvalidOperationException("The test handler refuses poison events until healed.");
        }

        var delay = configuration.GetValue<TimeSpan>("Consumer:HandlerDelay");
        if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken);

        db.Applied.Add(new AppliedEvent
        {
            EventId = context.EventId,
            CounterId = Guid.Parse(@event.CounterId),
            Value = @event.Value,
            Sequence = context.Sequence,
            TraceId = Activity.Current?.TraceId.ToString(),
        });
    }
}
