using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace AppHost.Hosting;

/// <summary>
/// Command line (<c>--gateway-port 8081</c>), environment and appsettings, in that order of precedence.
/// </summary>
public sealed class AppHostOptions
{
    public const int DefaultGatewayPort = 8080;
    public const int DefaultPostgresPort = 55432;

    public static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--gateway-port"] = "AppHost:GatewayPort",
        ["--postgres-port"] = "AppHost:PostgresPort",
        ["--data-dir"] = "AppHost:DataDir",
        ["--seed"] = "AppHost:Seed",
        ["--health-timeout"] = "AppHost:HealthTimeoutSeconds",
        ["--database-prefix"] = "AppHost:DatabasePrefix",
        ["--postgres-bin"] = "AppHost:PostgresBin",
    };

    public required IConfiguration Configuration { get; init; }
    public required string RepositoryRoot { get; init; }
    public required string BuildConfiguration { get; init; }
    public required int GatewayPort { get; init; }
    /// <summary>0 picks a free port for this run.</summary>
    public required int PostgresPort { get; init; }
    public required string DataDirectory { get; init; }
    public required string? ExternalPostgres { get; init; }
    public required TimeSpan HealthTimeout { get; init; }
    public required string Seed { get; init; }
    /// <summary>Prepended to every database name; lets tests run several platforms on one server.</summary>
    public required string DatabasePrefix { get; init; }
    /// <summary>Where initdb and postgres are; null searches PATH, then /usr/lib/postgresql/*/bin.</summary>
    public required string? PostgresBin { get; init; }

    public static AppHostOptions Load(string[] args)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            throw new HelpRequestedException();
        }

        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args, SwitchMappings)
            .Build();

        var assembly = typeof(AppHostOptions).Assembly;
        var root = Metadata(assembly, "RepositoryRoot") ?? Directory.GetCurrentDirectory();

        return new AppHostOptions
        {
            Configuration = configuration,
            RepositoryRoot = root,
            BuildConfiguration = Metadata(assembly, "BuildConfiguration") ?? "Debug",
            GatewayPort = Port(configuration, "AppHost:GatewayPort", DefaultGatewayPort, "--gateway-port", allowZero: false),
            PostgresPort = Port(configuration, "AppHost:PostgresPort", DefaultPostgresPort, "--postgres-port", allowZero: true),
            DataDirectory = Path.GetFullPath(configuration["AppHost:DataDir"] ?? Path.Combine(root, ".apphost")),
            ExternalPostgres = NullIfEmpty(configuration.GetConnectionString("postgres")),
            HealthTimeout = TimeSpan.FromSeconds(int.TryParse(configuration["AppHost:HealthTimeoutSeconds"], out var s) && s > 0 ? s : 90),
            Seed = (configuration["AppHost:Seed"] ?? "demo") switch
            {
                "demo" => "demo",
                "none" => "none",
                var other => throw new StartupException($"Unknown --seed value '{other}'.", "Use --seed demo (the default) or --seed none."),
            },
            DatabasePrefix = configuration["AppHost:DatabasePrefix"] ?? string.Empty,
            PostgresBin = NullIfEmpty(configuration["AppHost:PostgresBin"]),
        };
    }

    private static string? Metadata(Assembly assembly, string key) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int Port(IConfiguration configuration, string key, int fallback, string option, bool allowZero)
    {
        var text = configuration[key];
        if (text is null) return fallback;
        if (int.TryParse(text, out var port) && port is >= 0 and <= 65535 && (allowZero || port > 0)) return port;
        throw new StartupException($"'{text}' is not a valid port for {option}.", $"Give a number between {(allowZero ? 0 : 1)} and 65535, for example {option} {fallback}.");
    }

    /// <summary>Fails with the port, its owner's role and the option that changes it, when something else listens there.</summary>
    public static void EnsurePortFree(int port, string whatFor, string option)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
            listener.Start();
        }
        catch (SocketException)
        {
            throw new StartupException(
                $"Port {port} ({whatFor}) is already in use by another program.",
                $"Stop that program (see: ss -ltnp 'sport = :{port}'), or choose another port: dotnet run --project AppHost -- {option} <port>");
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public const string Usage = """
        Starts the whole platform: PostgreSQL, the five services and the gateway.

        Usage: dotnet run --project AppHost [-- options]

          --gateway-port <port>     where the gateway listens (default 8080)
          --postgres-port <port>    port of the embedded PostgreSQL (default 55432; 0 = any free port)
          --data-dir <path>         where the embedded cluster and run state live (default <repo>/.apphost)
          --postgres-bin <dir>      folder with initdb and postgres (default: PATH, then /usr/lib/postgresql/*/bin)
          --seed demo|none          load the demo chain on first run (default demo)
          --health-timeout <sec>    how long a service may take to become healthy (default 90)

        Environment:
          ConnectionStrings__postgres   use this PostgreSQL server instead of the embedded one
        """;
}

public sealed class HelpRequestedException : Exception;
