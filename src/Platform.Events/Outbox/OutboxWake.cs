namespace Platform.Events;

/// <summary>
/// How a commit that wrote events reaches this process's dispatcher: one signal per subscriber loop, set after the
/// commit. Another replica's dispatcher finds the events at its next poll.
/// </summary>
internal sealed class OutboxWake(EventSubscriptions subscriptions)
{
    private readonly Dictionary<string, WakeSignal> _signals = subscriptions.Subscribers.ToDictionary(s => s, _ => new WakeSignal());

    public WakeSignal For(string subscriber) => _signals[subscriber];

    public void WakeAll()
    {
        foreach (var signal in _signals.Values) signal.Set();
    }
}
