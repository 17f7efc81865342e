using Clients.Api.Apis;
using Clients.Api.Grpc;
using Clients.Api.Infrastructure;
using FluentValidation;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Mediator;
using Platform.ServiceDefaults.Security;

namespace Clients.Api.Extensions;

public static class ClientsExtensions
{
    public const string DatabaseName = "clientsdb";

    public static IHostApplicationBuilder AddClients(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<ClientsDbContext>(DatabaseName, configureDataSource: dataSource =>
        {
            // Every booking asks for a booking profile (one statement) and front desks repeat a few search shapes:
            // let PostgreSQL plan each once per connection, and skip the session reset on every pool checkout. Safe
            // because nothing here leaves session state behind (registration's advisory lock is per transaction; no
            // SET, no temporary tables, no LISTEN).
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = 32;
            dataSource.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
            dataSource.ConnectionStringBuilder.NoResetOnClose = true;
        });
        builder.AddDemoSeed<ClientsDbContext, DemoSeed>();
        builder.AddGrpcServer();
        builder.AddClientsAuthorization();

        builder.Services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.GenerateTypesAsInternal = true;
            options.PipelineBehaviors = [typeof(TracingBehavior<,>), typeof(ValidationBehavior<,>)];
        });
        builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);

        return builder;
    }

    public static WebApplication MapClientsApi(this WebApplication app)
    {
        app.UsePlatformAuthorization();
        ClientsApi.MapClientsApi(app);
        app.MapInternalGrpcService<ClientDirectoryService>();
        return app;
    }
}
