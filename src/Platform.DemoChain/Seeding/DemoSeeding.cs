using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.DemoChain.Seeding;

/// <summary>
/// Writes one service's part of the demo chain through the service's own context and domain types. Called
/// inside a transaction that holds the demo-seed lock of the database, after the migrations.
/// </summary>
public interface IDemoSeeder<in TContext> where TContext : DbContext
{
    /// <summary>Whether this database already holds the chain (then nothing is written): look for one of its ids.</summary>
    Task<bool> IsSeededAsync(TContext db, DemoChain chain, CancellationToken cancellationToken);

    /// <summary>Writes the service's part of the chain; returns how many records it wrote (for the log).</summary>
    Task<int> SeedAsync(TContext db, DemoChain chain, CancellationToken cancellationToken);
}

public static class DemoSeeding
{
    /// <summary><c>demo</c> loads the demo chain on start (once per database); <c>none</c> or absent does nothing.</summary>
    public const string ModeKey = "Demo:Seed";

    /// <summary>The seeding date (<c>YYYY-MM-DD</c>); absent: today in the chain's westernmost zone.</summary>
    public const string DateKey = "Demo:Date";

    /// <summary>The zone of the chain where a day ends last: once a date has begun here, every earlier date is over at every location.</summary>
    public const string WesternmostZone = "America/Los_Angeles";

    /// <summary>
    /// The seeding date at an instant: today in <see cref="WesternmostZone"/>, so that every appointment the
    /// chain says is past has really ended, at every location.
    /// </summary>
    public static DateOnly SeedingDate(DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(WesternmostZone)).DateTime);

    public static string Format(DateOnly date) => ChainBuilder.Iso(date);
}

internal sealed partial class DemoSeedRunner<TContext, TSeeder>(IServiceProvider services, DateOnly? date, TimeProvider clock, ILogger<DemoSeedRunner<TContext, TSeeder>> logger)
    : IHostedLifecycleService
    where TContext : DbContext
    where TSeeder : class, IDemoSeeder<TContext>
{
    // Any fixed key: every service has its own database, so one key per database is enough.
    private const long LockKey = 0x64656d6f73656564; // "demoseed"

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var day = date ?? DemoSeeding.SeedingDate(clock.GetUtcNow());
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var seeder = scope.ServiceProvider.GetRequiredService<TSeeder>();
        var strategy = db.Database.CreateExecutionStrategy();
        var written = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
            var chain = DemoChain.For(day);
            if (await seeder.IsSeededAsync(db, chain, cancellationToken)) return -1;
            var count = await seeder.SeedAsync(db, chain, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return count;
        });

        if (written < 0) LogAlreadySeeded(logger, typeof(TContext).Name);
        else LogSeeded(logger, typeof(TContext).Name, DemoSeeding.Format(day), written, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo chain already in {Context}; nothing seeded")]
    private static partial void LogAlreadySeeded(ILogger logger, string context);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo chain of {SeedingDate} seeded into {Context}: {Records} records in {ElapsedMs:F0} ms")]
    private static partial void LogSeeded(ILogger logger, string context, string seedingDate, int records, double elapsedMs);
}
