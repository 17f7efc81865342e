using System.Diagnostics;

namespace AppHost.Hosting;

/// <summary>
/// One child process of the AppHost: started in its own session, its output prefixed with the
/// resource's name and kept in the resource's <see cref="ConsoleLog"/> for failure reports and the dashboard.
/// </summary>
public sealed class ResourceProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConsoleLog _console;
    /// <summary>Lines numbered above this one are this process's (the log also holds earlier runs').</summary>
    private readonly long _firstSequence;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ResourceProcess(ConsoleLog console, Process process, int stopSignal)
    {
        _console = console;
        _firstSequence = console.LastSequence;
        _process = process;
        StopSignal = stopSignal;
    }

    public string ResourceName => _console.ResourceName;
    public int Pid => _process.Id;
    public int StopSignal { get; }
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
    public bool HasExited => _exited.Task.IsCompleted;
    public Task<int> Exited => _exited.Task;

    /// <summary>True once the AppHost asked the process to stop: its exit is expected, not a crash.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>Raised for each line the process writes (stdout or stderr).</summary>
    public event Action<ConsoleLine>? LineWritten;

    public static ResourceProcess Start(
        ConsoleLog console,
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        int stopSignal,
        Action<ConsoleLine> onLine)
    {
        // setsid keeps the pid (the child is not a group leader, so setsid execs in place).
        var setsid = Posix.SetSid;
        var info = setsid is null
            ? new ProcessStartInfo(fileName, arguments)
            : new ProcessStartInfo(setsid, [fileName, .. arguments]);
        info.WorkingDirectory = workingDirectory;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.UseShellExecute = false;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var resource = new ResourceProcess(console, process, stopSignal);
        resource.LineWritten += onLine;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) resource.Append(e.Data, isError: false); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) resource.Append(e.Data, isError: true); };
        process.Exited += (_, _) =>
        {
            // Let the output readers drain before reporting the exit.
            process.WaitForExit();
            resource._exited.TrySetResult(process.ExitCode);
        };

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new StartupException($"Could not start {console.ResourceName} ({fileName}): {ex.Message}", "Check that the program exists and is executable.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return resource;
    }

    private void Append(string text, bool isError) => LineWritten?.Invoke(_console.Append(text, isError));

    /// <summary>The last lines this process (not an earlier run of the resource) wrote.</summary>
    public IReadOnlyList<ConsoleLine> LastLines(int count) => _console.After(_firstSequence, count);

    /// <summary>Asks the process to stop (SIGTERM for .NET, SIGINT "fast shutdown" for PostgreSQL), then kills it after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        StopRequested = true;
        if (HasExited) return;
        Posix.Signal(Pid, StopSignal);
        var finished = await Task.WhenAny(_exited.Task, Task.Delay(grace));
        if (finished != _exited.Task && !HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(5)));
        }
    }

    /// <summary>Last resort when the AppHost itself is going down hard.</summary>
    public void KillNow()
    {
        if (HasExited) return;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose() => _process.Dispose();
}

public sealed record ConsoleLine(string Resource, long Sequence, DateTimeOffset At, string Text, bool IsError);
