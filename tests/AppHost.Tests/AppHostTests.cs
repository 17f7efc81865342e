using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;

namespace AppHost.Tests;

/// <summary>
/// The AppHost as a user runs it: one command brings up PostgreSQL, every service and the gateway;
/// Ctrl+C (or SIGTERM) takes everything down and leaves nothing running; the data stays for the next run.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class AppHostTests : IDisposable
{
    private const int SIGTERM = 15;
    private const int SIGINT = 2;
    private static readonly string[] Services = ["clients", "scheduling", "clinicalnotes", "referrals", "credentials"];
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "apphost-test-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task One_command_starts_everything_healthy_routes_through_the_gateway_and_stops_cleanly()
    {
        var gatewayPort = PostgresCluster.FreePort();
        string[] postgresPort = ["--postgres-port", PostgresCluster.FreePort().ToString()];
        int[] pids;
        await using (var apphost = AppHostProcess.Start(_dataDirectory, gatewayPort, postgresPort))
        {
            await apphost.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));

            var state = apphost.ReadRunState();
            Assert.Equal(
                new[] { "clients", "clinicalnotes", "credentials", "gateway", "identity", "postgres", "referrals", "scheduling" },
                state.Resources.Select(r => r.Name).Order().ToArray());
            pids = state.Resources.Select(r => r.Pid).ToArray();
            Assert.All(pids, pid => Assert.True(AppHostProcess.IsAlive(pid), $"pid {pid} should be running"));

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var service in state.Resources.Where(r => r.Url is not null))
            {
                // Readiness includes the service's database; liveness only the process.
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(service.Url + "/health")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(service.Url + "/alive")).StatusCode);
            }

            using var gateway = new HttpClient { BaseAddress = apphost.GatewayAddress, Timeout = TimeSpan.FromSeconds(10) };
            foreach (var service in Services)
            {
                // Each service's own OpenAPI document, fetched through the gateway, names that service.
                using var response = await gateway.GetAsync($"/openapi/{service}.json");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var title = document.RootElement.GetProperty("info").GetProperty("title").GetString();
                Assert.StartsWith(ExpectedAssembly(service), title);
            }

            // Nobody gets through the gateway without a token; a demo user printed at startup gets one.
            using (var anonymous = await gateway.GetAsync("/api/locations"))
            {
                Assert.Equal("authentication_required", (await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Code);
            }

            var token = await apphost.TokenAsync(gateway, "demo-frontdesk");
            using (var located = await gateway.SendAsync(Authorized(HttpMethod.Get, "/api/locations", token)))
            {
                Assert.Equal(HttpStatusCode.OK, located.StatusCode);
            }

            // The gateway forwards to each service's HTTP/2 endpoint over HTTP/2 (the requests above went that way).
            var gatewayEnvironment = ProcessEnvironment(state.Resources.Single(r => r.Name == "gateway").Pid);
            foreach (var service in Services)
            {
                var serviceEnvironment = ProcessEnvironment(state.Resources.Single(r => r.Name == service).Pid);
                Assert.Equal("Http2", serviceEnvironment["Kestrel__Endpoints__grpc__Protocols"]);
                Assert.Equal(serviceEnvironment["Kestrel__Endpoints__grpc__Url"], gatewayEnvironment[$"ReverseProxy__Clusters__{service}__Destinations__d1__Address"]);
                Assert.Equal("2", gatewayEnvironment[$"ReverseProxy__Clusters__{service}__HttpRequest__Version"]);
            }

            // The printed curl line works as printed.
            var curl = await RunToEndAsync("bash", ["-c", apphost.PrintedCurlLine()], new Dictionary<string, string?>());
            Assert.Equal(0, curl.ExitCode);
            Assert.StartsWith("{\"items\":", curl.Text);

            // The caller's trace continues through the gateway into the service: the problem the
            // service writes carries the same trace id.
            using var traced = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = System.Diagnostics.DistributedContextPropagator.CreateNoOutputPropagator() })
            {
                BaseAddress = apphost.GatewayAddress,
            };
            using var request = Authorized(HttpMethod.Get, "/api/clients/00000000-0000-0000-0000-000000000000/unknown-thing", token);
            request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            using var tracedResponse = await traced.SendAsync(request);
            var problem = await tracedResponse.ShouldBeProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", problem.TraceId);

            await ExecuteOnServerAsync(postgresPort[1], "CREATE TABLE kept_between_runs (id int); INSERT INTO kept_between_runs VALUES (42)");

            apphost.SendSignal(SIGTERM);
            Assert.Equal(0, await apphost.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("every resource stopped", apphost.Output);
        }

        Assert.All(pids, pid => Assert.False(AppHostProcess.IsAlive(pid), $"pid {pid} outlived the AppHost"));

        // Second run on the same folder: the cluster is reused, not created again, and a row written
        // before the stop is still there.
        await using (var again = AppHostProcess.Start(_dataDirectory, gatewayPort, postgresPort))
        {
            await again.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
            Assert.DoesNotContain("created a new PostgreSQL cluster", again.Output);
            Assert.DoesNotContain("created database", again.Output);
            Assert.Equal(42, await ExecuteOnServerAsync(postgresPort[1], "SELECT id FROM kept_between_runs"));
            // Demo users are seeded again idempotently: same user names, same passwords.
            using var gateway = new HttpClient { BaseAddress = again.GatewayAddress, Timeout = TimeSpan.FromSeconds(10) };
            var token = await again.TokenAsync(gateway, "demo-hq-auditor");
            using (var located = await gateway.SendAsync(Authorized(HttpMethod.Get, "/api/locations", token)))
            {
                // The answer's body says which service or gate refused, should this ever fail.
                Assert.True(located.StatusCode == HttpStatusCode.OK,
                    $"GET /api/locations after a restart answered {(int)located.StatusCode}: {await located.Content.ReadAsStringAsync()}");
            }

            again.SendSignal(SIGINT);
            Assert.Equal(0, await again.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
    }

    /// <summary>The environment a process was started with (Linux), as the AppHost handed it over.</summary>
    private static Dictionary<string, string> ProcessEnvironment(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

    [Fact]
    public async Task Missing_postgres_binaries_say_how_to_install_them()
    {
        await using var apphost = AppHostProcess.Start(_dataDirectory, PostgresCluster.FreePort(), ["--postgres-bin", "/nonexistent/postgres/bin"]);

        Assert.Equal(1, await apphost.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("PostgreSQL server binaries (initdb, postgres) were not found", apphost.Output);
        Assert.Contains("apt-get install postgresql", apphost.Output);
        Assert.DoesNotContain("   at ", apphost.Output); // a cause and a fix, not a stack trace
    }

    [Fact]
    public async Task A_taken_gateway_port_names_the_port_and_the_option_to_change_it()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        await using var apphost = AppHostProcess.Start(_dataDirectory, port);

        Assert.Equal(1, await apphost.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"Port {port} (gateway) is already in use", apphost.Output);
        Assert.Contains("--gateway-port", apphost.Output);
        Assert.DoesNotContain("   at ", apphost.Output);
    }

    [Fact]
    public async Task A_taken_dashboard_port_names_the_port_and_the_option_to_change_it()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        await using var apphost = AppHostProcess.Start(_dataDirectory, PostgresCluster.FreePort(), ["--dashboard-port", port.ToString()]);

        Assert.Equal(1, await apphost.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"Port {port} (dashboard) is already in use", apphost.Output);
        Assert.Contains("--dashboard-port", apphost.Output);
        Assert.DoesNotContain("   at ", apphost.Output);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_refused_with_an_example()
    {
        await using var apphost = AppHostProcess.Start(_dataDirectory, PostgresCluster.FreePort(),
            environment: new Dictionary<string, string?> { ["ConnectionStrings__postgres"] = "this is not a connection string" });

        Assert.Equal(1, await apphost.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("ConnectionStrings:postgres is not a valid PostgreSQL connection string", apphost.Output);
        Assert.Contains("Host=127.0.0.1;Port=5432", apphost.Output);
    }

    [Fact]
    public async Task An_unreachable_server_in_the_connection_string_is_named_without_its_password()
    {
        var nobodyListens = PostgresCluster.FreePort();
        await using var apphost = AppHostProcess.Start(_dataDirectory, PostgresCluster.FreePort(),
            environment: new Dictionary<string, string?> { ["ConnectionStrings__postgres"] = $"Host=127.0.0.1;Port={nobodyListens};Username=clinic;Password=s3cret-value" });

        Assert.Equal(1, await apphost.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"Cannot connect to the PostgreSQL server in ConnectionStrings:postgres (Host=127.0.0.1;Port={nobodyListens};Username=clinic)", apphost.Output);
        Assert.DoesNotContain("s3cret-value", apphost.Output);
    }

    [Fact]
    public async Task A_service_started_alone_without_its_connection_string_names_the_missing_key()
    {
        // What a developer sees running one service by hand without the AppHost.
        var dll = AppHostProcess.ServiceAssemblyPath("Credentials.Api");
        var output = await RunToEndAsync("dotnet", [dll], new Dictionary<string, string?>
        {
            ["ConnectionStrings__credentialsdb"] = null,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{PostgresCluster.FreePort()}",
        });

        Assert.NotEqual(0, output.ExitCode);
        Assert.Contains("Missing connection string 'ConnectionStrings:credentialsdb'", output.Text);
        Assert.Contains("ConnectionStrings__credentialsdb", output.Text);
    }

    [Fact]
    public async Task A_service_whose_database_server_is_down_says_so_and_exits()
    {
        var dll = AppHostProcess.ServiceAssemblyPath("Clients.Api");
        var nobodyListens = PostgresCluster.FreePort();
        var output = await RunToEndAsync("dotnet", [dll], new Dictionary<string, string?>
        {
            ["ConnectionStrings__clientsdb"] = $"Host=127.0.0.1;Port={nobodyListens};Database=clientsdb;Username=postgres;Password=pw;Timeout=2",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{PostgresCluster.FreePort()}",
        });

        Assert.NotEqual(0, output.ExitCode);
        Assert.Contains($"Cannot prepare database 'clientsdb' (Host=127.0.0.1;Port={nobodyListens};Database=clientsdb;Username=postgres): nothing is listening at that host and port", output.Text);
        Assert.DoesNotContain("Password=pw", output.Text);
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>Runs SQL on the embedded server's maintenance database with the generated password.</summary>
    private async Task<object?> ExecuteOnServerAsync(string port, string sql)
    {
        var password = (await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "postgres", "password"))).Trim();
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Database=postgres;Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static string ExpectedAssembly(string service) => service switch
    {
        "clients" => "Clients.Api",
        "scheduling" => "Scheduling.Api",
        "clinicalnotes" => "ClinicalNotes.Api",
        "referrals" => "Referrals.Api",
        "credentials" => "Credentials.Api",
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    private static async Task<(int ExitCode, string Text)> RunToEndAsync(string fileName, string[] arguments, IDictionary<string, string?> environment)
    {
        var info = new System.Diagnostics.ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>AppHost runs are heavy on a 2-core machine; one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class AppHostCollection
{
    public const string Name = "AppHost";
}
