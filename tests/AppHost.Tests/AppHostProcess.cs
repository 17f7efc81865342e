using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace AppHost.Tests;

/// <summary>The AppHost started the way a user starts it, as its own process, with its output captured.</summary>
public sealed partial class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppHostProcess(Process process, string dataDirectory, int gatewayPort)
    {
        _process = process;
        DataDirectory = dataDirectory;
        GatewayPort = gatewayPort;
    }

    public string DataDirectory { get; }
    public int GatewayPort { get; }
    public Uri GatewayAddress => new($"http://localhost:{GatewayPort}");
    public string Output => string.Join(Environment.NewLine, _output);
    public bool HasExited => _process.HasExited;

    /// <summary>The dashboard line the AppHost printed, as a user copies it: <c>http://localhost:port/login?t=token</c>.</summary>
    public Uri? DashboardLoginUrl => _output.Select(line => DashboardLine().Match(line)).Where(m => m.Success).Select(m => new Uri(m.Groups[1].Value)).LastOrDefault();

    [System.Text.RegularExpressions.GeneratedRegex(@"dashboard at (http://localhost:\d+/login\?t=[A-Za-z0-9_-]+)")]
    private static partial System.Text.RegularExpressions.Regex DashboardLine();
    public int ExitCode => _process.ExitCode;

    public static string RepositoryRoot => PostgresCluster.FindRepositoryRoot()
        ?? throw new InvalidOperationException("Platform.sln not found above the test folder.");

    private static string Configuration => typeof(AppHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "BuildConfiguration").Value!;

    public static string AssemblyPath => Path.Combine(RepositoryRoot, "AppHost", "bin", Configuration, "net10.0", "AppHost.dll");

    /// <summary>The built assembly of a service project under <c>src/</c>.</summary>
    public static string ServiceAssemblyPath(string project) => Path.Combine(RepositoryRoot, "src", project, "bin", Configuration, "net10.0", project + ".dll");

    public static AppHostProcess Start(string dataDirectory, int gatewayPort, IEnumerable<string>? extraArguments = null, IDictionary<string, string?>? environment = null)
    {
        var extra = extraArguments?.ToList() ?? [];
        // Never the default 18888: a developer's own AppHost, or another test run, may hold it.
        if (!extra.Contains("--dashboard-port") && !extra.Contains("--no-dashboard"))
        {
            extra.AddRange(["--dashboard-port", PostgresCluster.FreePort().ToString()]);
        }

        var info = new ProcessStartInfo("dotnet",
            [AssemblyPath, "--data-dir", dataDirectory, "--gateway-port", gatewayPort.ToString(), "--postgres-port", "0", "--seed", "none", .. extra])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment.Remove("ConnectionStrings__postgres");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }

        LetChildrenHearCtrlC();
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var host = new AppHostProcess(process, dataDirectory, gatewayPort);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        if (line.Contains("platform ready in", StringComparison.Ordinal)) _ready.TrySetResult();
    }

    /// <summary>A demo user's password, as the AppHost printed it in its table of demo users.</summary>
    public string PrintedPassword(string userName)
    {
        var row = _output.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).LastOrDefault(cells => cells.Length >= 3 && cells[0] == userName)
            ?? throw new InvalidOperationException($"The AppHost printed no demo user '{userName}'. Output:{Environment.NewLine}{Output}");
        return row[1];
    }

    /// <summary>The ready-to-paste line the AppHost printed to get a token and call an API.</summary>
    public string PrintedCurlLine() =>
        _output.LastOrDefault(l => l.TrimStart().StartsWith("TOKEN=$(curl", StringComparison.Ordinal))?.Trim()
        ?? throw new InvalidOperationException($"The AppHost printed no curl line. Output:{Environment.NewLine}{Output}");

    /// <summary>An access token for a demo user, by the password grant through the gateway (what a script does).</summary>
    public async Task<string> TokenAsync(HttpClient gateway, string userName)
    {
        using var response = await gateway.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "platform-cli",
            ["username"] = userName,
            ["password"] = PrintedPassword(userName),
            ["scope"] = "openid profile roles",
        }));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"No token for {userName}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var finished = await Task.WhenAny(_ready.Task, exited, Task.Delay(timeout));
        if (finished != _ready.Task)
        {
            throw new TimeoutException($"The AppHost did not report ready within {timeout.TotalSeconds:F0} s (exited: {_process.HasExited}). Output:{Environment.NewLine}{Output}");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(timeout)) != exited)
        {
            // Which resource did not stop is in the AppHost's own lines ("stopping x", "every resource stopped").
            throw new TimeoutException($"The AppHost did not exit within {timeout.TotalSeconds:F0} s. Output:{Environment.NewLine}{Output}");
        }

        return _process.ExitCode;
    }

    public RunStateView ReadRunState()
    {
        var json = File.ReadAllText(Path.Combine(DataDirectory, "run.json"));
        return JsonSerializer.Deserialize<RunStateView>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>
    /// A connection string to one database of the embedded PostgreSQL (its superuser, the generated password, the port
    /// the running server wrote to postmaster.pid): for test setup that the public API cannot express.
    /// </summary>
    public string ConnectionString(string database)
    {
        var root = Path.Combine(DataDirectory, "postgres");
        var port = File.ReadLines(Path.Combine(root, "data", "postmaster.pid")).Skip(3).First().Trim();
        var password = File.ReadAllText(Path.Combine(root, "password")).Trim();
        return $"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Database={database}";
    }

    /// <summary>What a user's Ctrl+C or a service manager's stop does.</summary>
    public void SendSignal(int signal) => Kill(_process.Id, signal);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint SetSignalDisposition(int signal, nint handler);

    /// <summary>
    /// A shell starts a background job (<c>dotnet test &amp;</c>) with SIGINT ignored, every child inherits that, and .NET
    /// then leaves SIGINT alone: the AppHost would never hear the test's Ctrl+C. Restore the default disposition (only
    /// when it is ignored, so a runtime handler in a foreground run stays) so the AppHost sees SIGINT as a user's would.
    /// </summary>
    private static void LetChildrenHearCtrlC()
    {
        const int sigint = 2;
        var ignored = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (ignored is not null && (Convert.ToUInt64(ignored["SigIgn:".Length..].Trim(), 16) & (1UL << (sigint - 1))) != 0)
        {
            SetSignalDisposition(sigint, 0); // SIG_DFL
        }
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && !File.ReadAllText($"/proc/{pid}/status").Contains("State:\tZ", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            SendSignal(15);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        await Task.CompletedTask;
    }
}

public sealed record RunStateView(int AppHostPid, string? GatewayUrl, List<RunStateResourceView> Resources);

public sealed record RunStateResourceView(string Name, int Pid, string? Url);
