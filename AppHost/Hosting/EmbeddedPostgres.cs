using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;

namespace AppHost.Hosting;

/// <summary>
/// A PostgreSQL cluster in a git-ignored folder of the repository, created on the first run and kept
/// between runs. It listens on loopback only, with a generated password. PostgreSQL refuses to run as
/// root, so when the AppHost is root the server runs as the <c>postgres</c> user.
/// </summary>
public sealed class EmbeddedPostgres
{
    public const string SuperUser = "postgres";

    private EmbeddedPostgres(string binDirectory, string rootDirectory, int port, string password)
    {
        BinDirectory = binDirectory;
        RootDirectory = rootDirectory;
        DataDirectory = Path.Combine(rootDirectory, "data");
        Port = port;
        Password = password;
    }

    public string BinDirectory { get; }
    public string RootDirectory { get; }
    public string DataDirectory { get; }
    public int Port { get; }
    public string Password { get; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = Password,
        Database = "postgres",
    }.ConnectionString;

    public static bool RunningAsRoot => Environment.UserName == "root" || Posix.GetEffectiveUserId() == 0;

    /// <summary>Prepares (but does not start) the embedded server; fails with a fix when the binaries are missing.</summary>
    public static EmbeddedPostgres Prepare(string dataRoot, int port, string? binDirectory)
    {
        var bin = FindBinaries(binDirectory) ?? throw new StartupException(
            binDirectory is null
                ? "PostgreSQL server binaries (initdb, postgres) were not found on PATH or in /usr/lib/postgresql/*/bin."
                : $"PostgreSQL server binaries (initdb, postgres) were not found in {binDirectory} (--postgres-bin).",
            "Install them (Debian/Ubuntu: sudo apt-get install postgresql; macOS: brew install postgresql@16), " +
            "or use an existing server: ConnectionStrings__postgres=\"Host=...;Port=5432;Username=...;Password=...\" dotnet run --project AppHost");

        var root = Path.Combine(dataRoot, "postgres");
        Directory.CreateDirectory(root);
        var passwordFile = Path.Combine(root, "password");
        string password;
        if (File.Exists(passwordFile))
        {
            password = File.ReadAllText(passwordFile).Trim();
        }
        else
        {
            password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
            File.WriteAllText(passwordFile, password);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new EmbeddedPostgres(bin, root, port, password);
    }

    /// <summary>PATH first (a developer's choice wins), then the newest Debian/Ubuntu cluster binaries.</summary>
    public static string? FindBinaries(string? binDirectory = null)
    {
        if (binDirectory is not null)
        {
            return File.Exists(Path.Combine(binDirectory, "initdb")) && File.Exists(Path.Combine(binDirectory, "postgres")) ? binDirectory : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres")))
            {
                return dir;
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            return Directory.GetDirectories(debianRoot)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault();
        }

        return null;
    }

    public bool IsInitialized => File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));

    /// <summary>Runs initdb once: UTF-8, scram passwords over TCP, the generated superuser password.</summary>
    public async Task InitializeAsync(Action<string> log, CancellationToken cancellationToken)
    {
        if (IsInitialized) return;

        Directory.CreateDirectory(DataDirectory);
        var pwFile = Path.Combine(RootDirectory, ".initdb-password");
        await File.WriteAllTextAsync(pwFile, Password, cancellationToken);
        if (RunningAsRoot)
        {
            Posix.ChangeOwner(RootDirectory, SuperUser);
            Posix.ChangeOwner(DataDirectory, SuperUser);
            Posix.ChangeOwner(pwFile, SuperUser);
        }

        try
        {
            var (exitCode, output) = await RunToEndAsync(
                Path.Combine(BinDirectory, "initdb"),
                ["-D", DataDirectory, "-U", SuperUser, "--pwfile", pwFile, "-E", "UTF8", "--locale=C.UTF-8",
                 "--auth-host=scram-sha-256", "--auth-local=peer", "--no-instructions"],
                cancellationToken);
            if (exitCode != 0)
            {
                throw new StartupException(
                    $"initdb failed (exit code {exitCode}) in {DataDirectory}: {LastLine(output)}",
                    $"Delete the folder {RootDirectory} and run again, or use an existing server via ConnectionStrings__postgres.");
            }

            log($"created a new PostgreSQL cluster in {DataDirectory}");
        }
        finally
        {
            File.Delete(pwFile);
        }
    }

    /// <summary>The command that runs the server in the foreground, as the postgres user when needed.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) ServerCommand()
    {
        var postgres = Path.Combine(BinDirectory, "postgres");
        string[] args =
        [
            "-D", DataDirectory, "-p", Port.ToString(),
            "-c", "listen_addresses=127.0.0.1",
            // No Unix socket: nothing to clean up, no clash with a system cluster's /var/run/postgresql.
            "-c", "unix_socket_directories=",
            "-c", "max_connections=400",
            "-c", "shared_buffers=256MB",
            // Not ERROR: every refused double booking is an exclusion-constraint error the service answers with a 409, and
            // PostgreSQL would log each one (five lines, with the client's id and times) on top. Failures the services do not
            // expect still reach their own logs; FATAL, PANIC and the server's LOG lines (start, checkpoints) stay here.
            "-c", "log_min_messages=log",
            "-c", "log_min_error_statement=panic",
            "-c", "log_line_prefix=%m ",
        ];
        return RunningAsRoot
            ? (Posix.SetPriv, ["--reuid=" + SuperUser, "--regid=" + SuperUser, "--init-groups", "--", postgres, .. args])
            : (postgres, args);
    }

    /// <summary>
    /// A server left running by an AppHost that was killed: its pid is in postmaster.pid. Stop it so this
    /// run starts clean (its data is kept).
    /// </summary>
    public async Task<bool> StopLeftoverServerAsync(CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)) return false;
        var firstLine = File.ReadLines(pidFile).FirstOrDefault();
        if (!int.TryParse(firstLine, out var pid) || !Posix.IsAlive(pid) || !Posix.CommandLine(pid).Contains("postgres", StringComparison.Ordinal))
        {
            return false;
        }

        Posix.Signal(pid, Posix.SIGINT);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Posix.IsAlive(pid) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
        }

        if (Posix.IsAlive(pid)) Posix.Signal(pid, Posix.SIGQUIT);
        return true;
    }

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";

    private static async Task<(int ExitCode, string Output)> RunToEndAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = RunningAsRoot
            ? new ProcessStartInfo(Posix.SetPriv, ["--reuid=" + SuperUser, "--regid=" + SuperUser, "--init-groups", "--", fileName, .. arguments])
            : new ProcessStartInfo(fileName, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = "/";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
