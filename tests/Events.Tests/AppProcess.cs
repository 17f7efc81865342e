using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Reflection;

namespace Events.Tests;

/// <summary>
/// A test app (Events.TestPublisher or Events.TestConsumer) running as its own process on real Kestrel
/// ports, configured through environment variables exactly as the AppHost configures a service.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AppProcess(string name, Process process, int httpPort, int grpcPort)
    {
        Name = name;
        _process = process;
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        // No trace headers of its own: a test sets the traceparent it checks, and the identity service hosted in this
        // process listens to HttpClient activities, which would otherwise replace it.
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, ActivityHeadersPropagator = null })
        {
            BaseAddress = HttpAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public string Name { get; }
    public Uri HttpAddress { get; }
    public Uri GrpcAddress { get; }
    public HttpClient Http { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output => string.Join(Environment.NewLine, _output.TakeLast(80));

    private static string Configuration => typeof(AppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "BuildConfiguration").Value!;

    private static string AssemblyPath(string project) => Path.Combine(
        PostgresCluster.FindRepositoryRoot() ?? throw new InvalidOperationException("Platform.sln not found above the test folder."),
        "tests", project, "bin", Configuration, "net10.0", project + ".dll");

    /// <summary>Starts the app; does not wait for it (see <see cref="WaitHealthyAsync"/>).</summary>
    public static AppProcess Start(string name, string project, int httpPort, int grpcPort, IReadOnlyDictionary<string, string> settings)
    {
        var assembly = AssemblyPath(project);
        var info = new ProcessStartInfo("dotnet", [assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "OTEL_EXPORTER_OTLP_ENDPOINT", "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES" })
        {
            info.Environment.Remove(inherited);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["OTEL_SERVICE_NAME"] = name;
        info.Environment["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{httpPort}";
        info.Environment["Kestrel__Endpoints__http__Protocols"] = "Http1AndHttp2";
        info.Environment["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{grpcPort}";
        info.Environment["Kestrel__Endpoints__grpc__Protocols"] = "Http2";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Error";
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__")] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var app = new AppProcess(name, process, httpPort, grpcPort);
        process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 2000) _output.TryDequeue(out _);
    }

    /// <summary>Waits until <c>/health</c> (which includes the database) answers 200.</summary>
    public async Task WaitHealthyAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        using var probe = new HttpClient { BaseAddress = HttpAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:{Environment.NewLine}{Output}");
            try
            {
                using var response = await probe.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Name} did not become healthy:{Environment.NewLine}{Output}");
    }

    /// <summary>Waits for the process to exit on its own; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown, no cleanup, open transactions and connections die with the process.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(); // SIGKILL on Linux
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
