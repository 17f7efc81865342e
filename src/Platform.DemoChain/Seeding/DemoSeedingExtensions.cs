using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.DemoChain.Seeding;

namespace Microsoft.Extensions.Hosting;

/// <summary>The one line a service adds to load its part of the demo chain (in the hosting namespace, like the other <c>Add*</c> of the platform).</summary>
public static class DemoSeedingExtensions
{
    /// <summary>
    /// When <c>Demo:Seed</c> is <c>demo</c>, seeds the service's part of the chain on start, after its
    /// migrations (call after the service's <c>AddNpgsqlDbContext</c>: hosted services start in registration
    /// order). Idempotent and safe with several replicas: one transaction, under a database-wide advisory lock,
    /// that first asks the seeder whether the chain is already there.
    /// </summary>
    public static IHostApplicationBuilder AddDemoSeed<TContext, TSeeder>(this IHostApplicationBuilder builder)
        where TContext : DbContext
        where TSeeder : class, IDemoSeeder<TContext>
    {
        var mode = builder.Configuration[DemoSeeding.ModeKey];
        if (string.IsNullOrEmpty(mode) || mode == "none") return builder;
        if (mode != "demo")
        {
            throw new InvalidOperationException($"Configuration {DemoSeeding.ModeKey} is '{mode}': use 'demo' to load the demo chain or 'none' to start empty.");
        }

        DateOnly? date = null;
        if (builder.Configuration[DemoSeeding.DateKey] is { Length: > 0 } text)
        {
            date = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"Configuration {DemoSeeding.DateKey} is '{text}': give the seeding date as YYYY-MM-DD, or leave it out for today.");
        }

        builder.Services.AddScoped<TSeeder>();
        builder.Services.AddHostedService(services => new DemoSeedRunner<TContext, TSeeder>(
            services, date, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<DemoSeedRunner<TContext, TSeeder>>>()));
        return builder;
    }
}
