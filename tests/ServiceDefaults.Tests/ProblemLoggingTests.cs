using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Problems;

namespace ServiceDefaults.Tests;

/// <summary>
/// What the problem handler writes to the log: a dependency that did not answer is one warning line without a stack
/// (it is expected under load, and hundreds arrive at once), and so is a 503 the service chose (a full queue); anything else that becomes a 500 is an error with its stack.
/// </summary>
public sealed class ProblemLoggingTests
{
    private sealed class RecordingLogger : ILogger<ProblemExceptionHandler>
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), exception));
    }

    private static async Task<(RecordingLogger Log, HttpContext Context)> HandleAsync(Exception exception)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var log = new RecordingLogger();
        var handler = new ProblemExceptionHandler(services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>(), log);
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "POST";
        context.Request.Path = "/api/appointments";
        context.Response.Body = new MemoryStream();
        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));
        return (log, context);
    }

    [Fact]
    public async Task A_dependency_that_did_not_answer_is_one_warning_without_a_stack()
    {
        var (log, context) = await HandleAsync(new DependencyUnavailableException("clients", new TimeoutException("deadline")));

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        var entry = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Null(entry.Exception);
        Assert.Equal("The clients service did not answer POST /api/appointments in time (TimeoutException); answered 503", entry.Message);
    }

    private sealed class QueueFullException() : ProblemException("2000 bookings are already waiting.")
    {
        public override int StatusCode => 503;
        public override string Title => "Too many bookings at once";
        public override string Code => "booking_queue_full";
    }

    [Fact]
    public async Task A_503_the_service_chose_is_one_warning_naming_its_code_without_a_stack()
    {
        var (log, context) = await HandleAsync(new QueueFullException());

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        var entry = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Null(entry.Exception);
        Assert.Equal("POST /api/appointments answered 503 booking_queue_full", entry.Message);
    }

    [Fact]
    public async Task An_unexpected_failure_is_an_error_with_its_exception()
    {
        var failure = new InvalidOperationException("something broke");
        var (log, context) = await HandleAsync(failure);

        Assert.Equal(500, context.Response.StatusCode);
        var entry = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Same(failure, entry.Exception);
    }
}
