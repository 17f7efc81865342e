using FluentValidation;
using Referrals.Api.Infrastructure;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Mediator;

namespace Referrals.Api.Extensions;

public static class ReferralsExtensions
{
    public const string DatabaseName = "referralsdb";

    public static IHostApplicationBuilder AddReferrals(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<ReferralsDbContext>(DatabaseName);
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

    public static WebApplication MapReferralsApi(this WebApplication app)
    {
        return app;
    }
}
