using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.ServiceDefaults.Data;

public sealed record DatabaseMigration(string ConnectionName);

/// <summary>
/// Applies pending EF Core migrations before the web server starts (<see cref="IHostedLifecycleService.StartingAsync"/>
/// runs before any hosted service starts), so <c>/health</c> never reports ready on an old schema. EF Core
/// takes a database lock while migrating, so several replicas can start together. A server that cannot be
/// reached stops the service with one line that says what is wrong and how to fix it.
/// </summary>
internal sealed partial class DatabaseMigrator<TContext>(
    IServiceProvider services, DatabaseMigration migration, ILogger<DatabaseMigrator<TContext>> logger) : IHostedLifecycleService
    where TContext : DbContext
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var where = ConnectionStrings.Describe(db.Database.GetConnectionString() ?? string.Empty);
        var started = DateTime.UtcNow;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
                LogMigrated(logger, migration.ConnectionName, (DateTime.UtcNow - started).TotalMilliseconds);
                return;
            }
            catch (Exception ex) when (IsTransient(ex) && DateTime.UtcNow - started < TimeSpan.FromSeconds(15))
            {
                // The database server may still be starting (a container, a restart); give it a moment.
                LogWaiting(logger, migration.ConnectionName, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                throw new InvalidOperationException(
                    $"Cannot prepare database '{migration.ConnectionName}' ({where}): {Cause(ex)}. " +
                    $"Check that PostgreSQL is running and that ConnectionStrings__{migration.ConnectionName} is right.", ex);
            }
        }
    }

    private static bool IsTransient(Exception ex) =>
        ex is NpgsqlException { IsTransient: true } || ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    private static string Cause(Exception ex) => ex switch
    {
        PostgresException pg when pg.SqlState == PostgresErrorCodes.InvalidPassword => "the password was refused",
        PostgresException pg when pg.SqlState == PostgresErrorCodes.InvalidAuthorizationSpecification => "the user is not allowed to connect",
        PostgresException pg => pg.MessageText,
        _ when ex.InnerException is SocketException socket => socket.SocketErrorCode == SocketError.ConnectionRefused
            ? "nothing is listening at that host and port"
            : socket.Message,
        _ => ex.Message,
    };

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {Database} is at the latest migration ({ElapsedMs:F0} ms)")]
    private static partial void LogMigrated(ILogger logger, string database, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database {Database} not reachable yet (attempt {Attempt}); retrying")]
    private static partial void LogWaiting(ILogger logger, string database, int attempt);
}
