using FluentValidation;
using Scheduling.Api.Infrastructure;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Mediator;

namespace Scheduling.Api.Extensions;

public static class SchedulingExtensions
{
    public const string DatabaseName = "schedulingdb";

    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<SchedulingDbContext>(DatabaseName);
        builder.AddGrpcServer();

        builder.Services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.GenerateTypesAsInternal = true;
            options.PipelineBehaviors = [typeof(TracingBehavior<,>), typeof(ValidationBehavior<,>)];
        });
        builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);

        return builder;
    }

    public static WebApplication MapSchedulingApi(this WebApplication app)
    {
        return app;
    }
}
