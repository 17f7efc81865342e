using Npgsql;

namespace AppHost.Hosting;

/// <summary>
/// Declares the platform's resources in code, in the shape of Aspire's
/// <c>IDistributedApplicationBuilder</c>: <c>AddPostgres(...).AddDatabase(...)</c>, <c>AddProject(...)</c>,
/// <c>WithReference(...)</c>, <c>WaitFor(...)</c>.
/// </summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    private DistributedApplicationBuilder(AppHostOptions options) => Options = options;

    public AppHostOptions Options { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    public static DistributedApplicationBuilder Create(string[] args)
    {
        // A startup problem found while the resources are declared (missing binaries, a bad connection
        // string) is a cause and a fix for the user, not a crash with a stack trace.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            switch (e.ExceptionObject)
            {
                case StartupException startup:
                    Console.Error.WriteLine($"apphost | cannot start: {startup.Cause}");
                    Console.Error.WriteLine($"apphost | fix: {startup.Fix}");
                    Environment.Exit(1);
                    break;
                case HelpRequestedException:
                    Console.WriteLine(AppHostOptions.Usage);
                    Environment.Exit(0);
                    break;
            }
        };

        return new(AppHostOptions.Load(args));
    }

    public ResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' was already added.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    /// <summary>
    /// The embedded PostgreSQL server, or the server named by <c>ConnectionStrings:postgres</c> when set.
    /// </summary>
    public ResourceBuilder<PostgresServerResource> AddPostgres(string name)
    {
        if (Options.ExternalPostgres is { } external)
        {
            try
            {
                var parsed = new NpgsqlConnectionStringBuilder(external);
                if (string.IsNullOrEmpty(parsed.Host)) throw new ArgumentException("Host is missing");
            }
            catch (ArgumentException ex)
            {
                throw new StartupException(
                    $"ConnectionStrings:postgres is not a valid PostgreSQL connection string ({ex.Message}).",
                    "Use key=value pairs, for example ConnectionStrings__postgres=\"Host=127.0.0.1;Port=5432;Username=postgres;Password=secret\", or unset it to use the embedded server.");
            }

            return AddResource(new PostgresServerResource(name, embedded: null, external));
        }

        var port = Options.PostgresPort == 0 ? AppHostOptions.FreePort() : Options.PostgresPort;
        var embedded = EmbeddedPostgres.Prepare(Options.DataDirectory, port, Options.PostgresBin);
        return AddResource(new PostgresServerResource(name, embedded, embedded.ConnectionString));
    }

    public ResourceBuilder<ProjectResource> AddProject<TProject>(string name) where TProject : IProjectMetadata, new()
    {
        var project = new ProjectResource(name, new TProject().ProjectPath, Options.BuildConfiguration);
        return AddResource(project);
    }

    public DistributedApplication Build() => new(Options, _resources);
}

public static class ProjectResourceBuilderExtensions
{
    /// <summary>A REST endpoint (HTTP/1.1 and HTTP/2); a free loopback port unless one is given.</summary>
    public static ResourceBuilder<ProjectResource> WithHttpEndpoint(this ResourceBuilder<ProjectResource> builder, int? port = null, string host = "127.0.0.1")
    {
        builder.Resource.AddEndpoint(new Endpoint("http", "http", host, port ?? AppHostOptions.FreePort(), "Http1AndHttp2"));
        return builder;
    }

    /// <summary>A gRPC endpoint: HTTP/2 without TLS needs its own port ("prior knowledge").</summary>
    public static ResourceBuilder<ProjectResource> WithGrpcEndpoint(this ResourceBuilder<ProjectResource> builder, int? port = null)
    {
        builder.Resource.AddEndpoint(new Endpoint("grpc", "http", "127.0.0.1", port ?? AppHostOptions.FreePort(), "Http2"));
        return builder;
    }
}
