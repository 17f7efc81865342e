using Clients.Grpc;
using Credentials.Events;
using Credentials.Grpc;
using FluentValidation;
using Microsoft.AspNetCore.Http.Json;
using Platform.Events;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Mediator;
using Platform.ServiceDefaults.Security;
using Referrals.Grpc;
using Scheduling.Api.Apis;
using Scheduling.Api.Features.Appointments;
using Scheduling.Api.Features.AtRisk;
using Scheduling.Api.Features.Shifts;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Extensions;

public static class SchedulingExtensions
{
    public const string DatabaseName = "schedulingdb";
    public const string SectionName = "Scheduling";

    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        // Booking and availability repeat a handful of statements: PostgreSQL parses and plans each one once per connection.
        builder.AddNpgsqlDbContext<SchedulingDbContext>(DatabaseName, configureDataSource: dataSource =>
        {
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = 64;
            dataSource.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
            // A booking checks a connection out of the pool three or four times; skip the session reset Npgsql sends
            // on each. Safe because nothing here leaves session state behind: the advisory locks are per transaction,
            // no SET, no temporary tables; the outbox dispatcher's LISTEN connection stays open for the process's life.
            dataSource.ConnectionStringBuilder.NoResetOnClose = true;
        });
        builder.AddDemoSeed<SchedulingDbContext, DemoSeed>();
        builder.AddGrpcServer();
        builder.AddSchedulingAuthorization();

        builder.Services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.GenerateTypesAsInternal = true;
            options.PipelineBehaviors = [typeof(TracingBehavior<,>), typeof(ValidationBehavior<,>)];
        });
        builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);

        builder.Services.AddScoped<ShiftWriter>();
        builder.Services.AddSingleton<LocationCatalog>();
        builder.Services.AddSingleton<ShiftCatalog>();
        builder.Services.AddSingleton<BookingAdmission>();
        builder.Services.AddScoped<AppointmentStore>();
        builder.Services.AddScoped<AppointmentBooker>();
        // The booking gates: Clients, Credentials and Referrals over gRPC, found by service discovery
        // (http://_grpc.{service}), each call with a deadline (Scheduling:CallDeadline, default 1.5 s).
        var deadline = builder.Configuration.GetValue($"{SectionName}:CallDeadline", GrpcClientExtensions.DefaultDeadline);
        builder.Services.AddGrpcServiceClient<ClientDirectory.ClientDirectoryClient>(RemoteBookingGates.ClientsService, deadline);
        builder.Services.AddGrpcServiceClient<Eligibility.EligibilityClient>(PractitionerEligibility.ServiceName, deadline);
        builder.Services.AddGrpcServiceClient<VisitAuthorizations.VisitAuthorizationsClient>(RemoteBookingGates.ReferralsService, deadline);
        builder.Services.AddScoped<PractitionerEligibility>();
        builder.Services.AddScoped<IBookingGates, RemoteBookingGates>();
        builder.Services.AddHostedService<BookingGatesWarmUp>();

        // Appointment events go to the services in Events:Subscriptions (appsettings.json: referrals, for counted
        // visits); Credentials' licence events come in through the event sink.
        builder.AddEventPublisher();
        builder.AddEventConsumer<SchedulingDbContext>()
            .AddEventHandler<LicenseStatusChanged, RecordLicenseStanding>();

        return builder;
    }

    public static WebApplication MapSchedulingApi(this WebApplication app)
    {
        app.UsePlatformAuthorization();
        app.MapLocationsApi();
        app.MapShiftsApi();
        app.MapAvailabilityApi();
        app.MapAppointmentsApi();
        // Service to service, platform services' tokens only: event delivery, the appointment lookup for ClinicalNotes.
        app.MapEventSink();
        app.MapInternalGrpcService<Grpc.AppointmentsService>();
        return app;
    }
}
