using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Platform.Testing;

/// <summary>
/// One throwaway PostgreSQL cluster per test run, shared by every test assembly of the run, with a
/// fresh database per test class.
/// <para>
/// How the sharing works: each test process holds a shared <c>flock</c> on a lease file for its
/// whole life. The process that starts the cluster also starts a detached watchdog that waits for an
/// exclusive lock on that file, which it gets only when every test process has exited (even by a
/// crash), and then stops the server and deletes its data. A starter lock makes sure only one
/// process runs initdb.
/// </para>
/// The server runs with fsync off (nothing here needs to survive a power cut) and, because
/// PostgreSQL refuses to run as root, as the <c>postgres</c> user when the tests run as root.
/// </summary>
public sealed class PostgresCluster
{
    private static readonly Lazy<Task<PostgresCluster>> Shared = new(StartOrJoinAsync);

    // Held open for the life of the process: this is the lease.
    private static FileStream? _lease;

    private PostgresCluster(int port) => Port = port;

    public int Port { get; }

    public string AdminConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        // Many test classes share the server; keep each pool modest and drop idle connections fast.
        MaxPoolSize = 120,
        ConnectionIdleLifetime = 10,
        Timeout = 15,
    }.ConnectionString;

    public static Task<PostgresCluster> GetAsync() => Shared.Value;

    /// <summary>A new, empty database; the name carries the test class for easier debugging.</summary>
    public async Task<string> CreateDatabaseAsync(string hint)
    {
        var name = DatabaseName(hint);
        await using var connection = new NpgsqlConnection(AdminConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return name;
    }

    public async Task DropDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string DatabaseName(string hint)
    {
        var clean = new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        if (clean.Length > 40) clean = clean[..40];
        return $"t_{clean}_{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";
    }

    private static async Task<PostgresCluster> StartOrJoinAsync()
    {
        var directory = RunDirectory();
        Directory.CreateDirectory(directory);
        var startLockPath = Path.Combine(directory, "start.lock");
        var leasePath = Path.Combine(directory, "lease");
        var statePath = Path.Combine(directory, "cluster.json");
        var giveUp = DateTime.UtcNow.AddMinutes(2);

        while (true)
        {
            using (var startLock = TryLock(startLockPath, FileShare.None))
            {
                if (startLock is not null)
                {
                    // Fails while a watchdog is tearing a finished run's cluster down; then wait and retry.
                    var lease = TryLock(leasePath, FileShare.ReadWrite);
                    if (lease is not null)
                    {
                        var port = await ReusableClusterPortAsync(statePath);
                        if (port is null)
                        {
                            port = await StartClusterAsync(directory, leasePath);
                            await File.WriteAllTextAsync(statePath, JsonSerializer.Serialize(new ClusterState(port.Value)));
                        }

                        _lease = lease;
                        return new PostgresCluster(port.Value);
                    }
                }
            }

            if (DateTime.UtcNow > giveUp)
            {
                throw new InvalidOperationException($"Could not start or join the test PostgreSQL cluster in {directory} within 2 minutes.");
            }

            await Task.Delay(150);
        }
    }

    private static FileStream? TryLock(string path, FileShare share)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, share);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<int?> ReusableClusterPortAsync(string statePath)
    {
        if (!File.Exists(statePath)) return null;
        var state = JsonSerializer.Deserialize<ClusterState>(await File.ReadAllTextAsync(statePath));
        if (state is null) return null;
        try
        {
            await using var connection = new NpgsqlConnection(new PostgresCluster(state.Port).AdminConnectionString + ";Pooling=false;Timeout=3");
            await connection.OpenAsync();
            return state.Port;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return null;
        }
    }

    private static async Task<int> StartClusterAsync(string directory, string leasePath)
    {
        var bin = FindBinaries();
        var data = Path.Combine(directory, "data");
        var log = Path.Combine(directory, "postgres.log");
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        Directory.CreateDirectory(data);
        if (RunningAsRoot)
        {
            // The postgres user must own its data folder.
            Run("chown", ["-R", "postgres:postgres", data]);
        }

        Run(AsServerUser(Path.Combine(bin, "initdb")), [.. AsServerUserArgs(Path.Combine(bin, "initdb")),
            "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions", "--no-sync"]);

        var port = FreePort();
        var server = string.Join(' ', new[]
        {
            Quote(Path.Combine(bin, "postgres")), "-D", Quote(data), "-p", port.ToString(),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=''",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=600", "-c", "shared_buffers=128MB",
            "-c", "log_min_messages=warning",
        });
        var asUser = RunningAsRoot ? "setpriv --reuid=postgres --regid=postgres --init-groups -- " : string.Empty;
        // Detached (own session, output to a file) so it outlives the process that started it.
        Run("/bin/sh", ["-c", $"setsid {asUser}{server} >> {Quote(log)} 2>&1 < /dev/null &"]);

        var admin = new PostgresCluster(port).AdminConnectionString + ";Pooling=false;Timeout=2";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync();
                break;
            }
            catch (Exception ex) when ((ex is NpgsqlException or TimeoutException) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }

        StartWatchdog(directory, leasePath, data);
        return port;
    }

    /// <summary>
    /// Stops the server and deletes its data once no test process has held the lease for a grace
    /// period. The grace lets the next test assembly of the same <c>dotnet test</c> run (they start a
    /// few seconds apart) join the running cluster instead of starting another. The teardown runs
    /// under the exclusive lock, so a process that joins meanwhile is never left without a server.
    /// </summary>
    private static void StartWatchdog(string directory, string leasePath, string data)
    {
        var teardown =
            $"rm -f {Quote(Path.Combine(directory, "cluster.json"))}; " +
            $"pid=$(head -1 {Quote(Path.Combine(data, "postmaster.pid"))} 2>/dev/null); " +
            "if [ -n \"$pid\" ]; then kill -QUIT $pid; for i in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done; fi; " +
            $"rm -rf {Quote(data)}";
        var watchdog =
            "while true; do " +
            $"flock -x {Quote(leasePath)} true; " +
            $"sleep {WatchdogGraceSeconds}; " +
            $"if flock -n -x {Quote(leasePath)} /bin/sh -c {Quote(teardown)}; then exit 0; fi; " +
            "done";
        Run("/bin/sh", ["-c", $"setsid /bin/sh -c {Quote(watchdog)} > /dev/null 2>&1 < /dev/null &"]);
    }

    /// <summary>How long the cluster outlives the last test process of a run.</summary>
    private const int WatchdogGraceSeconds = 30;

    private sealed record ClusterState(int Port);

    /// <summary>Per checkout, so two clones on one machine never share (or tear down) each other's cluster.</summary>
    private static string RunDirectory()
    {
        var root = FindRepositoryRoot() ?? AppContext.BaseDirectory;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..12].ToLowerInvariant();
        return Path.Combine(Path.GetTempPath(), $"platform-tests-pg-{hash}");
    }

    public static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln"))) return dir.FullName;
        }

        return null;
    }

    private static string FindBinaries()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres"))) return dir;
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault();
            if (newest is not null) return newest;
        }

        throw new InvalidOperationException(
            "The tests need PostgreSQL server binaries (initdb, postgres) on PATH or in /usr/lib/postgresql/*/bin. " +
            "Install them: sudo apt-get install postgresql (Debian/Ubuntu) or brew install postgresql@16 (macOS).");
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    private static string AsServerUser(string program) => RunningAsRoot ? "setpriv" : program;

    private static string[] AsServerUserArgs(string program) =>
        RunningAsRoot ? ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", program] : [];

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";

    private static void Run(string fileName, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {output}");
        }
    }

    /// <summary>A loopback port for a process or host started next; never the same one twice in this test run.</summary>
    public static int FreePort() => Platform.Hosting.LoopbackPorts.Next();
}
