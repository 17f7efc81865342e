using Credentials.Api.Apis;
using Credentials.Api.Features.Licenses;
using Credentials.Api.Grpc;
using Credentials.Api.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Platform.Events;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Mediator;
using Platform.ServiceDefaults.Security;

namespace Credentials.Api.Extensions;

public static class CredentialsExtensions
{
    public const string DatabaseName = "credentialsdb";

    public static IHostApplicationBuilder AddCredentials(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<CredentialsDbContext>(DatabaseName, configureDataSource: dataSource =>
        {
            // The eligibility statements run on every booking: let Npgsql prepare them on the server...
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = 32;
            dataSource.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
            // ...and skip the session reset (the DISCARD ALL equivalent) Npgsql otherwise sends on every pool
            // checkout: several statements per booking check. Safe here because nothing in this service changes
            // session state (no SET, temporary tables, LISTEN or advisory locks); keep it that way. (The outbox
            // dispatcher's and CredentialsChangeListener's LISTEN connections are held open for the life of the process.)
            dataSource.ConnectionStringBuilder.NoResetOnClose = true;
        });
        builder.Services.AddSingleton<AuditTrailInterceptor>();
        builder.Services.AddSingleton<EligibilityFactsEviction>();
        builder.Services.ConfigureDbContext<CredentialsDbContext>((services, options) => options.AddInterceptors(
            services.GetRequiredService<AuditTrailInterceptor>(), services.GetRequiredService<EligibilityFactsEviction>()));
        builder.AddDemoSeed<CredentialsDbContext, DemoSeed>();
        builder.Services.AddSingleton<EligibilityReader>();
        builder.Services.Configure<EligibilityOptions>(builder.Configuration.GetSection(EligibilityOptions.Section));
        builder.Services.AddSingleton<EligibilityFactsCache>();
        builder.Services.AddSingleton<EligibilityFacts>();
        builder.Services.AddHostedService<CredentialsChangeListener>();
        builder.Services.AddScoped<LicenseStanding>();
        builder.AddGrpcServer();
        builder.AddCredentialsAuthorization();
        // LicenseStatusChanged goes to the services in Events:Subscriptions (appsettings.json: scheduling, at-risk report).
        builder.AddEventPublisher();

        builder.Services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.GenerateTypesAsInternal = true;
            options.PipelineBehaviors = [typeof(TracingBehavior<,>), typeof(ValidationBehavior<,>)];
        });
        builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);

        return builder;
    }

    public static WebApplication MapCredentialsApi(this WebApplication app)
    {
        app.UsePlatformAuthorization();
        app.MapPractitionersApi();
        app.MapAuditApi();
        app.MapInternalGrpcService<EligibilityService>();
        return app;
    }
}
