using AppHost.Hosting;

var builder = DistributedApplicationBuilder.Create(args);

var postgres = builder.AddPostgres("postgres");
var clientsDb = postgres.AddDatabase("clientsdb");
var schedulingDb = postgres.AddDatabase("schedulingdb");
var notesDb = postgres.AddDatabase("notesdb");
var referralsDb = postgres.AddDatabase("referralsdb");
var credentialsDb = postgres.AddDatabase("credentialsdb");

var credentials = builder.AddService<Projects.Credentials_Api>("credentials")
    .WithReference(credentialsDb).WaitFor(credentialsDb);

var clients = builder.AddService<Projects.Clients_Api>("clients")
    .WithReference(clientsDb).WaitFor(clientsDb);

var referrals = builder.AddService<Projects.Referrals_Api>("referrals")
    .WithReference(referralsDb).WaitFor(referralsDb);

var clinicalNotes = builder.AddService<Projects.ClinicalNotes_Api>("clinicalnotes")
    .WithReference(notesDb).WaitFor(notesDb);

var scheduling = builder.AddService<Projects.Scheduling_Api>("scheduling")
    .WithReference(schedulingDb).WaitFor(schedulingDb)
    .WithServiceReference(credentials)
    .WithServiceReference(clients)
    .WithServiceReference(referrals);

builder.AddProject<Projects.Gateway>("gateway")
    .WithHttpEndpoint(port: builder.Options.GatewayPort, host: "localhost")
    .WithProxyDestination(clients).WaitFor(clients)
    .WithProxyDestination(scheduling).WaitFor(scheduling)
    .WithProxyDestination(clinicalNotes).WaitFor(clinicalNotes)
    .WithProxyDestination(referrals).WaitFor(referrals)
    .WithProxyDestination(credentials).WaitFor(credentials);

return await builder.Build().RunAsync();

internal static class PlatformResources
{
    /// <summary>A platform service: REST for the gateway, gRPC for the other services, and the demo chain unless --seed none.</summary>
    public static ResourceBuilder<ProjectResource> AddService<TProject>(this DistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name).WithHttpEndpoint().WithGrpcEndpoint()
            .WithEnvironment("Demo__Seed", builder.Options.Seed)
            .WithEnvironment("Demo__Date", () => DemoSeedDate.For(builder.Options.DataDirectory, DateTimeOffset.UtcNow));
}
