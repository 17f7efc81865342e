using AppHost.Telemetry;

namespace Dashboard.Tests;

/// <summary>The store keeps at most its caps per resource, drops the oldest first, and answers the dashboard's queries.</summary>
public sealed class TelemetryStoreTests
{
    private static long _clock = Time.ToUnixNano(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

    private static long Next() => Interlocked.Add(ref _clock, 1_000_000);

    private static SpanRecord Span(string resource, string traceId, string spanId, string? parent = null, string name = "GET /api/things",
        SpanKind kind = SpanKind.Server, bool error = false, params Tag[] tags)
    {
        var start = Next();
        return new SpanRecord(resource, traceId, spanId, parent, name, kind, start, start + 5_000_000, error, null, "test", tags, []);
    }

    private static LogEntry Log(string resource, string message, int severity = 9, string? traceId = null, string category = "Tests") => new()
    {
        Resource = resource,
        TimeUnixNano = Next(),
        SeverityNumber = severity,
        Category = category,
        Message = message,
        TraceId = traceId,
        Tags = [],
    };

    private static string Id(int n, int length) => n.ToString("x").PadLeft(length, '0');

    [Fact]
    public void Spans_over_the_cap_drop_the_oldest_of_that_resource_and_leave_its_trace()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxSpansPerResource = 3 });

        store.AddSpans(Enumerable.Range(1, 5).Select(i => Span("gateway", Id(i, 32), Id(i, 16))));

        Assert.Equal(3, store.Counts("gateway").Spans);
        Assert.Equal(2, store.Counts("gateway").DroppedSpans);
        Assert.Empty(store.Trace(Id(1, 32)));
        Assert.Empty(store.Trace(Id(2, 32)));
        Assert.Single(store.Trace(Id(5, 32)));
        Assert.Equal([Id(5, 32), Id(4, 32), Id(3, 32)], store.Traces(new TraceQuery(), 10).Select(t => t.TraceId));
    }

    [Fact]
    public void One_chatty_resource_cannot_push_out_another_resources_data()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxSpansPerResource = 2, MaxLogsPerResource = 2 });
        store.AddSpans([Span("credentials", Id(100, 32), Id(100, 16))]);
        store.AddLogs([Log("credentials", "quiet")]);

        store.AddSpans(Enumerable.Range(1, 50).Select(i => Span("gateway", Id(i, 32), Id(i, 16))));
        store.AddLogs(Enumerable.Range(1, 50).Select(i => Log("gateway", "chatty " + i)));

        Assert.Single(store.Trace(Id(100, 32)));
        Assert.Equal("quiet", Assert.Single(store.Logs(new LogQuery(Resource: "credentials"), 10)).Message);
        Assert.Equal(["chatty 50", "chatty 49"], store.Logs(new LogQuery(Resource: "gateway"), 10).Select(l => l.Message));
        Assert.Equal(48, store.Counts("gateway").DroppedLogs);
    }

    [Fact]
    public void A_trace_loses_only_the_dropped_span_and_keeps_the_rest()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxSpansPerResource = 1 });
        var trace = Id(7, 32);
        store.AddSpans([Span("gateway", trace, Id(1, 16)), Span("credentials", trace, Id(2, 16), parent: Id(1, 16))]);

        store.AddSpans([Span("gateway", Id(8, 32), Id(3, 16))]);

        var kept = Assert.Single(store.Trace(trace));
        Assert.Equal("credentials", kept.Resource);
        // Its parent is gone, so it is the root now.
        Assert.Equal("credentials", store.Traces(new TraceQuery(Resource: "credentials"), 10).Single().RootResource);
    }

    [Fact]
    public void Metric_points_over_the_cap_drop_the_oldest_and_a_series_left_empty_disappears()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxMetricPointsPerResource = 4 });
        IReadOnlyList<Tag> a = [new("route", "/a")];
        IReadOnlyList<Tag> b = [new("route", "/b")];

        store.AddMetricPoints("gateway", "Meter", "requests", "{request}", "", MetricKind.Sum, true, false,
            [(a, new MetricPoint(0, Next(), 1)), (a, new MetricPoint(0, Next(), 2))]);
        store.AddMetricPoints("gateway", "Meter", "requests", "{request}", "", MetricKind.Sum, true, false,
            [(b, new MetricPoint(0, Next(), 10)), (b, new MetricPoint(0, Next(), 20)), (b, new MetricPoint(0, Next(), 30))]);

        var instrument = Assert.Single(store.Metrics("gateway"));
        Assert.Equal(4, store.Counts("gateway").MetricPoints);
        Assert.Equal(1, store.Counts("gateway").DroppedMetricPoints);
        Assert.Equal([2.0], instrument.Series.Single(s => s.Tags[0].Value == "/a").Points.Select(p => p.Value));

        store.AddMetricPoints("gateway", "Meter", "requests", "{request}", "", MetricKind.Sum, true, false, [(b, new MetricPoint(0, Next(), 40))]);

        var series = Assert.Single(Assert.Single(store.Metrics("gateway")).Series);
        Assert.Equal("/b", series.Tags[0].Value);
        Assert.Equal([10.0, 20, 30, 40], series.Points.Select(p => p.Value));
    }

    [Fact]
    public void Logs_filter_by_resource_level_text_and_trace_newest_first()
    {
        var store = new TelemetryStore(new TelemetryLimits());
        var trace = Id(42, 32);
        store.AddLogs(
        [
            Log("credentials", "licence verified", severity: 9, traceId: trace),
            Log("credentials", "verification source slow", severity: 13),
            Log("gateway", "destination down", severity: 17, traceId: trace),
            Log("clients", "client registered", severity: 9, category: "Clients.Api.Features.RegisterClient"),
        ]);

        Assert.Equal(4, store.Logs(new LogQuery(), 10).Count);
        Assert.Equal("client registered", store.Logs(new LogQuery(), 10)[0].Message);
        Assert.Equal(["verification source slow", "licence verified"], store.Logs(new LogQuery(Resource: "credentials"), 10).Select(l => l.Message));
        Assert.Equal(["destination down", "verification source slow"], store.Logs(new LogQuery(MinimumLevel: LogSeverity.Warning), 10).Select(l => l.Message));
        Assert.Equal(["destination down", "licence verified"], store.Logs(new LogQuery(TraceId: trace.ToUpperInvariant()), 10).Select(l => l.Message));
        Assert.Equal(["client registered"], store.Logs(new LogQuery(Text: "registerclient"), 10).Select(l => l.Message));
        Assert.Equal(["licence verified"], store.Logs(new LogQuery(Text: "VERIFIED"), 10).Select(l => l.Message));
        Assert.Single(store.Logs(new LogQuery(), 1));
    }

    [Fact]
    public void A_trace_summary_names_its_root_who_took_part_and_whether_anything_failed()
    {
        var store = new TelemetryStore(new TelemetryLimits());
        var trace = Id(9, 32);
        store.AddSpans(
        [
            Span("gateway", trace, Id(1, 16), name: "GET /api/practitioners/{**rest}", tags: new Tag("http.route", "/api/practitioners/{**rest}")),
            Span("gateway", trace, Id(2, 16), parent: Id(1, 16), name: "GET", kind: SpanKind.Client),
            Span("credentials", trace, Id(3, 16), parent: Id(2, 16), name: "GET /api/practitioners/{id}", tags: new Tag("http.route", "/api/practitioners/{id:guid}")),
            Span("credentials", trace, Id(4, 16), parent: Id(3, 16), name: "postgresql", kind: SpanKind.Client, error: true),
        ]);
        store.AddSpans([Span("clients", Id(10, 32), Id(5, 16), name: "GET /api/clients", tags: new Tag("http.route", "/api/clients"))]);

        var summary = Assert.Single(store.Traces(new TraceQuery(Resource: "credentials"), 10));
        Assert.Equal("gateway", summary.RootResource);
        Assert.Equal("GET /api/practitioners/{**rest}", summary.RootName);
        Assert.Equal(["gateway", "credentials"], summary.Resources);
        Assert.Equal(4, summary.SpanCount);
        Assert.True(summary.HasError);
        Assert.Equal(trace, Assert.Single(store.Traces(new TraceQuery(Route: "practitioners/{id"), 10)).TraceId);
        Assert.Equal(2, store.Traces(new TraceQuery(Route: "/api/"), 10).Count);
        Assert.Empty(store.Traces(new TraceQuery(Resource: "referrals"), 10));
        Assert.Equal(["gateway", "gateway", "credentials", "credentials"], store.Trace(trace.ToUpperInvariant()).Select(s => s.Resource));
    }
}
