using System.Diagnostics;
using System.Net.Http.Headers;
using AppHost.Telemetry;
using Bench.Common;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Telemetry.Bench;

/// <summary>
/// How many spans, log records and metric points a second the AppHost's receiver takes in: the receiver on
/// real Kestrel in this process, fed OTLP/HTTP protobuf by several senders at once, each request one batch
/// as the SDK sends it (512 spans or log records; one service's metric export), from six resources in turn,
/// into the store at its default caps (so, after the first seconds, every batch also evicts as much as it adds).
/// </summary>
public static class IngestRate
{
    private static readonly string[] Resources = ["gateway", "scheduling", "credentials", "clients", "referrals", "clinicalnotes"];
    private const int BatchSize = 512;
    private const int Batches = 120;

    public static async Task RunAsync(TimeSpan duration, int senders)
    {
        var store = new TelemetryStore(new TelemetryLimits());
        await using var receiver = OtlpReceiver.Create(new OtlpIngest(store));
        await receiver.StartAsync(CancellationToken.None);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = senders }) { BaseAddress = new Uri(receiver.HttpEndpoint) };
        http.DefaultRequestHeaders.Add(OtlpReceiver.ApiKeyHeader, receiver.ApiKey);

        var random = new Random(42);
        var signals = new (string Name, string Path, string Unit, byte[][] Bodies, int ItemsPerBody)[]
        {
            ("spans", "/v1/traces", "spans", Build(i => Spans(random, Resources[i % Resources.Length]).ToByteArray()), BatchSize),
            ("log records", "/v1/logs", "records", Build(i => Logs(random, Resources[i % Resources.Length]).ToByteArray()), BatchSize),
            ("metric points", "/v1/metrics", "points", Build(i => Metrics(Resources[i % Resources.Length], i).ToByteArray()), MetricPointsPerExport),
        };

        Console.WriteLine($"Receiver ingest: {senders} senders, OTLP/HTTP protobuf to {receiver.HttpEndpoint}, caps {store.Limits.MaxSpansPerResource} spans, " +
                          $"{store.Limits.MaxLogsPerResource} logs, {store.Limits.MaxMetricPointsPerResource} points per resource");
        var results = new List<(LoadResult Result, string Unit, int Items, double CpuSeconds)>();
        foreach (var (name, path, unit, bodies, items) in signals)
        {
            long next = -1;
            async Task<string> Send(int _, CancellationToken ct)
            {
                var body = bodies[Interlocked.Increment(ref next) % bodies.Length];
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                using var response = await http.PostAsync(path, content, ct);
                return response.IsSuccessStatusCode ? LoadRunner.Ok : ((int)response.StatusCode).ToString();
            }

            await LoadRunner.ClosedLoopAsync("warm-up", senders, TimeSpan.FromSeconds(3), Send);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var result = await LoadRunner.ClosedLoopAsync($"ingest {name} ({items} per request)", senders, duration, Send);
            var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine(result);
            results.Add((result, unit, items, used));
        }

        Machine.PrintReport("Receiver ingest rate (requests/s are batches; the senders run in the same process)", results.Select(r => r.Result));
        Console.WriteLine("| signal | items/s | CPU µs per item (receiver and senders) |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (result, unit, items, cpu) in results)
        {
            Console.WriteLine($"| {result.Name} | {result.SucceededPerSecond * items:N0} {unit}/s | {cpu / (result.Succeeded * items) * 1e6:F1} |");
        }

        Console.WriteLine();
        var counts = Resources.Select(store.Counts).ToList();
        Console.WriteLine($"Kept at the end: {counts.Sum(c => c.Spans)} spans, {counts.Sum(c => c.Logs)} log records, {counts.Sum(c => c.MetricPoints)} metric points.");
    }

    private static byte[][] Build(Func<int, byte[]> one) => Enumerable.Range(0, Batches).Select(one).ToArray();

    private static Resource Resource(string name) => new()
    {
        Attributes =
        {
            Attribute("service.name", name),
            Attribute("service.instance.id", Guid.NewGuid().ToString()),
            Attribute("telemetry.sdk.name", "opentelemetry"),
            Attribute("telemetry.sdk.language", "dotnet"),
            Attribute("telemetry.sdk.version", "1.12.0"),
        },
    };

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static KeyValue Attribute(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    private static ByteString Id(Random random, int bytes)
    {
        var id = new byte[bytes];
        random.NextBytes(id);
        return ByteString.CopyFrom(id);
    }

    /// <summary>A batch like a service's: per request a server span, two SQL spans and a gRPC client span.</summary>
    private static ExportTraceServiceRequest Spans(Random random, string resource)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore" } };
        var start = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        for (var i = 0; i < BatchSize / 4; i++)
        {
            var traceId = Id(random, 16);
            var server = Id(random, 8);
            scope.Spans.Add(new Span
            {
                TraceId = traceId, SpanId = server, ParentSpanId = Id(random, 8), Name = "POST /api/appointments", Kind = Span.Types.SpanKind.Server,
                StartTimeUnixNano = start, EndTimeUnixNano = start + 4_000_000,
                Attributes =
                {
                    Attribute("http.request.method", "POST"), Attribute("url.path", "/api/appointments"), Attribute("url.scheme", "http"),
                    Attribute("http.route", "/api/appointments/"), Attribute("http.response.status_code", 201), Attribute("server.address", "127.0.0.1"),
                    Attribute("network.protocol.version", "1.1"), Attribute("user_agent.original", "bench"),
                },
            });
            for (var sql = 0; sql < 2; sql++)
            {
                scope.Spans.Add(new Span
                {
                    TraceId = traceId, SpanId = Id(random, 8), ParentSpanId = server, Name = "INSERT schedulingdb.appointments", Kind = Span.Types.SpanKind.Client,
                    StartTimeUnixNano = start + 1_000_000, EndTimeUnixNano = start + 2_000_000,
                    Attributes =
                    {
                        Attribute("db.system.name", "postgresql"), Attribute("db.namespace", "schedulingdb"),
                        Attribute("db.query.text", "INSERT INTO appointments (id, client_id, practitioner_id, location_id, room_id, period, service, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"),
                        Attribute("server.address", "127.0.0.1"), Attribute("server.port", 5432),
                    },
                });
            }

            scope.Spans.Add(new Span
            {
                TraceId = traceId, SpanId = Id(random, 8), ParentSpanId = server, Name = "credentials.v1.Credentials/CheckEligibility", Kind = Span.Types.SpanKind.Client,
                StartTimeUnixNano = start + 500_000, EndTimeUnixNano = start + 900_000,
                Attributes = { Attribute("rpc.system", "grpc"), Attribute("rpc.service", "credentials.v1.Credentials"), Attribute("rpc.method", "CheckEligibility"), Attribute("rpc.grpc.status_code", 0) },
            });
        }

        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = Resource(resource), ScopeSpans = { scope } } } };
    }

    private static ExportLogsServiceRequest Logs(Random random, string resource)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "Scheduling.Api.Features.Appointments.AppointmentBooker" } };
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        for (var i = 0; i < BatchSize; i++)
        {
            scope.LogRecords.Add(new LogRecord
            {
                TimeUnixNano = now, ObservedTimeUnixNano = now, SeverityNumber = SeverityNumber.Info, SeverityText = "Information",
                Body = new AnyValue { StringValue = "Appointment {AppointmentId} booked at {LocationId}" },
                TraceId = Id(random, 16), SpanId = Id(random, 8),
                Attributes = { Attribute("AppointmentId", Guid.NewGuid().ToString()), Attribute("LocationId", Guid.NewGuid().ToString()), Attribute("EventId", 1001) },
            });
        }

        return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { Resource = Resource(resource), ScopeLogs = { scope } } } };
    }

    private const int Routes = 12;
    private const int Counters = 40;
    private const int MetricPointsPerExport = Routes + Counters;

    /// <summary>One export of a service: a request-duration histogram per route (16 buckets) and 40 counters.</summary>
    private static ExportMetricsServiceRequest Metrics(string resource, int export)
    {
        var start = (ulong)DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds() * 1_000_000;
        var now = start + (ulong)export * 1_000_000_000;
        double[] bounds = [0, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
        var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative };
        for (var route = 0; route < Routes; route++)
        {
            var point = new HistogramDataPoint
            {
                StartTimeUnixNano = start, TimeUnixNano = now, Count = (ulong)(100 + export), Sum = 1.5 + export,
                Attributes = { Attribute("http.request.method", "GET"), Attribute("http.route", $"/api/route{route}"), Attribute("http.response.status_code", 200) },
            };
            point.ExplicitBounds.Add(bounds);
            point.BucketCounts.Add(Enumerable.Range(0, bounds.Length + 1).Select(b => (ulong)b));
            histogram.DataPoints.Add(point);
        }

        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore.Hosting" } };
        scope.Metrics.Add(new Metric { Name = "http.server.request.duration", Unit = "s", Histogram = histogram });
        for (var counter = 0; counter < Counters; counter++)
        {
            scope.Metrics.Add(new Metric
            {
                Name = $"process.runtime.counter{counter}", Unit = "{item}",
                Sum = new Sum { IsMonotonic = true, AggregationTemporality = AggregationTemporality.Cumulative, DataPoints = { new NumberDataPoint { StartTimeUnixNano = start, TimeUnixNano = now, AsInt = export } } },
            });
        }

        return new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { Resource = Resource(resource), ScopeMetrics = { scope } } } };
    }
}
