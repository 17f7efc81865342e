using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Chain.Bench;

/// <summary>
/// The platform an AppHost is running: where the gateway and each service listen (from the AppHost's
/// <c>run.json</c>) and a bearer token for the calls.
/// </summary>
internal sealed class RunningPlatform
{
    public required Uri Gateway { get; init; }
    public required IReadOnlyDictionary<string, Uri> Services { get; init; }
    public string? Token { get; private set; }

    /// <summary>The AppHost's embedded PostgreSQL (superuser, generated password), or null when it is not readable.</summary>
    public NpgsqlConnectionStringBuilder? Postgres { get; init; }

    public static RunningPlatform Find(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "run.json");
        if (!File.Exists(path))
        {
            throw new BenchSetupException(
                $"No running platform: {path} does not exist.",
                "Start it first in another terminal: dotnet run --project AppHost (or pass --data-dir).");
        }

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        var gateway = root.TryGetProperty("gatewayUrl", out var g) && g.GetString() is { } url ? new Uri(url) : null;
        var services = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var resource in root.GetProperty("resources").EnumerateArray())
        {
            if (resource.TryGetProperty("url", out var u) && u.GetString() is { Length: > 0 } address
                && address.StartsWith("http", StringComparison.Ordinal))
            {
                services[resource.GetProperty("name").GetString()!] = new Uri(address);
            }
        }

        if (gateway is null) throw new BenchSetupException($"{path} names no gateway.", "Wait until the AppHost prints 'platform ready'.");
        return new RunningPlatform { Gateway = gateway, Services = services, Postgres = EmbeddedPostgres(dataDirectory) };
    }

    /// <summary>Password from the AppHost's data folder; port from the running server's postmaster.pid (4th line).</summary>
    private static NpgsqlConnectionStringBuilder? EmbeddedPostgres(string dataDirectory)
    {
        try
        {
            var root = Path.Combine(dataDirectory, "postgres");
            var password = File.ReadAllText(Path.Combine(root, "password")).Trim();
            var port = File.ReadLines(Path.Combine(root, "data", "postmaster.pid")).Skip(3).FirstOrDefault();
            return new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = int.TryParse(port, out var p) ? p : 55432,
                Username = "postgres",
                Password = password,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Signs in through the gateway with the password grant of the development client.</summary>
    public async Task SignInAsync(string user, string password)
    {
        using var http = new HttpClient { BaseAddress = Gateway };
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "platform-cli",
            ["username"] = user,
            ["password"] = password,
            ["scope"] = "openid profile roles",
        }));
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return; // A platform without an identity service: calls go without a token.
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode || !body.TryGetProperty("access_token", out var token))
        {
            throw new BenchSetupException($"Signing in as {user} failed: {(int)response.StatusCode} {body}.",
                "Use one of the demo users the AppHost printed (--user, --password).");
        }

        Token = token.GetString();
    }

    public HttpClient Client(Uri baseAddress, int connections = 256, TimeSpan? timeout = null)
    {
        var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        })
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
        if (Token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }
}

internal sealed class BenchSetupException(string problem, string fix) : Exception(problem)
{
    public string Fix { get; } = fix;
}
