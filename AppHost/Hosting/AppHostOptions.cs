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
    public const int DefaultDashboardPort = 18888;
    public const string NoDashboardSwitch = "--no-dashboard";

    public static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--gateway-port"] = "AppHost:GatewayPort",
        ["--postgres-port"] = "AppHost:PostgresPort",
        ["--data-dir"] = "AppHost:DataDir",
        ["--seed"] = "AppHost:Seed",
        ["--health-timeout"] = "AppHost:HealthTimeoutSeconds",
        ["--database-prefix"] = "AppHost:DatabasePrefix",
        ["--postgres-bin"] = "AppHost:PostgresBin",
        ["--dashboard-port"] = "AppHost:DashboardPort",
        ["--rate-limit"] = "AppHost:RateLimit",
        ["--telemetry-max-spans"] = "AppHost:Telemetry:MaxSpansPerResource",
        ["--telemetry-max-logs"] = "AppHost:Telemetry:MaxLogsPerResource",
        ["--telemetry-max-metric-points"] = "AppHost:Telemetry:MaxMetricPointsPerResource",
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
    /// <summary>False with <c>--no-dashboard</c>: no OTLP receiver, no dashboard, resources export no telemetry.</summary>
    public required bool DashboardEnabled { get; init; }
    public required int DashboardPort { get; init; }
    public required Telemetry.TelemetryLimits TelemetryLimits { get; init; }
    /// <summary>Requests per minute the gateway allows each signed-in caller; null keeps the gateway's own (600).</summary>
    public required int? RateLimit { get; init; }

    public static AppHostOptions Load(string[] args)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            throw new HelpRequestedException();
        }

        // A flag without a value; the configuration's command-line parser wants key/value pairs.
        var dashboardEnabled = !args.Contains(NoDashboardSwitch, StringComparer.OrdinalIgnoreCase);
        args = args.Where(a => !string.Equals(a, NoDashboardSwitch, StringComparison.OrdinalIgnoreCase)).ToArray();

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
            DashboardEnabled = dashboardEnabled && !string.Equals(configuration["AppHost:Dashboard"], "false", StringComparison.OrdinalIgnoreCase),
            DashboardPort = Port(configuration, "AppHost:DashboardPort", DefaultDashboardPort, "--dashboard-port", allowZero: false),
            RateLimit = configuration["AppHost:RateLimit"] is null ? null : Cap(configuration, "AppHost:RateLimit", 600, "--rate-limit"),
            TelemetryLimits = new Telemetry.TelemetryLimits
            {
                MaxSpansPerResource = Cap(configuration, "AppHost:Telemetry:MaxSpansPerResource", Telemetry.TelemetryLimits.DefaultMaxSpans, "--telemetry-max-spans"),
                MaxLogsPerResource = Cap(configuration, "AppHost:Telemetry:MaxLogsPerResource", Telemetry.TelemetryLimits.DefaultMaxLogs, "--telemetry-max-logs"),
                MaxMetricPointsPerResource = Cap(configuration, "AppHost:Telemetry:MaxMetricPointsPerResource", Telemetry.TelemetryLimits.DefaultMaxMetricPoints, "--telemetry-max-metric-points"),
            },
        };
    }

    private static string? Metadata(Assembly assembly, string key) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int Port(IConfiguration configuration, string key, int fallback, string option, bool allowZero)
    {
        var text = configuration[key];
        if (text is null) return Reserved(fallback);
        if (int.TryParse(text, out var port) && port is >= 0 and <= 65535 && (allowZero || port > 0)) return Reserved(port);
        throw new StartupException($"'{text}' is not a valid port for {option}.", $"Give a number between {(allowZero ? 0 : 1)} and 65535, for example {option} {fallback}.");
    }

    /// <summary>A named port is never handed to a service; 0 ("any free port") reserves nothing.</summary>
    private static int Reserved(int port)
    {
        if (port > 0) Platform.Hosting.LoopbackPorts.Reserve(port);
        return port;
    }

    private static int Cap(IConfiguration configuration, string key, int fallback, string option)
    {
        var text = configuration[key];
        if (text is null) return fallback;
        if (int.TryParse(text, out var cap) && cap is > 0 and <= 10_000_000) return cap;
        throw new StartupException($"'{text}' is not a valid limit for {option}.", $"Give a whole number between 1 and 10000000, for example {option} {fallback}.");
    }

    /// <summary>Fails with the port, its owner's role and the option that changes it, when something else listens there.</summary>
    public static void EnsurePortFree(int port, string whatFor, string option)
    {
        if (!Platform.Hosting.LoopbackPorts.IsFree(port))
        {
            throw new StartupException(
                $"Port {port} ({whatFor}) is already in use by another program.",
                $"Stop that program (see: ss -ltnp 'sport = :{port}'), or choose another port: dotnet run --project AppHost -- {option} <port>");
        }
    }

    public static int FreePort() => Platform.Hosting.LoopbackPorts.Next();

    public const string Usage = """
        Starts the whole platform: PostgreSQL, the five services and the gateway.

        Usage: dotnet run --project AppHost [-- options]

          --gateway-port <port>     where the gateway listens (default 8080)
          --postgres-port <port>    port of the embedded PostgreSQL (default 55432; 0 = any free port)
          --data-dir <path>         where the embedded cluster and run state live (default <repo>/.apphost)
          --postgres-bin <dir>      folder with initdb and postgres (default: PATH, then /usr/lib/postgresql/*/bin)
          --seed demo|none          load the demo chain on first run (default demo)
          --health-timeout <sec>    how long a service may take to become healthy (default 90)
          --dashboard-port <port>   where the dashboard listens, on loopback (default 18888)
          --no-dashboard            no dashboard and no telemetry collection (services export nothing)
          --rate-limit <n>          requests per minute the gateway allows each signed-in caller (default 600;
                                    load benchmarks need more, e.g. --rate-limit 10000000)
          --telemetry-max-spans <n>          spans kept per resource, oldest dropped first (default 10000)
          --telemetry-max-logs <n>           log records kept per resource (default 10000)
          --telemetry-max-metric-points <n>  metric points kept per resource (default 30000)

        Environment:
          ConnectionStrings__postgres   use this PostgreSQL server instead of the embedded one
        """;
}

public sealed class HelpRequestedException : Exception;
