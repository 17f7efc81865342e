namespace AppHost.Telemetry;

/// <summary>How much the AppHost keeps per resource; past a cap the oldest item is dropped first.</summary>
public sealed class TelemetryLimits
{
    public const int DefaultMaxSpans = 10_000;
    public const int DefaultMaxLogs = 10_000;
    public const int DefaultMaxMetricPoints = 30_000;

    public int MaxSpansPerResource { get; init; } = DefaultMaxSpans;
    public int MaxLogsPerResource { get; init; } = DefaultMaxLogs;
    public int MaxMetricPointsPerResource { get; init; } = DefaultMaxMetricPoints;
}

/// <summary>An attribute as the dashboard shows it: the key and the value rendered as text.</summary>
public readonly record struct Tag(string Key, string Value);

public enum SpanKind
{
    Unspecified,
    Internal,
    Server,
    Client,
    Producer,
    Consumer,
}

public sealed record SpanEvent(long TimeUnixNano, string Name, IReadOnlyList<Tag> Tags);

/// <summary>One finished span, as received from a resource.</summary>
public sealed record SpanRecord(
    string Resource,
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    SpanKind Kind,
    long StartUnixNano,
    long EndUnixNano,
    bool IsError,
    string? StatusMessage,
    string Scope,
    IReadOnlyList<Tag> Tags,
    IReadOnlyList<SpanEvent> Events)
{
    public DateTimeOffset Start => Time.FromUnixNano(StartUnixNano);
    public TimeSpan Duration => Time.Between(StartUnixNano, EndUnixNano);

    public string? Tag(string key)
    {
        foreach (var tag in Tags)
        {
            if (tag.Key == key) return tag.Value;
        }

        return null;
    }
}

/// <summary>One structured log record; <see cref="Sequence"/> orders records across resources as received.</summary>
public sealed class LogEntry
{
    public long Sequence { get; internal set; }
    public required string Resource { get; init; }
    public required long TimeUnixNano { get; init; }
    /// <summary>OTLP severity number: 1-4 trace, 5-8 debug, 9-12 information, 13-16 warning, 17-20 error, 21-24 critical.</summary>
    public required int SeverityNumber { get; init; }
    public required string Category { get; init; }
    public required string Message { get; init; }
    public string? TraceId { get; init; }
    public string? SpanId { get; init; }
    public required IReadOnlyList<Tag> Tags { get; init; }

    public DateTimeOffset Time => Telemetry.Time.FromUnixNano(TimeUnixNano);
    public LogSeverity Level => LogSeverities.FromSeverity(SeverityNumber);
}

public enum LogSeverity
{
    Trace,
    Debug,
    Information,
    Warning,
    Error,
    Critical,
}

public static class LogSeverities
{
    public static LogSeverity FromSeverity(int severityNumber) => severityNumber switch
    {
        <= 4 => LogSeverity.Trace,
        <= 8 => LogSeverity.Debug,
        <= 12 => LogSeverity.Information,
        <= 16 => LogSeverity.Warning,
        <= 20 => LogSeverity.Error,
        _ => LogSeverity.Critical,
    };

    /// <summary>The lowest severity number of a level, for "this level and above" filters.</summary>
    public static int MinimumSeverity(LogSeverity level) => (int)level * 4 + 1;
}

public enum MetricKind
{
    Gauge,
    Sum,
    Histogram,
    ExponentialHistogram,
    Summary,
}

/// <summary>One instrument of one resource, e.g. <c>http.server.request.duration</c> of the gateway.</summary>
public sealed class MetricInstrument(string resource, string meter, string name, string unit, string description, MetricKind kind, bool isMonotonic, bool isDelta)
{
    internal Dictionary<string, MetricSeries> SeriesByKey { get; } = new(StringComparer.Ordinal);

    public string Resource { get; } = resource;
    public string Meter { get; } = meter;
    public string Name { get; } = name;
    public string Unit { get; } = unit;
    public string Description { get; } = description;
    public MetricKind Kind { get; } = kind;
    public bool IsMonotonic { get; } = isMonotonic;
    /// <summary>Delta temporality: each point covers only its own interval (cumulative otherwise).</summary>
    public bool IsDelta { get; } = isDelta;
}

/// <summary>One time series of an instrument: its points for one set of attributes.</summary>
public sealed class MetricSeries(MetricInstrument instrument, string key, IReadOnlyList<Tag> tags)
{
    internal Queue<MetricPoint> Points { get; } = new();
    internal string Key { get; } = key;

    public MetricInstrument Instrument { get; } = instrument;
    public IReadOnlyList<Tag> Tags { get; } = tags;
}

/// <summary>
/// One data point. Numbers (gauge, sum) use <see cref="Value"/>; histograms use <see cref="Count"/>,
/// <see cref="Sum"/>, <see cref="Bounds"/> and <see cref="BucketCounts"/> (bounds.Length + 1 buckets).
/// </summary>
public sealed record MetricPoint(
    long StartUnixNano,
    long TimeUnixNano,
    double Value,
    ulong Count = 0,
    double Sum = 0,
    double[]? Bounds = null,
    ulong[]? BucketCounts = null)
{
    internal MetricSeries? Series { get; set; }
}

/// <summary>A copy of one series for reading outside the store's lock.</summary>
public sealed record SeriesSnapshot(IReadOnlyList<Tag> Tags, IReadOnlyList<MetricPoint> Points);

public sealed record InstrumentSnapshot(
    string Meter, string Name, string Unit, string Description, MetricKind Kind, bool IsMonotonic, bool IsDelta,
    IReadOnlyList<SeriesSnapshot> Series);

/// <summary>A trace as the list shows it: its root, its extent, who took part, whether anything failed.</summary>
public sealed record TraceSummary(
    string TraceId,
    string RootResource,
    string RootName,
    long StartUnixNano,
    long EndUnixNano,
    int SpanCount,
    IReadOnlyList<string> Resources,
    bool HasError)
{
    public DateTimeOffset Start => Time.FromUnixNano(StartUnixNano);
    public TimeSpan Duration => Time.Between(StartUnixNano, EndUnixNano);
}

public sealed record ResourceTelemetryCounts(string Resource, int Spans, int Logs, int MetricPoints, long DroppedSpans, long DroppedLogs, long DroppedMetricPoints);

public static class Time
{
    public static DateTimeOffset FromUnixNano(long unixNano) => DateTimeOffset.UnixEpoch.AddTicks(unixNano / 100);

    public static long ToUnixNano(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks * 100;

    public static TimeSpan Between(long startUnixNano, long endUnixNano) => TimeSpan.FromTicks(Math.Max(0, endUnixNano - startUnixNano) / 100);
}
