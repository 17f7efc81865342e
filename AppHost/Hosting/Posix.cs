using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AppHost.Hosting;

/// <summary>The few POSIX calls the launcher needs: signals to children, liveness, ownership.</summary>
internal static partial class Posix
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    public static string SetPriv => File.Exists("/usr/bin/setpriv") ? "/usr/bin/setpriv" : "setpriv";

    /// <summary><c>setsid</c> starts a child in its own session, so a Ctrl+C in the terminal reaches only the
    /// AppHost, which then stops the children in order (gateway first, PostgreSQL last).</summary>
    public static string? SetSid => File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : null;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    public static uint GetEffectiveUserId() => GetEuid();

    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    public static bool IsAlive(int pid)
    {
        if (pid <= 0) return false;
        if (Kill(pid, 0) == 0)
        {
            // A zombie still answers kill(0); it is dead for our purposes.
            var status = ReadStatusState(pid);
            return status != 'Z' && status != 'X';
        }

        return Marshal.GetLastPInvokeError() == 1; // EPERM: alive, someone else's
    }

    private static char ReadStatusState(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("State:", StringComparison.Ordinal)) return line[6..].Trim().FirstOrDefault();
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return '?';
    }

    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    public static void ChangeOwner(string path, string user)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", $"{user}:{user}", path]) { RedirectStandardError = true })!;
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new StartupException($"Could not give {path} to the '{user}' user: {chown.StandardError.ReadToEnd().Trim()}",
                $"Make sure the '{user}' user exists (it comes with the postgresql package) and the folder is on a local disk.");
        }
    }
}
