using FluentValidation;
using Credentials.Api.Infrastructure;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Mediator;

namespace Credentials.Api.Extensions;

public static class CredentialsExtensions
{
    public const string DatabaseName = "credentialsdb";

    public static IHostApplicationBuilder AddCredentials(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<CredentialsDbContext>(DatabaseName);
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

    public static WebApplication MapCredentialsApi(this WebApplication app)
    {
        return app;
    }
}
