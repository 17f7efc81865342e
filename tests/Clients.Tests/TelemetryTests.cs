using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Clients.Grpc;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using static Clients.Tests.ClientsApiDriver;

namespace Clients.Tests;

/// <summary>
/// The service under its own logging configuration, plus everything our code, EF Core and Npgsql log
/// down to Debug, and ASP.NET Core raised to Information as an operator chasing a problem might.
/// </summary>
public sealed class TelemetryServiceFactory : ServiceFactory<Program>
{
    public TelemetryServiceFactory() : base("clientsdb")
    {
        WithDefaultUser("clients-admin", [Platform.ServiceDefaults.Security.Roles.Admin]);
    }

    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureService(IWebHostBuilder builder) => builder.ConfigureLogging(logging =>
    {
        logging.AddProvider(new CapturingLoggerProvider(Logs));
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Information);
        foreach (var category in new[] { "Clients", "Microsoft.EntityFrameworkCore", "Npgsql", "Platform" })
        {
            logging.AddFilter<CapturingLoggerProvider>(category, LogLevel.Debug);
        }
    });
}

/// <summary>
/// No PHI (names, birth dates, phone numbers, emails, health history, search text) in logs or traces,
/// through every use case, including refusals; and the booking profile is one database query.
/// </summary>
public sealed class TelemetryTests(TelemetryServiceFactory service) : IClassFixture<TelemetryServiceFactory>, IDisposable
{
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ActivityListener _listener = new();
    private readonly HttpClient _api = service.CreateApiClient();

    public void Dispose() => _listener.Dispose();

    private void Listen()
    {
        _listener.ShouldListenTo = _ => true;
        _listener.Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded;
        _listener.ActivityStopped = _activities.Enqueue;
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task No_personal_or_health_data_reaches_logs_or_spans()
    {
        Listen();
        var tag = Tag();
        var exchange = Random.Shared.Next(200, 999);
        var line = Random.Shared.Next(1000, 9999);
        string[] phi =
        [
            tag, "1961-02-03", "1961", $"{exchange}{line}", $"{exchange}-{line}", $"mail{tag}", $"condition{tag}", $"pill{tag}", $"note{tag}",
        ];
        var body = NewClient(firstName: $"Zoë{tag}", lastName: $"Ødegaard{tag}", dateOfBirth: "1961-02-03",
            email: $"mail{tag}@example.com", phone: $"(305) {exchange}-{line}");

        var (client, etag) = await _api.RegisterAsync(body);
        (await _api.PostJsonAsync("/api/clients", body)).Dispose(); // 409 probable duplicate
        body["dateOfBirth"] = "2999-01-01";
        (await _api.PostJsonAsync("/api/clients", body)).Dispose(); // 400
        body["dateOfBirth"] = "1961-02-03";
        foreach (var search in new[] { $"zoe{tag}", $"Ødegaard{tag} zo", $"305.{exchange}.{line}", $"MAIL{tag}@example.com", $"{tag}!" })
        {
            (await _api.GetAsync("/api/clients?search=" + Uri.EscapeDataString(search))).Dispose();
        }

        (await _api.PutWithETagAsync($"/api/clients/{client.Id}", body, etag)).Dispose();
        (_, etag) = await _api.GetClientAsync(client.Id);
        await _api.RecordHealthHistoryAsync(client.Id, etag,
            History(["dvt"], Clearance(note: $"note{tag}"), conditions: [$"condition{tag}"], medications: [$"pill{tag}"]));
        (await _api.PutWithETagAsync($"/api/clients/{client.Id}/health-history", History(["dvt"], conditions: [$"condition{tag}"]), etag)).Dispose(); // 409
        await _api.RecordConsentAsync(client.Id, "treatment");
        await new ClientDirectory.ClientDirectoryClient(service.CreateGrpcChannel())
            .GetBookingProfileAsync(new GetBookingProfileRequest { ClientId = client.Id.ToString() });
        await Task.Delay(200); // let the last spans end

        var spans = _activities.Select(Describe).ToList();
        Assert.Contains(spans, s => s.Contains("url.query=?search=Redacted", StringComparison.Ordinal));
        Assert.Contains(_activities, a => a.Source.Name == "Npgsql");
        // SQL commands are logged (EF Core at Debug) and inspected too: parameter values must not be in them.
        Assert.Contains(service.Logs, l => l.Contains("Executed DbCommand", StringComparison.Ordinal));
        foreach (var value in phi)
        {
            Assert.DoesNotContain(spans, s => s.Contains(value, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(service.Logs, l => l.Contains(value, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task The_booking_profile_is_one_database_query()
    {
        var (client, etag) = await _api.RegisterAsync(NewClient());
        await _api.RecordHealthHistoryAsync(client.Id, etag, History(["dvt"]));
        var grpc = new ClientDirectory.ClientDirectoryClient(service.CreateGrpcChannel());
        Listen();

        var profile = await grpc.GetBookingProfileAsync(new GetBookingProfileRequest { ClientId = client.Id.ToString() });
        await Task.Delay(100);

        Assert.Equal(["contraindication:dvt", "consent_missing:treatment"], profile.Reasons);
        var queries = _activities.Where(a => a.Source.Name == "Npgsql" && a.TagObjects.Any(t => Equals(t.Value, service.DatabaseName))).ToList();
        Assert.True(queries.Count == 1, "Expected one query, got: " + string.Join(" | ", queries.Select(Describe)));
    }

    private static string Describe(Activity activity) =>
        $"{activity.Source.Name} {activity.DisplayName} {activity.StatusDescription} " +
        string.Join(' ', activity.TagObjects.Select(t => $"{t.Key}={t.Value}")) + " " +
        string.Join(' ', activity.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")));
}

internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, logs);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            logs.Enqueue($"{category} scope {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            logs.Enqueue($"{logLevel} {category} {formatter(state, exception)} {values} {exception}");
        }
    }
}
