using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Chain.Bench;

/// <summary>
/// Maximum throughput measured with <c>wrk</c>: a C load generator costs far less CPU per request than
/// a .NET client, so on a 2-core machine it leaves more of the CPU to the proxy under test.
/// </summary>
internal static partial class Wrk
{
    public sealed record Result(string Target, double RequestsPerSecond, string Latency50, string Latency99, long Non2xx, string Raw);

    public static async Task<Result> RunAsync(string target, Uri url, string? token, int connections, TimeSpan duration)
    {
        if (!File.Exists("/usr/bin/wrk"))
        {
            throw new BenchSetupException("wrk is not installed.", "sudo apt-get install wrk");
        }

        var start = new ProcessStartInfo("/usr/bin/wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency" }) start.ArgumentList.Add(argument);
        if (token is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add($"Authorization: Bearer {token}");
        }

        start.ArgumentList.Add(url.ToString());
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        var rps = RequestsPerSecond().Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var non2xx = Non2xx().Match(output) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        string Percentile(string p) => Regex.Match(output, $@"^\s+{p}%\s+(\S+)", RegexOptions.Multiline) is { Success: true } l ? l.Groups[1].Value : "?";
        return new Result(target, rps, Percentile("50"), Percentile("99"), non2xx, output);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();
}
