using ClinicalNotes.Api.Apis;
using ClinicalNotes.Api.Infrastructure;
using FluentValidation;
using Platform.Events;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Mediator;

namespace ClinicalNotes.Api.Extensions;

public static class ClinicalNotesExtensions
{
    public const string DatabaseName = "notesdb";

    public static IHostApplicationBuilder AddClinicalNotes(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<ClinicalNotesDbContext>(DatabaseName);
        builder.AddDemoSeed<ClinicalNotesDbContext, DemoSeed>();
        builder.AddGrpcServer();
        // NoteSigned goes to the services in Events:Subscriptions (appsettings.json: referrals, for progress reports).
        builder.AddEventPublisher();

        builder.Services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.GenerateTypesAsInternal = true;
            options.PipelineBehaviors = [typeof(TracingBehavior<,>), typeof(ValidationBehavior<,>)];
        });
        builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
        builder.Services.AddScoped<NoteChainVerifier>();

        return builder;
    }

    public static WebApplication MapClinicalNotesApi(this WebApplication app)
    {
        app.MapNotesApi();
        app.MapOutcomesApi();
        return app;
    }
}
