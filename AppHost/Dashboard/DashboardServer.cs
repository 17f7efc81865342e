using System.Reflection;
using AppHost.Hosting;
using AppHost.Telemetry;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AppHost.Dashboard;

/// <summary>
/// The dashboard's web server: server-rendered pages on <c>localhost</c> only, every page behind the login
/// token printed at startup (a URL with <c>?t=</c> sets a cookie; without it a page is a 401 login form).
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app) => _app = app;

    public static DashboardServer Create(DistributedApplication application, TelemetryStore store, int port, string loginToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            kestrel.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http1AndHttp2);
        });

        var app = builder.Build();
        var auth = new DashboardAuth(loginToken, port);
        var pages = new DashboardPages(application, store);

        app.Use((context, next) => ReportFailures(application.Reporter, context, next));
        app.Use(auth.InvokeAsync);

        app.MapGet("/", () => Results.Redirect("/resources"));
        app.MapGet("/login", auth.LoginPage);
        app.MapPost("/login", auth.LoginAsync);
        app.MapGet("/static/{file}", StaticFile);

        app.MapGet("/resources", pages.Resources);
        app.MapPost("/resources/{name}/stop", (string name) => pages.Lifecycle(name, start: false));
        app.MapPost("/resources/{name}/start", (string name) => pages.Lifecycle(name, start: true));
        app.MapGet("/console/{name?}", pages.Console);
        app.MapGet("/console/{name}/lines", pages.ConsoleLines);
        app.MapGet("/logs", pages.Logs);
        app.MapGet("/traces", pages.Traces);
        app.MapGet("/traces/{traceId}", pages.Trace);
        app.MapGet("/metrics", pages.Metrics);

        return new DashboardServer(app);
    }

    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    public ValueTask DisposeAsync() => LoopbackApp.StopAsync(_app);

    /// <summary>A failing page is a bug of ours: say so on the console, answer 500 without details.</summary>
    private static async Task ReportFailures(ConsoleReporter reporter, HttpContext context, Func<Task> next)
    {
        try
        {
            await next();
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            reporter.Error($"dashboard: {context.Request.Method} {context.Request.Path} failed: {ex.GetType().Name}: {ex.Message}");
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsync("The dashboard failed to render this page; the AppHost's console says why.");
            }
        }
    }

    private static IResult StaticFile(string file)
    {
        var contentType = Path.GetExtension(file) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            _ => null,
        };
        var stream = contentType is null ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream("AppHost.Dashboard.Assets." + file);
        return stream is null ? Results.NotFound() : Results.Stream(stream, contentType);
    }
}
