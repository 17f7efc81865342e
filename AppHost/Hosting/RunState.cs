using System.Text.Json;

namespace AppHost.Hosting;

/// <summary>
/// <c>{data-dir}/run.json</c>: which processes this AppHost started. If the AppHost is killed without a
/// chance to clean up, the next run finds and stops what it left behind; tests read it to check that a
/// stop leaves no process.
/// </summary>
public sealed class RunState
{
    public int AppHostPid { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public string? GatewayUrl { get; set; }
    public List<RunStateResource> Resources { get; set; } = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "run.json");

    public static RunState? Read(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<RunState>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Write(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = PathIn(dataDirectory);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Refuses to run twice on one data folder, and stops processes a killed AppHost left running.</summary>
    public static async Task CleanUpAfterPreviousRunAsync(string dataDirectory, ConsoleReporter reporter)
    {
        var previous = Read(dataDirectory);
        if (previous is null) return;

        if (previous.AppHostPid != Environment.ProcessId && Posix.IsAlive(previous.AppHostPid)
            && Posix.CommandLine(previous.AppHostPid).Contains("AppHost", StringComparison.Ordinal))
        {
            throw new StartupException(
                $"Another AppHost (pid {previous.AppHostPid}) is already running the platform from {dataDirectory}.",
                $"Stop it first (Ctrl+C in its terminal, or kill {previous.AppHostPid}), or use another --data-dir.");
        }

        foreach (var leftover in previous.Resources.Where(r => r.Pid > 0 && Posix.IsAlive(r.Pid)
                     && Posix.CommandLine(r.Pid).Contains(r.CommandMarker, StringComparison.Ordinal)))
        {
            reporter.Info($"stopping {leftover.Name} (pid {leftover.Pid}) left running by a previous AppHost");
            Posix.Signal(leftover.Pid, leftover.StopSignal);
            for (var i = 0; i < 100 && Posix.IsAlive(leftover.Pid); i++) await Task.Delay(100);
            if (Posix.IsAlive(leftover.Pid)) Posix.Signal(leftover.Pid, Posix.SIGKILL);
        }
    }
}

public sealed class RunStateResource
{
    public required string Name { get; set; }
    public int Pid { get; set; }
    public int StopSignal { get; set; }
    /// <summary>A piece of the command line that proves a pid is still ours, not a recycled one.</summary>
    public required string CommandMarker { get; set; }
    public string? Url { get; set; }
}
