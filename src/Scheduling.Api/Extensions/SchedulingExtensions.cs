using FluentValidation;
using Microsoft.AspNetCore.Http.Json;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Mediator;
using Scheduling.Api.Apis;
using Scheduling.Api.Features.Appointments;
using Scheduling.Api.Features.Shifts;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Extensions;

public static class SchedulingExtensions
{
    public const string DatabaseName = "schedulingdb";

    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        // Booking and availability repeat a handful of statements: PostgreSQL parses and plans each one once per connection.
        builder.AddNpgsqlDbContext<SchedulingDbContext>(DatabaseName, configureDataSource: dataSource =>
        {
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = 64;
            dataSource.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        });
        builder.AddDemoSeed<SchedulingDbContext, DemoSeed>();
        builder.AddGrpcServer();

        builder.Services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.GenerateTypesAsInternal = true;
            options.PipelineBehaviors = [typeof(TracingBehavior<,>), typeof(ValidationBehavior<,>)];
        });
        builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);

        builder.Services.AddScoped<ShiftWriter>();
        builder.Services.AddScoped<AppointmentStore>();
        builder.Services.AddScoped<AppointmentBooker>();
        // The booking gates. TODO(part 2): replace with the implementation that calls Clients, Credentials and
        // Referrals over gRPC (and register their clients here with AddGrpcServiceClient).
        builder.Services.AddScoped<IBookingGates, AllowAllBookingGates>();

        return builder;
    }

    public static WebApplication MapSchedulingApi(this WebApplication app)
    {
        app.MapLocationsApi();
        app.MapShiftsApi();
        app.MapAvailabilityApi();
        app.MapAppointmentsApi();
        return app;
    }
}
