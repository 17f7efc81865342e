using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using AppHost.Dashboard;
using AppHost.Telemetry;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SpanKind = AppHost.Telemetry.SpanKind;
using StatusCode = Grpc.Core.StatusCode;

namespace Dashboard.Tests;

/// <summary>
/// The receiver fed by the OpenTelemetry .NET exporter itself, in process, over gRPC and over
/// HTTP/protobuf: what a service sends is what the dashboard shows. Anything without the key is refused.
/// </summary>
public sealed class OtlpReceiverTests : IAsyncLifetime
{
    private const string ApiKey = "test-key-0123456789";
    private readonly TelemetryStore _store = new(new TelemetryLimits());
    private OtlpReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = OtlpReceiver.Create(new OtlpIngest(_store), apiKey: ApiKey);
        await _receiver.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private void Configure(OtlpExporterOptions o, OtlpExportProtocol protocol, string signal, string key = ApiKey)
    {
        o.Protocol = protocol;
        // Set in code (not through OTEL_EXPORTER_OTLP_ENDPOINT), the HTTP endpoint is the signal's full URL.
        o.Endpoint = new Uri(protocol == OtlpExportProtocol.Grpc ? _receiver.GrpcEndpoint : $"{_receiver.HttpEndpoint}/v1/{signal}");
        o.Headers = $"{OtlpReceiver.ApiKeyHeader}={key}";
    }

    private static ResourceBuilder Service(string name) => ResourceBuilder.CreateEmpty().AddService(name, serviceInstanceId: "instance-1");

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public void Spans_arrive_with_ids_parent_kind_status_attributes_and_events(OtlpExportProtocol protocol)
    {
        var sourceName = "Tests.Spans." + protocol;
        using var source = new ActivitySource(sourceName);
        using (var provider = Sdk.CreateTracerProviderBuilder()
                   .SetResourceBuilder(Service("credentials"))
                   .AddSource(sourceName)
                   .AddOtlpExporter(o => Configure(o, protocol, "traces"))
                   .Build())
        {
            using (var server = source.StartActivity("GET /api/practitioners/{id}", ActivityKind.Server))
            {
                server!.SetTag("http.route", "/api/practitioners/{id:guid}");
                server.SetTag("http.response.status_code", 200);
                using var sql = source.StartActivity("postgresql", ActivityKind.Client);
                sql!.SetTag("db.system.name", "postgresql");
                sql.SetTag("db.query.text", "SELECT p.id FROM practitioners AS p WHERE p.id = $1");
                sql.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["attempt"] = 2 }));
                sql.SetStatus(ActivityStatusCode.Error, "timeout");
            }

            Assert.True(provider.ForceFlush(10_000));
        }

        var spans = _store.Trace(_store.Traces(new TraceQuery(Resource: "credentials"), 10).Single().TraceId);
        Assert.Equal(2, spans.Count);
        var server2 = spans.Single(s => s.Kind == SpanKind.Server);
        var sql2 = spans.Single(s => s.Kind == SpanKind.Client);
        Assert.Equal("credentials", server2.Resource);
        Assert.Equal(sourceName, server2.Scope);
        Assert.Matches("^[0-9a-f]{32}$", server2.TraceId);
        Assert.Matches("^[0-9a-f]{16}$", server2.SpanId);
        Assert.Null(server2.ParentSpanId);
        Assert.Equal(server2.SpanId, sql2.ParentSpanId);
        Assert.Equal("/api/practitioners/{id:guid}", server2.Tag("http.route"));
        Assert.Equal("200", server2.Tag("http.response.status_code"));
        Assert.False(server2.IsError);
        Assert.True(sql2.IsError);
        Assert.Equal("timeout", sql2.StatusMessage);
        Assert.Equal("SELECT p.id FROM practitioners AS p WHERE p.id = $1", sql2.Tag("db.query.text"));
        var retry = Assert.Single(sql2.Events);
        Assert.Equal("retry", retry.Name);
        Assert.Equal(new Tag("attempt", "2"), Assert.Single(retry.Tags));
        Assert.True(server2.EndUnixNano >= sql2.EndUnixNano && sql2.StartUnixNano >= server2.StartUnixNano);
        Assert.InRange(server2.Start, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public void Logs_arrive_with_level_category_message_attributes_and_their_trace(OtlpExportProtocol protocol)
    {
        using var source = new ActivitySource("Tests.Logs");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Tests.Logs",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        string traceId;
        using (var factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(o =>
               {
                   o.SetResourceBuilder(Service("clinicalnotes"));
                   o.IncludeFormattedMessage = true;
                   o.AddOtlpExporter(e => Configure(e, protocol, "logs"));
               })))
        {
            var logger = factory.CreateLogger("ClinicalNotes.Api.Features.Notes.CreateNoteHandler");
            using (var activity = source.StartActivity("CreateNote"))
            {
                traceId = activity!.TraceId.ToHexString();
                logger.LogInformation("Draft note {NoteId} created for appointment {AppointmentId}", 17, "a-1");
            }

            logger.LogWarning("Database {Database} not reachable yet (attempt {Attempt}); retrying", "notesdb", 3);
        }

        var logs = _store.Logs(new LogQuery(Resource: "clinicalnotes"), 10);
        Assert.Equal(2, logs.Count);
        var warning = logs[0];
        var created = logs[1];
        Assert.Equal("Draft note 17 created for appointment a-1", created.Message);
        Assert.Equal("ClinicalNotes.Api.Features.Notes.CreateNoteHandler", created.Category);
        Assert.Equal(LogSeverity.Information, created.Level);
        Assert.Equal(traceId, created.TraceId);
        Assert.Contains(new Tag("NoteId", "17"), created.Tags);
        Assert.Equal(LogSeverity.Warning, warning.Level);
        Assert.Null(warning.TraceId);
        Assert.Equal([created.Message], _store.Logs(new LogQuery(TraceId: traceId), 10).Select(l => l.Message));
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public void Metrics_arrive_as_counters_gauges_and_histograms_with_their_attributes(OtlpExportProtocol protocol)
    {
        var meterName = "Platform.Tests." + protocol;
        using var meter = new Meter(meterName);
        var bookings = meter.CreateCounter<long>("platform.bookings", "{booking}");
        var pending = meter.CreateUpDownCounter<int>("platform.outbox.pending", "{event}");
        var duration = meter.CreateHistogram<double>("http.server.request.duration", "s");
        using (var provider = Sdk.CreateMeterProviderBuilder()
                   .SetResourceBuilder(Service("scheduling"))
                   .AddMeter(meterName)
                   .AddOtlpExporter((o, _) => Configure(o, protocol, "metrics"))
                   .Build())
        {
            bookings.Add(2, new KeyValuePair<string, object?>("outcome", "booked"));
            bookings.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));
            pending.Add(5);
            pending.Add(-2);
            duration.Record(0.004, new KeyValuePair<string, object?>("http.response.status_code", 201));
            duration.Record(0.2, new KeyValuePair<string, object?>("http.response.status_code", 201));
            Assert.True(provider.ForceFlush(10_000));
        }

        var instruments = _store.Metrics("scheduling");
        var counter = instruments.Single(i => i.Name == "platform.bookings");
        Assert.Equal(meterName, counter.Meter);
        Assert.Equal(MetricKind.Sum, counter.Kind);
        Assert.True(counter.IsMonotonic);
        Assert.False(counter.IsDelta);
        Assert.Equal("{booking}", counter.Unit);
        Assert.Equal(2, counter.Series.Single(s => s.Tags.Contains(new Tag("outcome", "booked"))).Points[^1].Value);
        Assert.Equal(1, counter.Series.Single(s => s.Tags.Contains(new Tag("outcome", "refused"))).Points[^1].Value);

        var gauge = instruments.Single(i => i.Name == "platform.outbox.pending");
        Assert.False(gauge.IsMonotonic);
        Assert.Equal(3, gauge.Series.Single().Points[^1].Value);

        var histogram = instruments.Single(i => i.Name == "http.server.request.duration");
        Assert.Equal(MetricKind.Histogram, histogram.Kind);
        var point = histogram.Series.Single().Points[^1];
        Assert.Equal(2UL, point.Count);
        Assert.Equal(0.204, point.Sum, precision: 6);
        Assert.Equal(point.Bounds!.Length + 1, point.BucketCounts!.Length);
        Assert.Equal(2UL, point.BucketCounts.Aggregate(0UL, (a, b) => a + b));
        Assert.Equal(2UL, MetricMath.Requests(instruments, Time.ToUnixNano(DateTimeOffset.UtcNow), TimeSpan.FromMinutes(1))!.Requests);
    }

    [Fact]
    public void An_exporter_with_the_wrong_key_stores_nothing()
    {
        using var source = new ActivitySource("Tests.WrongKey");
        using (var provider = Sdk.CreateTracerProviderBuilder()
                   .SetResourceBuilder(Service("intruder"))
                   .AddSource("Tests.WrongKey")
                   .AddOtlpExporter(o => Configure(o, OtlpExportProtocol.Grpc, "traces", key: "not-the-key"))
                   .Build())
        {
            source.StartActivity("write")!.Dispose();
            provider.ForceFlush(10_000);
        }

        Assert.Empty(_store.Resources());
    }

    [Fact]
    public async Task Grpc_without_the_key_or_with_a_wrong_one_is_unauthenticated()
    {
        using var channel = GrpcChannel.ForAddress(_receiver.GrpcEndpoint);
        var client = new TraceService.TraceServiceClient(channel);

        var missing = await Assert.ThrowsAsync<RpcException>(async () => await client.ExportAsync(new ExportTraceServiceRequest()));
        var wrong = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ExportAsync(new ExportTraceServiceRequest(), new Metadata { { OtlpReceiver.ApiKeyHeader, ApiKey + "x" } }));
        var accepted = await client.ExportAsync(new ExportTraceServiceRequest(), new Metadata { { OtlpReceiver.ApiKeyHeader, ApiKey } });

        Assert.Equal(StatusCode.Unauthenticated, missing.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.NotNull(accepted);
    }

    [Fact]
    public async Task Http_refuses_a_missing_key_json_and_garbage_with_the_right_status()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_receiver.HttpEndpoint) };
        HttpRequestMessage Post(string? key, string contentType, byte[] body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            if (key is not null) request.Headers.Add(OtlpReceiver.ApiKeyHeader, key);
            return request;
        }

        using var noKey = await http.SendAsync(Post(null, "application/x-protobuf", []));
        using var wrongKey = await http.SendAsync(Post("nope", "application/x-protobuf", []));
        using var json = await http.SendAsync(Post(ApiKey, "application/json", "{}"u8.ToArray()));
        using var garbage = await http.SendAsync(Post(ApiKey, "application/x-protobuf", [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]));
        using var empty = await http.SendAsync(Post(ApiKey, "application/x-protobuf", []));

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal("application/x-protobuf", empty.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_store.Resources());
    }
}
