using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Platform.ServiceDefaults.Data;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What Aspire.Npgsql and Aspire.Npgsql.EntityFrameworkCore.PostgreSQL do, which the registry here
/// does not carry: a pooled <see cref="NpgsqlDataSource"/> from <c>ConnectionStrings:{name}</c>, Npgsql
/// tracing and metrics, and a readiness check.
/// </summary>
public static class NpgsqlExtensions
{
    /// <summary>
    /// Table and column names in snake_case, so hand-written SQL on hot paths reads like PostgreSQL.
    /// Design-time factories must call this too, or migrations would use other names.
    /// </summary>
    public static TBuilder UsePlatformConventions<TBuilder>(this TBuilder options) where TBuilder : DbContextOptionsBuilder
    {
        options.UseSnakeCaseNamingConvention();
        return options;
    }

    public static IHostApplicationBuilder AddNpgsqlDataSource(
        this IHostApplicationBuilder builder, string connectionName, Action<NpgsqlDataSourceBuilder>? configure = null)
    {
        var connectionString = ConnectionStrings.Require(builder.Configuration, connectionName);

        builder.Services.AddSingleton(sp =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(connectionString);
            dataSource.UseLoggerFactory(sp.GetService<ILoggerFactory>());
            configure?.Invoke(dataSource);
            return dataSource.Build();
        });
        builder.Services.AddSingleton<System.Data.Common.DbDataSource>(sp => sp.GetRequiredService<NpgsqlDataSource>());

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName,
            sp => new PostgresHealthCheck(sp.GetRequiredService<NpgsqlDataSource>()),
            HealthStatus.Unhealthy,
            [HealthTags.Ready],
            TimeSpan.FromSeconds(3)));

        builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddNpgsql())
            .WithMetrics(m => m.AddMeter("Npgsql"));

        return builder;
    }

    /// <summary>
    /// A pooled EF Core context on the same data source, with its migrations applied before the
    /// service accepts requests.
    /// </summary>
    public static IHostApplicationBuilder AddNpgsqlDbContext<TContext>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<NpgsqlDbContextOptionsBuilder>? configureNpgsql = null,
        Action<NpgsqlDataSourceBuilder>? configureDataSource = null)
        where TContext : DbContext
    {
        builder.AddNpgsqlDataSource(connectionName, configureDataSource);
        builder.Services.AddDbContextPool<TContext>((sp, options) =>
        {
            options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => configureNpgsql?.Invoke(npgsql))
                .UsePlatformConventions();
        });
        builder.Services.AddSingleton(new DatabaseMigration(connectionName));
        builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        return builder;
    }
}
