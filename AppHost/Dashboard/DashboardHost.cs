using AppHost.Hosting;
using AppHost.Telemetry;

namespace AppHost.Dashboard;

/// <summary>
/// The AppHost's local telemetry: the OTLP receiver the resources export to, the bounded store behind it,
/// and the web dashboard that shows it (on loopback, behind a login token printed at startup).
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly DistributedApplication _application;
    private readonly string _apiKey = OtlpReceiver.NewSecret();
    private readonly int _otlpGrpcPort = AppHostOptions.FreePort();
    private readonly int _otlpHttpPort = AppHostOptions.FreePort();
    private OtlpReceiver? _receiver;
    private DashboardServer? _server;

    public DashboardHost(DistributedApplication application)
    {
        _application = application;
        Store = new TelemetryStore(application.Options.TelemetryLimits);
        Port = application.Options.DashboardPort;
    }

    public TelemetryStore Store { get; }
    public int Port { get; }
    public string LoginToken { get; } = OtlpReceiver.NewSecret();
    public string Url => $"http://localhost:{Port}";
    public string LoginUrl => $"{Url}/login?t={LoginToken}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _receiver = OtlpReceiver.Create(new OtlpIngest(Store), _otlpGrpcPort, _otlpHttpPort, _apiKey);
        _server = DashboardServer.Create(_application, Store, Port, LoginToken);
        await Task.WhenAll(_receiver.StartAsync(cancellationToken), _server.StartAsync(cancellationToken));
    }

    /// <summary>
    /// Aspire's variables: export over gRPC to the receiver with this run's key, in short batches so the
    /// dashboard is live (export stays batched: one call per second per signal, not per span).
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> ResourceEnvironment() =>
    [
        new("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://127.0.0.1:{_otlpGrpcPort}"),
        new("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
        new("OTEL_EXPORTER_OTLP_HEADERS", $"{OtlpReceiver.ApiKeyHeader}={_apiKey}"),
        new("OTEL_BSP_SCHEDULE_DELAY", "1000"),
        new("OTEL_BLRP_SCHEDULE_DELAY", "1000"),
        new("OTEL_METRIC_EXPORT_INTERVAL", "1000"),
    ];

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_receiver is not null) await _receiver.DisposeAsync();
    }
}
