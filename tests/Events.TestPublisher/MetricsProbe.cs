using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Platform.Events;

namespace Events.TestPublisher;

/// <summary>Reads the library's instruments in-process, the way an OpenTelemetry exporter would, for the tests to assert.</summary>
public sealed class MetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _pending = new();
    private readonly ConcurrentDictionary<string, long> _failures = new();
    private long _latencyCount;
    private double _latencyMaxSeconds;

    public MetricsProbe()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EventsTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var subscriber = Tag(tags, "subscriber");
            if (instrument.Name == "platform.events.pending") _pending[subscriber] = value;
            if (instrument.Name == "platform.events.delivery.failures") _failures.AddOrUpdate($"{subscriber}/{Tag(tags, "reason")}", value, (_, v) => v + value);
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name != "platform.events.delivery.latency") return;
            Interlocked.Increment(ref _latencyCount);
            lock (_listener) _latencyMaxSeconds = Math.Max(_latencyMaxSeconds, value);
        });
        _listener.Start();
    }

    public object Snapshot()
    {
        _listener.RecordObservableInstruments();
        return new { pending = _pending.ToDictionary(), failures = _failures.ToDictionary(), latencyCount = Interlocked.Read(ref _latencyCount), latencyMaxSeconds = _latencyMaxSeconds };
    }

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags) if (tag.Key == key) return tag.Value?.ToString() ?? string.Empty;
        return string.Empty;
    }

    public void Dispose() => _listener.Dispose();
}
