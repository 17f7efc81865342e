namespace AppHost.Telemetry;

/// <summary>
/// Everything the resources sent, in memory, bounded: per resource at most
/// <see cref="TelemetryLimits.MaxSpansPerResource"/> spans, <see cref="TelemetryLimits.MaxLogsPerResource"/>
/// log records and <see cref="TelemetryLimits.MaxMetricPointsPerResource"/> metric points; past a cap the
/// oldest item of that resource goes first, so a long session cannot exhaust memory and one chatty
/// resource cannot push out another's data. One lock: writes are short, reads copy what they return.
/// </summary>
public sealed class TelemetryStore(TelemetryLimits limits)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ResourceData> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SpanRecord>> _traces = new(StringComparer.Ordinal);
    private long _logSequence;

    public TelemetryLimits Limits => limits;

    public void AddSpans(IEnumerable<SpanRecord> spans)
    {
        lock (_lock)
        {
            foreach (var span in spans)
            {
                var data = Data(span.Resource);
                data.Spans.Enqueue(span);
                if (!_traces.TryGetValue(span.TraceId, out var trace)) _traces[span.TraceId] = trace = [];
                trace.Add(span);
                while (data.Spans.Count > limits.MaxSpansPerResource)
                {
                    var oldest = data.Spans.Dequeue();
                    data.DroppedSpans++;
                    var oldTrace = _traces[oldest.TraceId];
                    oldTrace.RemoveAt(oldTrace.FindIndex(s => ReferenceEquals(s, oldest)));
                    if (oldTrace.Count == 0) _traces.Remove(oldest.TraceId);
                }
            }
        }
    }

    public void AddLogs(IEnumerable<LogEntry> logs)
    {
        lock (_lock)
        {
            foreach (var log in logs)
            {
                var data = Data(log.Resource);
                log.Sequence = ++_logSequence;
                data.Logs.Enqueue(log);
                while (data.Logs.Count > limits.MaxLogsPerResource)
                {
                    data.Logs.Dequeue();
                    data.DroppedLogs++;
                }
            }
        }
    }

    /// <summary>Adds points to the instrument's series, creating either on first sight.</summary>
    public void AddMetricPoints(
        string resource, string meter, string name, string unit, string description, MetricKind kind, bool isMonotonic, bool isDelta,
        IEnumerable<(IReadOnlyList<Tag> Tags, MetricPoint Point)> points)
    {
        lock (_lock)
        {
            var data = Data(resource);
            var key = meter + "\n" + name;
            if (!data.Instruments.TryGetValue(key, out var instrument))
            {
                data.Instruments[key] = instrument = new MetricInstrument(resource, meter, name, unit, description, kind, isMonotonic, isDelta);
            }

            foreach (var (tags, point) in points)
            {
                var seriesKey = SeriesKey(tags);
                if (!instrument.SeriesByKey.TryGetValue(seriesKey, out var series))
                {
                    instrument.SeriesByKey[seriesKey] = series = new MetricSeries(instrument, seriesKey, tags);
                }

                point.Series = series;
                series.Points.Enqueue(point);
                data.MetricPoints.Enqueue(point);
                while (data.MetricPoints.Count > limits.MaxMetricPointsPerResource)
                {
                    DropOldestPoint(data);
                }
            }
        }
    }

    private static void DropOldestPoint(ResourceData data)
    {
        var oldest = data.MetricPoints.Dequeue();
        data.DroppedMetricPoints++;
        var series = oldest.Series!;
        // Points enter the resource's queue and their series' queue in the same order, so the oldest
        // of the resource is the oldest of its series.
        series.Points.Dequeue();
        if (series.Points.Count > 0) return;
        var instrument = series.Instrument;
        instrument.SeriesByKey.Remove(series.Key);
        if (instrument.SeriesByKey.Count == 0) data.Instruments.Remove(instrument.Meter + "\n" + instrument.Name);
    }

    /// <summary>The attributes in key order as one string (the SDK sends them sorted already; sort only if not).</summary>
    private static string SeriesKey(IReadOnlyList<Tag> tags)
    {
        if (tags.Count == 0) return string.Empty;
        var ordered = tags;
        for (var i = 1; i < tags.Count; i++)
        {
            if (string.CompareOrdinal(tags[i - 1].Key, tags[i].Key) > 0)
            {
                ordered = tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToArray();
                break;
            }
        }

        var key = new System.Text.StringBuilder();
        foreach (var tag in ordered) key.Append(tag.Key).Append('=').Append(tag.Value).Append('\n');
        return key.ToString();
    }

    private ResourceData Data(string resource)
    {
        if (!_resources.TryGetValue(resource, out var data)) _resources[resource] = data = new ResourceData();
        return data;
    }

    public IReadOnlyList<string> Resources()
    {
        lock (_lock)
        {
            return _resources.Keys.Order(StringComparer.Ordinal).ToList();
        }
    }

    public ResourceTelemetryCounts Counts(string resource)
    {
        lock (_lock)
        {
            return _resources.TryGetValue(resource, out var d)
                ? new ResourceTelemetryCounts(resource, d.Spans.Count, d.Logs.Count, d.MetricPoints.Count, d.DroppedSpans, d.DroppedLogs, d.DroppedMetricPoints)
                : new ResourceTelemetryCounts(resource, 0, 0, 0, 0, 0, 0);
        }
    }

    /// <summary>Log records that match, newest first.</summary>
    public IReadOnlyList<LogEntry> Logs(LogQuery query, int limit)
    {
        lock (_lock)
        {
            IEnumerable<ResourceData> sources = query.Resource is null
                ? _resources.Values
                : _resources.TryGetValue(query.Resource, out var one) ? [one] : [];
            var minimum = query.MinimumLevel is { } level ? LogSeverities.MinimumSeverity(level) : 0;
            return sources.SelectMany(d => d.Logs)
                .Where(l => l.SeverityNumber >= minimum
                    && (query.TraceId is null || string.Equals(l.TraceId, query.TraceId, StringComparison.OrdinalIgnoreCase))
                    && (query.Text is null || Matches(l, query.Text)))
                .OrderByDescending(l => l.Sequence)
                .Take(limit)
                .ToList();
        }
    }

    private static bool Matches(LogEntry log, string text) =>
        log.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
        || log.Category.Contains(text, StringComparison.OrdinalIgnoreCase)
        || log.Tags.Any(t => t.Value.Contains(text, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every span of one trace that is still kept, in start order.</summary>
    public IReadOnlyList<SpanRecord> Trace(string traceId)
    {
        lock (_lock)
        {
            return _traces.TryGetValue(traceId.ToLowerInvariant(), out var spans)
                ? spans.OrderBy(s => s.StartUnixNano).ToList()
                : [];
        }
    }

    /// <summary>Traces that match, newest first.</summary>
    public IReadOnlyList<TraceSummary> Traces(TraceQuery query, int limit)
    {
        List<List<SpanRecord>> candidates;
        lock (_lock)
        {
            candidates = _traces.Values
                .Where(spans => (query.Resource is null || spans.Any(s => s.Resource == query.Resource))
                    && (query.Route is null || spans.Any(s => RouteMatches(s, query.Route))))
                .Select(spans => spans.ToList())
                .ToList();
        }

        return candidates.Select(Summarize).OrderByDescending(t => t.StartUnixNano).Take(limit).ToList();
    }

    private static bool RouteMatches(SpanRecord span, string route) =>
        span.Kind == SpanKind.Server
        && ((span.Tag("http.route") ?? span.Tag("url.path") ?? span.Name).Contains(route, StringComparison.OrdinalIgnoreCase)
            || span.Name.Contains(route, StringComparison.OrdinalIgnoreCase));

    public static TraceSummary Summarize(IReadOnlyList<SpanRecord> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        // The root is the earliest span whose parent is not here (the caller's span, or one dropped by a cap).
        var root = spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).MinBy(s => s.StartUnixNano) ?? spans[0];
        return new TraceSummary(
            root.TraceId,
            root.Resource,
            root.Name,
            spans.Min(s => s.StartUnixNano),
            spans.Max(s => s.EndUnixNano),
            spans.Count,
            spans.OrderBy(s => s.StartUnixNano).Select(s => s.Resource).Distinct(StringComparer.Ordinal).ToList(),
            spans.Any(s => s.IsError));
    }

    /// <summary>A copy of every instrument of a resource with its series and points.</summary>
    public IReadOnlyList<InstrumentSnapshot> Metrics(string resource)
    {
        lock (_lock)
        {
            if (!_resources.TryGetValue(resource, out var data)) return [];
            return data.Instruments.Values
                .Select(i => new InstrumentSnapshot(i.Meter, i.Name, i.Unit, i.Description, i.Kind, i.IsMonotonic, i.IsDelta,
                    i.SeriesByKey.Values.Select(s => new SeriesSnapshot(s.Tags, s.Points.ToArray())).ToList()))
                .ToList();
        }
    }

    private sealed class ResourceData
    {
        public Queue<SpanRecord> Spans { get; } = new();
        public Queue<LogEntry> Logs { get; } = new();
        public Queue<MetricPoint> MetricPoints { get; } = new();
        public Dictionary<string, MetricInstrument> Instruments { get; } = new(StringComparer.Ordinal);
        public long DroppedSpans { get; set; }
        public long DroppedLogs { get; set; }
        public long DroppedMetricPoints { get; set; }
    }
}

public sealed record LogQuery(string? Resource = null, LogSeverity? MinimumLevel = null, string? Text = null, string? TraceId = null);

public sealed record TraceQuery(string? Resource = null, string? Route = null);
