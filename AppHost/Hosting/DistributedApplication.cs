using System.Diagnostics;
using System.Runtime.InteropServices;
using AppHost.Dashboard;
using Npgsql;

namespace AppHost.Hosting;

/// <summary>
/// Runs the declared resources: each starts once everything it waits for is healthy, the whole set is
/// reported as a table, a crash is reported with its last lines, and Ctrl+C or SIGTERM stops everything
/// in reverse order (gateway first, PostgreSQL last), leaving no process behind. Unless turned off, every
/// resource exports its telemetry to the AppHost, which shows it in the dashboard; a project can be
/// stopped and started again from there.
/// </summary>
public sealed class DistributedApplication
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly AppHostOptions _options;
    private readonly IReadOnlyList<Resource> _resources;
    private readonly ConsoleReporter _reporter = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Dictionary<Resource, ResourceProcess> _processes = [];
    private readonly Lock _processesLock = new();
    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly RunState _runState = new() { AppHostPid = Environment.ProcessId, StartedAt = DateTimeOffset.UtcNow };
    private readonly DashboardHost? _dashboard;
    private Task _dashboardStarted = Task.CompletedTask;
    private volatile bool _stopping;

    internal DistributedApplication(AppHostOptions options, IReadOnlyList<Resource> resources)
    {
        _options = options;
        _resources = resources;
        _reporter.Register(resources.Select(r => r.Name));
        _dashboard = options.DashboardEnabled ? new DashboardHost(this) : null;
    }

    public AppHostOptions Options => _options;
    public IReadOnlyList<Resource> Resources => _resources;
    public ConsoleReporter Reporter => _reporter;
    public CancellationToken ShutdownRequested => _shutdown.Token;

    /// <summary>Work to run once every resource is healthy (seeding demo data, printing how to sign in).</summary>
    public List<Func<DistributedApplication, CancellationToken, Task>> OnReady { get; } = [];

    public void Run() => Environment.ExitCode = RunAsync().GetAwaiter().GetResult();

    public async Task<int> RunAsync()
    {
        using var signals = RegisterSignals();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillEverything();
        var clock = Stopwatch.StartNew();
        try
        {
            await RunState.CleanUpAfterPreviousRunAsync(_options.DataDirectory, _reporter);
            CheckPorts();
            _runState.Write(_options.DataDirectory);

            // Listening before the first service starts, so no early telemetry is lost.
            _dashboardStarted = _dashboard?.StartAsync(_shutdown.Token) ?? Task.CompletedTask;
            var started = new Dictionary<Resource, Task>();
            foreach (var resource in _resources)
            {
                started[resource] = StartWhenReadyAsync(resource, started);
            }

            await WhenAllOrFirstFailure(started.Values);

            foreach (var callback in OnReady)
            {
                await callback(this, _shutdown.Token);
            }

            await _dashboardStarted;
            _reporter.Table(_resources);
            if (_dashboard is not null) _reporter.Info($"dashboard at {_dashboard.LoginUrl}");
            _reporter.Info($"platform ready in {clock.Elapsed.TotalSeconds:F1} s; gateway at {GatewayUrl()}; press Ctrl+C to stop");
            _runState.GatewayUrl = GatewayUrl();
            _runState.Write(_options.DataDirectory);

            await Task.Delay(Timeout.Infinite, _shutdown.Token).ContinueWith(_ => { });
            return 0;
        }
        catch (StartupException ex)
        {
            _reporter.Error($"cannot start: {ex.Cause}");
            _reporter.Error($"fix: {ex.Fix}");
            return 1;
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            _reporter.Info("start interrupted");
            return 130;
        }
        finally
        {
            await StopEverythingAsync();
        }
    }

    private string GatewayUrl() =>
        _resources.OfType<ProjectResource>().FirstOrDefault(p => p.Name == "gateway")?.HttpEndpoint.Url.Replace("127.0.0.1", "localhost") ?? "(no gateway)";

    private IDisposable RegisterSignals()
    {
        var registrations = new List<PosixSignalRegistration>();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
        {
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                if (_shutdown.IsCancellationRequested)
                {
                    // A second Ctrl+C: the user does not want to wait for a clean stop.
                    _reporter.Info("stopping now");
                    KillEverything();
                    Environment.Exit(130);
                }

                _reporter.Info($"{context.Signal} received; stopping every resource");
                _shutdown.Cancel();
            }));
        }

        return new CompositeDisposable(registrations);
    }

    private void CheckPorts()
    {
        if (_dashboard is not null)
        {
            AppHostOptions.EnsurePortFree(_options.DashboardPort, "dashboard", "--dashboard-port");
        }

        foreach (var project in _resources.OfType<ProjectResource>().Where(p => p.Name == "gateway"))
        {
            AppHostOptions.EnsurePortFree(project.HttpEndpoint.Port, "gateway", "--gateway-port");
        }

        foreach (var server in _resources.OfType<PostgresServerResource>().Where(s => s.Embedded is not null))
        {
            var pidFile = Path.Combine(server.Embedded!.DataDirectory, "postmaster.pid");
            // A leftover server of ours holds the port; it is stopped before start, so only check otherwise.
            if (!File.Exists(pidFile))
            {
                AppHostOptions.EnsurePortFree(server.Embedded.Port, "embedded PostgreSQL", "--postgres-port");
            }
        }
    }

    private async Task StartWhenReadyAsync(Resource resource, IReadOnlyDictionary<Resource, Task> started)
    {
        // Let the dictionary fill before looking up dependencies.
        await Task.Yield();
        foreach (var dependency in resource.WaitsFor)
        {
            await started[dependency];
        }

        _shutdown.Token.ThrowIfCancellationRequested();
        resource.State = ResourceState.Starting;
        switch (resource)
        {
            case PostgresServerResource server:
                await StartPostgresAsync(server);
                break;
            case PostgresDatabaseResource database:
                await CreateDatabaseAsync(database);
                break;
            case ProjectResource project:
                await LaunchProjectAsync(project);
                break;
        }

        resource.State = ResourceState.Healthy;
    }

    private static async Task WhenAllOrFirstFailure(IEnumerable<Task> tasks)
    {
        var pending = tasks.ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            await done; // rethrows the first failure
            pending.Remove(done);
        }
    }

    private async Task StartPostgresAsync(PostgresServerResource server)
    {
        if (server.Embedded is not { } embedded)
        {
            await WaitForPostgresAsync(server, process: null, TimeSpan.FromSeconds(10));
            server.State = ResourceState.Running;
            return;
        }

        if (await embedded.StopLeftoverServerAsync(_shutdown.Token))
        {
            _reporter.Info("stopped a PostgreSQL server left running by a previous AppHost");
            AppHostOptions.EnsurePortFree(embedded.Port, "embedded PostgreSQL", "--postgres-port");
        }

        await embedded.InitializeAsync(m => _reporter.Info(m), _shutdown.Token);
        var (fileName, arguments) = embedded.ServerCommand();
        var process = Launch(server, fileName, arguments, "/", new Dictionary<string, string>(), Posix.SIGINT, embedded.DataDirectory);
        await WaitForPostgresAsync(server, process, TimeSpan.FromSeconds(30));
    }

    private async Task WaitForPostgresAsync(PostgresServerResource server, ResourceProcess? process, TimeSpan timeout)
    {
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Timeout = 3, Pooling = false };
        if (string.IsNullOrEmpty(builder.Database)) builder.Database = "postgres";
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (process is { HasExited: true })
            {
                throw new StartupException(
                    $"PostgreSQL exited during start (code {await process.Exited}): {LastLines(process)}",
                    $"Read the lines above; if the data folder is damaged, delete {_options.DataDirectory}/postgres and run again.");
            }

            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(_shutdown.Token);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                last = ex;
                if (ex is PostgresException { SqlState: "28P01" or "28000" or "3D000" }) break; // will not get better by waiting
                await Task.Delay(200, _shutdown.Token);
            }
        }

        throw server.Embedded is null
            ? new StartupException(
                $"Cannot connect to the PostgreSQL server in ConnectionStrings:postgres ({Safe(builder)}): {last?.Message}",
                "Check host, port, user and password, or unset ConnectionStrings__postgres to use the embedded server.")
            : new StartupException(
                $"The embedded PostgreSQL did not accept connections within {timeout.TotalSeconds:F0} s: {last?.Message}",
                $"Look at the postgres lines above; delete {_options.DataDirectory}/postgres to start with a fresh cluster.");
    }

    private static string Safe(NpgsqlConnectionStringBuilder b) => $"Host={b.Host};Port={b.Port};Username={b.Username}";

    private async Task CreateDatabaseAsync(PostgresDatabaseResource database)
    {
        // No pool: an idle pooled connection would outlive the AppHost's use of it and be cut at shutdown.
        var unpooled = new NpgsqlConnectionStringBuilder(database.Server.ConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(unpooled.ConnectionString);
        await connection.OpenAsync(_shutdown.Token);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.AddWithValue(database.DatabaseName);
        if (await exists.ExecuteScalarAsync(_shutdown.Token) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.DatabaseName}\"", connection);
            try
            {
                await create.ExecuteNonQueryAsync(_shutdown.Token);
                _reporter.Info($"created database {database.DatabaseName}");
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Created meanwhile by someone else; fine.
            }
        }
    }

    private async Task LaunchProjectAsync(ProjectResource project)
    {
        if (!File.Exists(project.AssemblyPath))
        {
            throw new StartupException(
                $"{project.Name} has not been built: {project.AssemblyPath} does not exist.",
                "Run the AppHost with 'dotnet run --project AppHost' (it builds every service), or build first: dotnet build Platform.sln");
        }

        await _dashboardStarted;
        var environment = ProjectEnvironment(project);
        var process = Launch(project, "dotnet", [project.AssemblyPath], project.ProjectDirectory, environment, Posix.SIGTERM, project.AssemblyPath);
        project.Process = process;
        await WaitForHealthAsync(project, process);
    }

    /// <summary>
    /// Stops a running project (the dashboard's "stop"): its exit is expected, so it is not reported as a
    /// crash, and it leaves run.json. Returns false when it was not running.
    /// </summary>
    public async Task<bool> StopProjectAsync(ProjectResource project)
    {
        using var _ = await project.Lifecycle.LockAsync();
        var process = project.Process;
        if (_stopping || process is null || process.HasExited) return false;
        project.State = ResourceState.Stopping;
        _reporter.Info($"stopping {project.Name}");
        await process.StopAsync(StopGrace);
        project.State = ResourceState.Stopped;
        Forget(project);
        _reporter.Info($"{project.Name} stopped");
        return true;
    }

    /// <summary>
    /// Starts a stopped (or crashed) project again with the same ports and environment and waits until it is
    /// healthy; the restart count goes up. Returns false when it was already running.
    /// </summary>
    public async Task<bool> StartProjectAsync(ProjectResource project)
    {
        using var _ = await project.Lifecycle.LockAsync();
        if (_stopping || project.Process is { HasExited: false }) return false;
        project.RestartCount++;
        project.State = ResourceState.Starting;
        _reporter.Info($"starting {project.Name} again (restart {project.RestartCount})");
        try
        {
            await LaunchProjectAsync(project);
            project.State = ResourceState.Healthy;
            _reporter.Info($"{project.Name} is healthy again");
        }
        catch (StartupException ex)
        {
            project.State = ResourceState.FailedToStart;
            _reporter.Error($"{project.Name} did not start again: {ex.Cause}");
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }

        return true;
    }

    /// <summary>Drops a stopped resource from the processes to stop and from run.json.</summary>
    private void Forget(Resource resource)
    {
        lock (_processesLock)
        {
            _processes.Remove(resource);
            _runState.Resources.RemoveAll(r => r.Name == resource.Name);
            _runState.Write(_options.DataDirectory);
        }
    }

    private Dictionary<string, string> ProjectEnvironment(ProjectResource project)
    {
        var environmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Development";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = environmentName,
            ["DOTNET_ENVIRONMENT"] = environmentName,
            ["OTEL_SERVICE_NAME"] = project.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Guid.CreateVersion7()}",
            // One line per log entry reads well behind the resource-name prefix.
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled",
            ["DOTNET_NOLOGO"] = "1",
            // Seven .NET processes share the machine's cores: an idle thread-pool worker that spins before sleeping
            // burns CPU another service needs. Measured: +9 % bookings/s through the gateway on 2 cores.
            ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
            // Dynamic PGO compiles every hot method once more, instrumented, before its final version: on cores shared by
            // seven processes that stretched the slow first seconds under load from about 25 to 40 s, and the bookings/s
            // measured after warm-up were the same without it (bench/README.md).
            ["DOTNET_TieredPGO"] = "0",
        };
        foreach (var (key, value) in _dashboard?.ResourceEnvironment() ?? []) environment[key] = value;
        foreach (var (key, value) in project.ListeningEnvironment()) environment[key] = value;
        foreach (var (key, value) in project.ResolveEnvironment()) environment[key] = value;
        return environment;
    }

    private ResourceProcess Launch(Resource resource, string fileName, IReadOnlyList<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, int stopSignal, string commandMarker)
    {
        var process = ResourceProcess.Start(resource.Output, fileName, arguments, workingDirectory, environment, stopSignal, _reporter.Line);
        resource.State = ResourceState.Running;
        lock (_processesLock)
        {
            _processes[resource] = process;
            _runState.Resources.RemoveAll(r => r.Name == resource.Name);
            _runState.Resources.Add(new RunStateResource
            {
                Name = resource.Name,
                Pid = process.Pid,
                StopSignal = stopSignal,
                CommandMarker = commandMarker,
                Url = (resource as ProjectResource)?.HttpEndpoint.Url,
            });
            _runState.Write(_options.DataDirectory);
        }

        _ = ReportUnexpectedExitAsync(resource, process);
        return process;
    }

    private async Task ReportUnexpectedExitAsync(Resource resource, ResourceProcess process)
    {
        var code = await process.Exited;
        if (_stopping || process.StopRequested) return;
        var wasHealthy = resource.State == ResourceState.Healthy;
        resource.State = ResourceState.Exited;
        if (wasHealthy)
        {
            _reporter.Error($"{resource.Name} exited unexpectedly with code {code}; the rest of the platform keeps running. Its last lines:");
            foreach (var line in process.LastLines(15)) _reporter.Error("  " + line.Text);
        }
    }

    private async Task WaitForHealthAsync(ProjectResource project, ResourceProcess process)
    {
        var url = project.HttpEndpoint.Url + "/health";
        var deadline = DateTime.UtcNow + _options.HealthTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new StartupException(
                    $"{project.Name} exited during start with code {await process.Exited}. Its last lines: {LastLines(process)}",
                    $"Fix the cause above; run the service alone with 'dotnet run --project {Path.GetRelativePath(_options.RepositoryRoot, project.ProjectDirectory)}' to debug it.");
            }

            try
            {
                using var response = await _probe.GetAsync(url, _shutdown.Token);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!_shutdown.IsCancellationRequested)
            {
            }

            await Task.Delay(250, _shutdown.Token);
        }

        throw new StartupException(
            $"{project.Name} did not become healthy at {url} within {_options.HealthTimeout.TotalSeconds:F0} s. Its last lines: {LastLines(process)}",
            "Look for errors in its output above (database, configuration); raise the limit with --health-timeout <seconds> on a slow machine.");
    }

    private static string LastLines(ResourceProcess process) =>
        Environment.NewLine + string.Join(Environment.NewLine, process.LastLines(12).Select(l => "    " + l.Text));

    private async Task StopEverythingAsync()
    {
        _stopping = true;
        List<(Resource Resource, ResourceProcess Process)> running;
        lock (_processesLock)
        {
            running = _processes.Select(kv => (kv.Key, kv.Value)).ToList();
        }

        // Reverse dependency order: whatever depends on a resource stops before it.
        foreach (var wave in StopWaves(running.Select(r => r.Resource).ToList()))
        {
            await Task.WhenAll(wave.Select(async resource =>
            {
                var process = running.First(r => r.Resource == resource).Process;
                if (process.HasExited) return;
                resource.State = ResourceState.Stopping;
                await process.StopAsync(StopGrace);
                resource.State = ResourceState.Stopped;
            }));
        }

        if (running.Count > 0) _reporter.Info("every resource stopped");
        if (_dashboard is not null) await _dashboard.DisposeAsync();
        lock (_processesLock)
        {
            _runState.Resources.Clear();
            _runState.AppHostPid = 0;
            try
            {
                _runState.Write(_options.DataDirectory);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Groups resources so each group depends only on later groups.</summary>
    private static IEnumerable<List<Resource>> StopWaves(List<Resource> resources)
    {
        var remaining = new HashSet<Resource>(resources);
        while (remaining.Count > 0)
        {
            // A resource can stop once nothing still running waits for it (directly or through a database).
            var wave = remaining.Where(r => !remaining.Any(o => o != r && DependsOn(o, r))).ToList();
            if (wave.Count == 0) wave = remaining.ToList();
            foreach (var r in wave) remaining.Remove(r);
            yield return wave;
        }
    }

    private static bool DependsOn(Resource resource, Resource dependency) =>
        resource.WaitsFor.Any(d => d == dependency || DependsOn(d, dependency));

    private void KillEverything()
    {
        lock (_processesLock)
        {
            foreach (var process in _processes.Values) process.KillNow();
        }
    }

    private sealed class CompositeDisposable(IEnumerable<IDisposable> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item.Dispose();
        }
    }
}
