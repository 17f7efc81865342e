using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace AppHost.Telemetry;

/// <summary>
/// The OpenTelemetry protocol receiver every resource exports to: gRPC (the collector's TraceService,
/// MetricsService and LogsService) on one loopback port and HTTP/protobuf (<c>POST /v1/traces</c>,
/// <c>/v1/metrics</c>, <c>/v1/logs</c>) on another. A request without this run's API key in
/// <see cref="ApiKeyHeader"/> is refused (401 / UNAUTHENTICATED), so nothing but the AppHost's own
/// resources can write.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    public const string ApiKeyHeader = "x-otlp-api-key";
    private const int MaxMessageBytes = 16 * 1024 * 1024;

    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, string apiKey, int grpcPort, int httpPort)
    {
        _app = app;
        ApiKey = apiKey;
        GrpcEndpoint = $"http://127.0.0.1:{grpcPort}";
        HttpEndpoint = $"http://127.0.0.1:{httpPort}";
    }

    public string ApiKey { get; }
    public string GrpcEndpoint { get; }
    public string HttpEndpoint { get; }

    /// <summary>Builds the receiver on the given loopback ports (0 picks free ones); <see cref="StartAsync"/> starts listening.</summary>
    public static OtlpReceiver Create(OtlpIngest ingest, int grpcPort = 0, int httpPort = 0, string? apiKey = null)
    {
        apiKey ??= NewSecret();
        grpcPort = grpcPort == 0 ? Hosting.AppHostOptions.FreePort() : grpcPort;
        httpPort = httpPort == 0 ? Hosting.AppHostOptions.FreePort() : httpPort;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxMessageBytes;
            kestrel.Listen(IPAddress.Loopback, grpcPort, o => o.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, httpPort, o => o.Protocols = HttpProtocols.Http1AndHttp2);
        });
        builder.Services.AddSingleton(ingest);
        builder.Services.AddSingleton(new ApiKeyInterceptor(apiKey));
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = MaxMessageBytes;
            o.Interceptors.Add<ApiKeyInterceptor>();
        });

        var app = builder.Build();
        app.MapGrpcService<TraceReceiver>();
        app.MapGrpcService<MetricsReceiver>();
        app.MapGrpcService<LogsReceiver>();

        app.MapPost("/v1/traces", (HttpContext context, CancellationToken _) => ReceiveAsync(context, apiKey, ExportTraceServiceRequest.Parser, ingest.Ingest, new ExportTraceServiceResponse()));
        app.MapPost("/v1/metrics", (HttpContext context, CancellationToken _) => ReceiveAsync(context, apiKey, ExportMetricsServiceRequest.Parser, ingest.Ingest, new ExportMetricsServiceResponse()));
        app.MapPost("/v1/logs", (HttpContext context, CancellationToken _) => ReceiveAsync(context, apiKey, ExportLogsServiceRequest.Parser, ingest.Ingest, new ExportLogsServiceResponse()));

        return new OtlpReceiver(app, apiKey, grpcPort, httpPort);
    }

    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    public ValueTask DisposeAsync() => LoopbackApp.StopAsync(_app);

    /// <summary>A random value for a key or token: 32 bytes, URL-safe.</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool KeyMatches(string? presented, string expected) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    /// <summary>OTLP/HTTP with binary protobuf, optionally gzip-compressed; JSON is refused with 415.</summary>
    private static async Task<IResult> ReceiveAsync<TRequest, TResponse>(
        HttpContext context, string apiKey, MessageParser<TRequest> parser, Action<TRequest> ingest, TResponse response)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        if (!KeyMatches(context.Request.Headers[ApiKeyHeader].FirstOrDefault(), apiKey))
        {
            return Results.Text($"Missing or wrong {ApiKeyHeader} header.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var contentType = context.Request.ContentType ?? string.Empty;
        if (!contentType.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Text("This receiver takes OTLP/HTTP as binary protobuf (Content-Type: application/x-protobuf).",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        TRequest request;
        try
        {
            var body = context.Request.Body;
            if (string.Equals(context.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
            {
                body = new GZipStream(body, CompressionMode.Decompress);
            }

            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, context.RequestAborted);
            if (buffer.Length > MaxMessageBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            buffer.Position = 0;
            request = parser.ParseFrom(buffer);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidDataException)
        {
            return Results.Text("The body is not a valid OTLP protobuf message.", statusCode: StatusCodes.Status400BadRequest);
        }

        ingest(request);
        return Results.Bytes(response.ToByteArray(), "application/x-protobuf");
    }

    private sealed class ApiKeyInterceptor(string apiKey) : Interceptor
    {
        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
            TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            if (!KeyMatches(context.RequestHeaders.GetValue(ApiKeyHeader), apiKey))
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, $"Missing or wrong {ApiKeyHeader} header."));
            }

            return continuation(request, context);
        }
    }

    private sealed class TraceReceiver(OtlpIngest ingest) : TraceService.TraceServiceBase
    {
        public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
        {
            ingest.Ingest(request);
            return Task.FromResult(new ExportTraceServiceResponse());
        }
    }

    private sealed class MetricsReceiver(OtlpIngest ingest) : MetricsService.MetricsServiceBase
    {
        public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        {
            ingest.Ingest(request);
            return Task.FromResult(new ExportMetricsServiceResponse());
        }
    }

    private sealed class LogsReceiver(OtlpIngest ingest) : LogsService.LogsServiceBase
    {
        public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
        {
            ingest.Ingest(request);
            return Task.FromResult(new ExportLogsServiceResponse());
        }
    }
}
