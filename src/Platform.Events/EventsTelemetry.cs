using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Platform.ServiceDefaults;

namespace Platform.Events;

/// <summary>
/// Spans and metrics of event delivery. The names start with <c>Platform.</c>, so ServiceDefaults exports
/// them. Tags carry event types, subscribers and ids only, never payload content.
/// </summary>
public sealed class EventsTelemetry : IDisposable
{
    public const string Name = PlatformTelemetry.MeterPrefix + "Events";

    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter = PlatformTelemetry.CreateMeter("Events");
    private readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.Ordinal);
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _consumed;

    public EventsTelemetry()
    {
        _meter.CreateObservableGauge("platform.events.pending", ObservePending, "{event}",
            "Events not yet acknowledged by a subscriber, per subscriber.");
        _latency = _meter.CreateHistogram("platform.events.delivery.latency", "s",
            "Time from the event's commit in the publisher's outbox to the subscriber's acknowledgement.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        _failures = _meter.CreateCounter<long>("platform.events.delivery.failures", "{event}",
            "Deliveries that were not acknowledged: the subscriber was unavailable or its handler failed.");
        _consumed = _meter.CreateCounter<long>("platform.events.consumed", "{event}",
            "Events a consumer received, by outcome (applied, duplicate, failed).");
    }

    internal void SetPending(IReadOnlyDictionary<string, long> counts, IEnumerable<string> subscribers)
    {
        foreach (var subscriber in subscribers.Concat(_pending.Keys).Concat(counts.Keys).Distinct())
        {
            _pending[subscriber] = counts.GetValueOrDefault(subscriber);
        }
    }

    private IEnumerable<Measurement<long>> ObservePending() =>
        _pending.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("subscriber", p.Key)));

    internal void Delivered(string subscriber, string eventName, TimeSpan latency) =>
        _latency.Record(Math.Max(0, latency.TotalSeconds), Tag("subscriber", subscriber), Tag("event_type", eventName));

    internal void Failed(string subscriber, string eventName, string reason) =>
        _failures.Add(1, Tag("subscriber", subscriber), Tag("event_type", eventName), Tag("reason", reason));

    internal void Consumed(string eventName, string outcome) =>
        _consumed.Add(1, Tag("event_type", eventName), Tag("outcome", outcome));

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);

    /// <summary>The W3C context to store with an event: the current span's, if there is one.</summary>
    internal static (string? TraceParent, string? TraceState) CurrentTraceContext()
    {
        var activity = Activity.Current;
        return activity is { IdFormat: ActivityIdFormat.W3C } ? (activity.Id, activity.TraceStateString) : (null, null);
    }

    public void Dispose() => _meter.Dispose();
}
