using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Events;

/// <summary>How to parse and apply one event type, registered by <c>AddEventHandler&lt;TEvent, THandler&gt;()</c>.</summary>
internal sealed record EventHandlerRegistration(
    string EventType,
    MessageParser Parser,
    Func<IServiceProvider, IMessage, EventContext, CancellationToken, Task> Invoke)
{
    public static EventHandlerRegistration For<TEvent, THandler>()
        where TEvent : IMessage<TEvent>, new()
        where THandler : class, IEventHandler<TEvent> =>
        new(new TEvent().Descriptor.FullName,
            new MessageParser<TEvent>(() => new TEvent()),
            (services, message, context, ct) => services.GetRequiredService<THandler>().HandleAsync((TEvent)message, context, ct));
}

internal sealed class EventHandlerRegistry
{
    private readonly Dictionary<string, EventHandlerRegistration> _byType;

    public EventHandlerRegistry(IEnumerable<EventHandlerRegistration> registrations)
    {
        _byType = new Dictionary<string, EventHandlerRegistration>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            if (!_byType.TryAdd(registration.EventType, registration))
            {
                throw new InvalidOperationException($"Two handlers are registered for {registration.EventType}; register exactly one per event type.");
            }
        }
    }

    public bool TryGet(string eventType, out EventHandlerRegistration registration) =>
        _byType.TryGetValue(eventType, out registration!);
}
