using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Json;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Problems;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every service of the platform shares: telemetry, health, service discovery, resilience,
/// problem details and JSON conventions. Written the way .NET Aspire's ServiceDefaults template is,
/// so the services run unchanged under a real Aspire AppHost.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        // Every outgoing call (gRPC gates, event deliveries, token fetches) is already a span; four information
        // lines per call, each failure with its stack trace, only bury what matters. Failures still surface as
        // problems and as warnings from the resilience pipeline (Polly logs retries and handled failures as
        // warnings; its two information lines per successful call cost a booking more CPU than its SQL).
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc.Net.Client", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        // The gRPC server writes an information line for every call answered with a status other than OK, an expected
        // NotFound ("no such practitioner") included; a failure inside a method is still logged as an error.
        builder.Logging.AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Warning);

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddPlatformResilience();
            http.AddServiceDiscovery();
        });

        builder.Services.AddPlatformProblemDetails();
        // A rule chain stops at its first failure: a Must(x => x!.Length ...) after NotNull() must never
        // run on a missing field (it would be a NullReferenceException, a 500, instead of a 400).
        FluentValidation.ValidatorOptions.Global.DefaultRuleLevelCascadeMode = FluentValidation.CascadeMode.Stop;
        builder.Services.Configure<JsonOptions>(o => PlatformJson.Configure(o.SerializerOptions));
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Platform.ServiceDefaults.Security.CurrentUser>();

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(PlatformTelemetry.MeterPrefix + "*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(PlatformTelemetry.ActivitySourcePrefix + "*")
                .AddAspNetCoreInstrumentation(o =>
                    // Health probes run every few seconds; they would drown real requests.
                    o.Filter = context => !IsHealthProbe(context.Request.Path))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation(o =>
                    o.FilterHttpRequestMessage = request => request.RequestUri is null || !IsHealthProbe(request.RequestUri.AbsolutePath)));

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    private static bool IsHealthProbe(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath) || path.StartsWithSegments(AlivenessEndpointPath);

    private static bool IsHealthProbe(string path) => IsHealthProbe(new PathString(path));

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Export only when someone listens: the AppHost (or a collector) sets the endpoint.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthTags.Live]);
        return builder;
    }

    /// <summary>
    /// Problem details for every error, the liveness and readiness probes, the OpenAPI document,
    /// and the gRPC health service when the service hosts gRPC.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // Readiness: every registered check, the database included.
        // Probes and the API description stay open when the service requires tokens (AddPlatformAuthentication).
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync }).AllowAnonymous();
        // Liveness: the process answers; dependencies do not matter here.
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(HealthTags.Live) }).AllowAnonymous();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();

        if (app.Services.GetService<GrpcServerMarker>() is not null)
        {
            app.MapGrpcHealthChecksService().AllowAnonymous();
        }

        return app;
    }
}

public static class HealthTags
{
    public const string Live = "live";
    public const string Ready = "ready";
}

internal static class HealthReportWriter
{
    // A short JSON body so an operator sees which check failed, without exception details.
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, PlatformJson.Web));
    }
}
