using System.Runtime.InteropServices;

namespace Bench.Common;

/// <summary>One line describing where figures were measured; goes at the top of every report.</summary>
public static class Machine
{
    public static string Describe()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }

        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory:F0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    public static void PrintReport(string title, IEnumerable<LoadResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"## {title}");
        Console.WriteLine();
        Console.WriteLine($"Measured {DateTimeOffset.Now:yyyy-MM-dd} on {Describe()}.");
        Console.WriteLine();
        Console.WriteLine(LoadResult.MarkdownHeader);
        foreach (var result in results) Console.WriteLine(result.MarkdownRow);
        Console.WriteLine();
    }
}
