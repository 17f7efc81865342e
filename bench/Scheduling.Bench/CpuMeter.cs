using System.Diagnostics;
using Npgsql;

namespace Scheduling.Bench;

/// <summary>
/// CPU spent per call, by this process (the service and the load generator share it) and by the
/// PostgreSQL server (the postmaster and its backends). On a machine shared with other work, latency
/// says more about the neighbours than about the code; CPU per call does not.
/// </summary>
internal sealed class CpuMeter(int postmasterPid)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static async Task<CpuMeter> ForServerAsync(string connectionString)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", db);
        var backend = (int)(await command.ExecuteScalarAsync())!;
        return new CpuMeter(ParentOf(backend));
    }

    public (double Self, double Postgres) Now() =>
        (Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, PostgresSeconds());

    private double PostgresSeconds()
    {
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            var fields = Stat(pid);
            if (fields is null || (pid != postmasterPid && fields[1] != postmasterPid.ToString())) continue;
            ticks += double.Parse(fields[11]) + double.Parse(fields[12]);
            // Backends that exited (a pooled connection closed when idle) live on in the postmaster's children's time.
            if (pid == postmasterPid) ticks += double.Parse(fields[13]) + double.Parse(fields[14]);
        }

        return ticks / TicksPerSecond;
    }

    private static int ParentOf(int pid) => int.Parse(Stat(pid)![1]);

    /// <summary>The fields of /proc/pid/stat after the command name: [0] state, [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
