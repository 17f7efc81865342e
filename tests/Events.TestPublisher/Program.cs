using Events.TestPublisher;
using Events.TestPublisher.Contracts;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Events;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDbContext<PublisherDbContext>("publisherdb");
builder.AddEventPublisher();
builder.Services.AddSingleton<MetricsProbe>();

var app = builder.Build();

app.MapDefaultEndpoints();

// One state change and its event, in one transaction, through EF Core (via=ef) or plain Npgsql (via=sql).
app.MapPost("/counters/{id:guid}/increment", async (Guid id, string? via, bool? poison, string? label,
    IServiceProvider services, CancellationToken ct) =>
{
    for (var attempt = 1; ; attempt++)
    {
        try
        {
            var (eventId, value) = via == "sql"
                ? await Increments.WithNpgsqlAsync(services, id, poison ?? false, ct)
                : await Increments.WithEfCoreAsync(services, id, poison ?? false, label, ct);
            return Results.Ok(new { eventId, value });
        }
        catch (Exception ex) when (Increments.IsRetryable(ex) && attempt < 50)
        {
            await Task.Delay(Random.Shared.Next(1, 10), ct);
        }
        catch (DbUpdateException)
        {
            return Results.Problem(statusCode: 422, title: "The change was refused by the database.");
        }
    }
});

app.MapGet("/metrics-snapshot", (MetricsProbe probe) => probe.Snapshot());
_ = app.Services.GetRequiredService<MetricsProbe>(); // listening from the start, like an exporter

app.Run();

internal static class Increments
{
    public static async Task<(Guid EventId, long Value)> WithEfCoreAsync(IServiceProvider services, Guid id, bool poison, string? label, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PublisherDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<EventOutbox>();
        var counter = await db.Counters.FindAsync([id], ct);
        if (counter is null)
        {
            counter = new Counter { Id = id };
            db.Counters.Add(counter);
        }

        counter.Value++;
        if (label is not null) counter.Label = label;
        var eventId = outbox.Add(db, id, new CounterIncremented { CounterId = id.ToString(), Value = counter.Value, Poison = poison });
        await db.SaveChangesAsync(ct);
        return (eventId, counter.Value);
    }

    public static async Task<(Guid EventId, long Value)> WithNpgsqlAsync(IServiceProvider services, Guid id, bool poison, CancellationToken ct)
    {
        var outbox = services.GetRequiredService<EventOutbox>();
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var increment = new NpgsqlCommand(
            """
            INSERT INTO counters (id, value) VALUES ($1, 1)
            ON CONFLICT (id) DO UPDATE SET value = counters.value + 1
            RETURNING value
            """, connection, transaction);
        increment.Parameters.Add(new() { Value = id });
        var value = (long)(await increment.ExecuteScalarAsync(ct))!;
        var eventId = await outbox.WriteAsync(transaction, id, new CounterIncremented { CounterId = id.ToString(), Value = value, Poison = poison }, ct);
        await transaction.CommitAsync(ct);
        outbox.Committed();
        return (eventId, value);
    }

    /// <summary>Concurrent increments of one counter: optimistic conflicts, first inserts racing, deadlocks.</summary>
    public static bool IsRetryable(Exception ex) => ex switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: PostgresException pg } => IsRetryable(pg),
        PostgresException pg => pg.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure,
        _ => false,
    };
}

public partial class Program;
