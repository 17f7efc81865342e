using ClinicalNotes.Api.Apis;
using ClinicalNotes.Api.Infrastructure;
using FluentValidation;
using Platform.Events;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Mediator;
using Platform.ServiceDefaults.Security;
using Scheduling.Grpc;

namespace ClinicalNotes.Api.Extensions;

public static class ClinicalNotesExtensions
{
    public const string DatabaseName = "notesdb";

    public static IHostApplicationBuilder AddClinicalNotes(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<ClinicalNotesDbContext>(DatabaseName);
        builder.AddDemoSeed<ClinicalNotesDbContext, DemoSeed>();
        builder.AddGrpcServer();
        builder.AddClinicalNotesAuthorization();
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
        // Whose appointment a new note documents: Scheduling over gRPC (http://_grpc.scheduling), with a deadline.
        builder.Services.AddGrpcServiceClient<Appointments.AppointmentsClient>(AppointmentDirectory.ServiceName);
        builder.Services.AddScoped<AppointmentDirectory>();

        return builder;
    }

    public static WebApplication MapClinicalNotesApi(this WebApplication app)
    {
        app.UsePlatformAuthorization();
        app.MapNotesApi();
        app.MapOutcomesApi();
        return app;
    }
}
