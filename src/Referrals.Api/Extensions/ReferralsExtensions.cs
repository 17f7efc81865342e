using Clients.Grpc;
using ClinicalNotes.Events;
using FluentValidation;
using Platform.Events;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Mediator;
using Platform.ServiceDefaults.Security;
using Referrals.Api.Apis;
using Referrals.Api.Features.Progress;
using Referrals.Api.Features.Referrals;
using Referrals.Api.Features.Visits;
using Referrals.Api.Grpc;
using Referrals.Api.Infrastructure;

namespace Referrals.Api.Extensions;

public static class ReferralsExtensions
{
    public const string DatabaseName = "referralsdb";

    public static IHostApplicationBuilder AddReferrals(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<ReferralsDbContext>(DatabaseName);
        builder.AddDemoSeed<ReferralsDbContext, DemoSeed>();
        builder.AddGrpcServer();
        builder.AddReferralsAuthorization();
        builder.Services.AddOptions<ReferralsOptions>()
            .BindConfiguration(ReferralsOptions.SectionName)
            .Validate(o => o.HoldTimeout > TimeSpan.Zero && o.HoldTimeout <= TimeSpan.FromDays(1),
                "Referrals:HoldTimeout must be a time span from 00:00:01 to 1.00:00:00 (default 00:10:00).")
            .ValidateOnStart();

        builder.Services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.GenerateTypesAsInternal = true;
            options.PipelineBehaviors = [typeof(TracingBehavior<,>), typeof(ValidationBehavior<,>)];
        });
        builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);

        builder.Services.AddSingleton<VisitLedger>();
        builder.Services.AddScoped<HoldChanges>();
        builder.Services.AddScoped<ReferralTransitions>();
        builder.Services.AddScoped<ClientRegistry>();
        builder.Services.AddGrpcServiceClient<ClientDirectory.ClientDirectoryClient>(ClientRegistry.ServiceName);

        builder.AddEventConsumer<ReferralsDbContext>()
            .AddEventHandler<NoteSigned, RecordSignedNote>()
            .AddEventHandler<Scheduling.Events.AppointmentBooked, AppointmentVisitEvents>()
            .AddEventHandler<Scheduling.Events.AppointmentCompleted, AppointmentVisitEvents>()
            .AddEventHandler<Scheduling.Events.AppointmentNoShow, AppointmentVisitEvents>()
            .AddEventHandler<Scheduling.Events.AppointmentCancelled, AppointmentVisitEvents>();

        return builder;
    }

    public static WebApplication MapReferralsApi(this WebApplication app)
    {
        app.UsePlatformAuthorization();
        app.MapPhysiciansApi();
        app.MapReferralEndpoints();
        app.MapInternalGrpcService<VisitAuthorizationsService>();
        app.MapEventSink();
        return app;
    }
}
