using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;
using ProtoStatus = OpenTelemetry.Proto.Trace.V1.Status;

namespace AppHost.Telemetry;

/// <summary>
/// Turns OTLP export requests (the same messages over gRPC and HTTP/protobuf) into the store's records.
/// The resource is named by its <c>service.name</c>, which the AppHost sets to the resource's name.
/// </summary>
public sealed class OtlpIngest(TelemetryStore store)
{
    public const string UnknownResource = "unknown_service";

    public TelemetryStore Store => store;

    public void Ingest(ExportTraceServiceRequest request)
    {
        var spans = new List<SpanRecord>(request.ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count)));
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = ResourceName(resourceSpans.Resource?.Attributes);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = scopeSpans.Scope?.Name ?? string.Empty;
                foreach (var span in scopeSpans.Spans)
                {
                    if (span.TraceId.Length != 16 || span.SpanId.Length != 8) continue; // invalid per the specification
                    spans.Add(ToRecord(resource, scope, span));
                }
            }
        }

        store.AddSpans(spans);
    }

    private static SpanRecord ToRecord(string resource, string scope, ProtoSpan span) => new(
        resource,
        Hex(span.TraceId)!,
        Hex(span.SpanId)!,
        Hex(span.ParentSpanId),
        span.Name,
        span.Kind switch
        {
            ProtoSpan.Types.SpanKind.Internal => SpanKind.Internal,
            ProtoSpan.Types.SpanKind.Server => SpanKind.Server,
            ProtoSpan.Types.SpanKind.Client => SpanKind.Client,
            ProtoSpan.Types.SpanKind.Producer => SpanKind.Producer,
            ProtoSpan.Types.SpanKind.Consumer => SpanKind.Consumer,
            _ => SpanKind.Unspecified,
        },
        (long)span.StartTimeUnixNano,
        (long)span.EndTimeUnixNano,
        span.Status?.Code == ProtoStatus.Types.StatusCode.Error,
        string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
        scope,
        Tags(span.Attributes),
        span.Events.Count == 0 ? [] : span.Events.Select(e => new SpanEvent((long)e.TimeUnixNano, e.Name, Tags(e.Attributes))).ToArray());

    public void Ingest(ExportLogsServiceRequest request)
    {
        var logs = new List<LogEntry>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = ResourceName(resourceLogs.Resource?.Attributes);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                // The .NET SDK exports the logger's category as the scope name.
                var category = scopeLogs.Scope?.Name ?? string.Empty;
                foreach (var record in scopeLogs.LogRecords)
                {
                    logs.Add(new LogEntry
                    {
                        Resource = resource,
                        TimeUnixNano = (long)(record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano),
                        SeverityNumber = (int)record.SeverityNumber,
                        Category = category,
                        Message = record.Body is null ? record.EventName : Text(record.Body),
                        TraceId = Hex(record.TraceId),
                        SpanId = Hex(record.SpanId),
                        Tags = Tags(record.Attributes),
                    });
                }
            }
        }

        store.AddLogs(logs);
    }

    public void Ingest(ExportMetricsServiceRequest request)
    {
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resource = ResourceName(resourceMetrics.Resource?.Attributes);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var meter = scopeMetrics.Scope?.Name ?? string.Empty;
                foreach (var metric in scopeMetrics.Metrics)
                {
                    Ingest(resource, meter, metric);
                }
            }
        }
    }

    private void Ingest(string resource, string meter, Metric metric)
    {
        const AggregationTemporality Delta = AggregationTemporality.Delta;
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                Add(MetricKind.Gauge, false, false, metric.Gauge.DataPoints.Select(Number));
                break;
            case Metric.DataOneofCase.Sum:
                Add(MetricKind.Sum, metric.Sum.IsMonotonic, metric.Sum.AggregationTemporality == Delta, metric.Sum.DataPoints.Select(Number));
                break;
            case Metric.DataOneofCase.Histogram:
                Add(MetricKind.Histogram, false, metric.Histogram.AggregationTemporality == Delta, metric.Histogram.DataPoints.Select(p => ((IReadOnlyList<Tag>)Tags(p.Attributes),
                    new MetricPoint((long)p.StartTimeUnixNano, (long)p.TimeUnixNano, p.HasSum && p.Count > 0 ? p.Sum / p.Count : 0,
                        p.Count, p.HasSum ? p.Sum : 0, p.ExplicitBounds.ToArray(), p.BucketCounts.ToArray()))));
                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                // Shown by count and mean; the platform's SDK exports explicit-bucket histograms.
                Add(MetricKind.ExponentialHistogram, false, metric.ExponentialHistogram.AggregationTemporality == Delta,
                    metric.ExponentialHistogram.DataPoints.Select(p => ((IReadOnlyList<Tag>)Tags(p.Attributes),
                        new MetricPoint((long)p.StartTimeUnixNano, (long)p.TimeUnixNano, p.HasSum && p.Count > 0 ? p.Sum / p.Count : 0, p.Count, p.HasSum ? p.Sum : 0))));
                break;
            case Metric.DataOneofCase.Summary:
                Add(MetricKind.Summary, false, false, metric.Summary.DataPoints.Select(p => ((IReadOnlyList<Tag>)Tags(p.Attributes),
                    new MetricPoint((long)p.StartTimeUnixNano, (long)p.TimeUnixNano, p.Count > 0 ? p.Sum / p.Count : 0, p.Count, p.Sum))));
                break;
        }

        void Add(MetricKind kind, bool monotonic, bool delta, IEnumerable<(IReadOnlyList<Tag>, MetricPoint)> points) =>
            store.AddMetricPoints(resource, meter, metric.Name, metric.Unit, metric.Description, kind, monotonic, delta, points);
    }

    private static (IReadOnlyList<Tag>, MetricPoint) Number(NumberDataPoint p) => ((IReadOnlyList<Tag>)Tags(p.Attributes), new MetricPoint(
        (long)p.StartTimeUnixNano,
        (long)p.TimeUnixNano,
        p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble));

    public static string ResourceName(RepeatedField<KeyValue>? attributes)
    {
        var name = attributes?.FirstOrDefault(a => a.Key == "service.name")?.Value;
        return name is null || string.IsNullOrEmpty(name.StringValue) ? UnknownResource : name.StringValue;
    }

    private static Tag[] Tags(RepeatedField<KeyValue> attributes)
    {
        if (attributes.Count == 0) return [];
        var tags = new Tag[attributes.Count];
        for (var i = 0; i < tags.Length; i++)
        {
            var attribute = attributes[i];
            tags[i] = new Tag(attribute.Key, attribute.Value is null ? string.Empty : Text(attribute.Value));
        }

        return tags;
    }

    /// <summary>An attribute value or log body as text.</summary>
    public static string Text(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => kv.Key + ": " + (kv.Value is null ? "" : Text(kv.Value)))) + "}",
        AnyValue.ValueOneofCase.BytesValue => value.BytesValue.ToBase64(),
        _ => string.Empty,
    };

    /// <summary>Lower-case hex of an id; null when absent (an empty parent id means a root span).</summary>
    private static string? Hex(ByteString id) => id.IsEmpty ? null : Convert.ToHexStringLower(id.Span);
}
