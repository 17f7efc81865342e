using System.Security.Cryptography;
using AppHost;
using AppHost.Hosting;

var builder = DistributedApplicationBuilder.Create(args);
var development = (Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Development") == "Development";

var postgres = builder.AddPostgres("postgres");
var clientsDb = postgres.AddDatabase("clientsdb");
var schedulingDb = postgres.AddDatabase("schedulingdb");
var notesDb = postgres.AddDatabase("notesdb");
var referralsDb = postgres.AddDatabase("referralsdb");
var credentialsDb = postgres.AddDatabase("credentialsdb");
var identityDb = postgres.AddDatabase("identitydb");

// Tokens name the address clients use, the gateway's; the gateway routes the OpenID endpoints to this service.
var gatewayUrl = $"http://localhost:{builder.Options.GatewayPort}";
var issuer = gatewayUrl + "/";
var identity = builder.AddProject<Projects.Identity_Api>("identity")
    .WithHttpEndpoint()
    .WithReference(identityDb).WaitFor(identityDb)
    .WithEnvironment("Identity__Issuer", issuer);
if (development) identity.WithDemoUsers();

var credentials = builder.AddService<Projects.Credentials_Api>("credentials")
    .WithReference(credentialsDb).WaitFor(credentialsDb)
    .WithTokensFrom(identity, issuer);

var clients = builder.AddService<Projects.Clients_Api>("clients")
    .WithReference(clientsDb).WaitFor(clientsDb)
    .WithTokensFrom(identity, issuer);

var referrals = builder.AddService<Projects.Referrals_Api>("referrals")
    .WithReference(referralsDb).WaitFor(referralsDb)
    .WithTokensFrom(identity, issuer)
    .WithServiceReference(clients); // a referral submitted or accepted for a client: is the client registered (gRPC)

var clinicalNotes = builder.AddService<Projects.ClinicalNotes_Api>("clinicalnotes")
    .WithReference(notesDb).WaitFor(notesDb)
    .WithTokensFrom(identity, issuer)
    .WithServiceReference(referrals); // NoteSigned is delivered to Referrals (progress reports)

var scheduling = builder.AddService<Projects.Scheduling_Api>("scheduling")
    .WithReference(schedulingDb).WaitFor(schedulingDb)
    .WithTokensFrom(identity, issuer)
    .WithServiceReference(credentials)
    .WithServiceReference(clients)
    .WithServiceReference(referrals);   // booking gates (gRPC) and appointment events (Events:Subscriptions)

// Credentials publishes LicenseStatusChanged to Scheduling (the at-risk report): its dispatcher finds it by name.
credentials.WithServiceReference(scheduling);
// ClinicalNotes asks Scheduling whose appointment a new note documents, and where it took place (authorization).
clinicalNotes.WithServiceReference(scheduling);

var gateway = builder.AddProject<Projects.Gateway>("gateway")
    .WithHttpEndpoint(port: builder.Options.GatewayPort, host: "localhost")
    .WithServiceReference(identity)
    .WithEnvironment("Authentication__Issuer", issuer)
    .WithProxyDestination(identity).WaitFor(identity)
    .WithProxyDestination(clients).WaitFor(clients)
    .WithProxyDestination(scheduling).WaitFor(scheduling)
    .WithProxyDestination(clinicalNotes).WaitFor(clinicalNotes)
    .WithProxyDestination(referrals).WaitFor(referrals)
    .WithProxyDestination(credentials).WaitFor(credentials);
if (builder.Options.RateLimit is { } perMinute)
{
    gateway.WithEnvironment("RateLimits__PerClient__PermitLimit", perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

var app = builder.Build();
if (development) app.OnReady.Add((running, _) => DemoUsers.PrintAsync(running, gatewayUrl));
return await app.RunAsync();

internal static class PlatformResources
{
    /// <summary>A platform service: REST for the gateway, gRPC for the other services, and the demo chain unless --seed none.</summary>
    public static ResourceBuilder<ProjectResource> AddService<TProject>(this DistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name).WithHttpEndpoint().WithGrpcEndpoint()
            .WithEnvironment("Demo__Seed", builder.Options.Seed)
            .WithEnvironment("Demo__Date", () => DemoSeedDate.For(builder.Options.DataDirectory, DateTimeOffset.UtcNow));

    /// <summary>
    /// The service validates access tokens from the identity service (keys over service discovery, the gateway's
    /// issuer) and gets its own client credentials there, a new secret each run, for its calls to other services.
    /// It starts once identity is healthy: started together, its first token fetches met a refused connection,
    /// the resilience pipeline's circuit breaker opened, and for up to 5 s after "platform ready" a request
    /// could be refused with a 503 because the service could not reach identity.
    /// </summary>
    public static ResourceBuilder<ProjectResource> WithTokensFrom(this ResourceBuilder<ProjectResource> service,
        ResourceBuilder<ProjectResource> identity, string issuer)
    {
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        identity.WithEnvironment($"Identity__Clients__Services__{service.Resource.Name}__Secret", secret);
        return service.WithServiceReference(identity).WaitFor(identity)
            .WithEnvironment("Authentication__Issuer", issuer)
            .WithEnvironment("ServiceAuthentication__ClientSecret", secret);
    }
}
