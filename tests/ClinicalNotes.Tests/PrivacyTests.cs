using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ClinicalNotes.Tests;

/// <summary>The service with every log line (all levels, all categories) captured.</summary>
public sealed class LogCapturingServiceFactory : NotesServiceFactory
{
    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        base.ConfigureService(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(new CapturingProvider(Logs));
            logging.AddFilter<CapturingProvider>(null, LogLevel.Trace);
        });
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);
        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {values} {exception}");
            }
        }
    }
}

/// <summary>No note text in logs or traces, ever: a full workflow with a marker in every free-text field leaves no trace of it.</summary>
public sealed class PrivacyTests(LogCapturingServiceFactory service) : IClassFixture<LogCapturingServiceFactory>
{
    [Fact]
    public async Task Note_text_never_reaches_logs_or_traces()
    {
        var marker = "phi-" + Guid.NewGuid().ToString("N");
        var spans = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => spans.Enqueue(
                $"{a.Source.Name} {a.DisplayName} {a.StatusDescription} " +
                string.Join(" ", a.TagObjects.Select(t => $"{t.Key}={t.Value}")) + " " +
                string.Join(" ", a.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")))),
        };
        ActivitySource.AddActivityListener(listener);

        using var author = service.Therapist("therapist-a");
        using var colleague = service.Therapist("therapist-b");
        using var manager = service.Staff("manager-1", "manager", TestCaller.HomeLocation);
        var body = NoteRequests.Body(text: $"{marker} chief complaint")
            .Set("objective.posture", $"{marker} posture")
            .Set("objective.palpation", $"{marker} palpation")
            .Set("assessment", $"{marker} assessment")
            .Set("plan.homeCare", $"{marker} home care");
        var draft = await author.CreateAsync(body);
        await Expect(await author.PutNoteAsync(draft.Id, body.Set("assessment", $"{marker} revised"), draft.Version), HttpStatusCode.OK);
        await Expect(await colleague.PutNoteAsync(draft.Id, body, 1), HttpStatusCode.Forbidden);
        await Expect(await author.PutNoteAsync(draft.Id, Copy(body).Set("plan.techniques[0]", $"{marker}-technique"), 1), HttpStatusCode.BadRequest);
        await Expect(await author.PostRawJsonAsync("/api/notes", body.ToJsonString().Replace($"\"{marker} posture\"", $"\"{marker}\" broken")), HttpStatusCode.BadRequest);
        await Expect(await author.PostJsonAsync("/api/notes", body), HttpStatusCode.Conflict);
        await author.SignAsync(draft.Id);
        await Expect(await author.PostAsync($"/api/notes/{draft.Id}/sign", null), HttpStatusCode.Conflict);
        await Expect(await author.PutNoteAsync(draft.Id, body, 1), HttpStatusCode.Conflict);
        await Expect(await author.PostJsonAsync($"/api/notes/{draft.Id}/addenda", new { text = $"{marker} addendum", reason = $"{marker} reason" }), HttpStatusCode.Created);
        await Expect(await author.GetAsync($"/api/notes/{draft.Id}?purpose=treatment"), HttpStatusCode.OK);
        await Expect(await author.GetAsync($"/api/notes?clientId={draft.ClientId}"), HttpStatusCode.OK);
        await Expect(await manager.GetAsync($"/api/notes/chain-verification?clientId={draft.ClientId}"), HttpStatusCode.OK);
        await Expect(await author.GetAsync($"/api/clients/{draft.ClientId}/outcomes"), HttpStatusCode.OK);

        // The capture did see this service's own lines and every SQL command EF Core ran.
        Assert.Contains(service.Logs, line => line.Contains($"Draft note {draft.Id} created", StringComparison.Ordinal));
        Assert.Contains(service.Logs, line => line.Contains("Executed DbCommand", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.Contains("SignNote")); // the listener did see this service's spans
        Assert.DoesNotContain(service.Logs, line => line.Contains(marker, StringComparison.Ordinal));
        Assert.DoesNotContain(spans, span => span.Contains(marker, StringComparison.Ordinal));
    }

    private static JsonObject Copy(JsonObject body) => body.DeepClone().AsObject();

    private static async Task Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            Assert.True(response.StatusCode == status, $"Expected {status}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
