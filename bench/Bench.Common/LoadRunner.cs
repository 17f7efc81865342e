using System.Diagnostics;

namespace Bench.Common;

/// <summary>
/// Drives an operation under load and measures it. Closed loop: N workers, each starting its next call
/// when the previous ends (throughput at a given concurrency). Open loop: calls started at a fixed
/// rate whatever the latency (latency at a given arrival rate, without coordinated omission).
/// An operation returns an outcome label; "ok" counts as success, anything else is tallied by label.
/// </summary>
public static class LoadRunner
{
    public const string Ok = "ok";

    public static async Task<LoadResult> ClosedLoopAsync(
        string name, int concurrency, TimeSpan duration, Func<int, CancellationToken, Task<string>> operation, TimeSpan? warmup = null)
    {
        if (warmup is { } w && w > TimeSpan.Zero)
        {
            await RunWorkersAsync(concurrency, w, operation, recorder: null);
        }

        var recorder = new LatencyRecorder();
        var elapsed = await RunWorkersAsync(concurrency, duration, operation, recorder);
        return recorder.ToResult(name, elapsed, $"{concurrency} concurrent");
    }

    private static async Task<TimeSpan> RunWorkersAsync(
        int concurrency, TimeSpan duration, Func<int, CancellationToken, Task<string>> operation, LatencyRecorder? recorder)
    {
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var iteration = 0;
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                string outcome;
                try
                {
                    outcome = await operation(worker * 1_000_000 + iteration++, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    outcome = ex.GetType().Name;
                }

                recorder?.Record(Stopwatch.GetElapsedTime(started), outcome);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return clock.Elapsed;
    }

    public static async Task<LoadResult> OpenLoopAsync(
        string name, double ratePerSecond, TimeSpan duration, Func<long, CancellationToken, Task<string>> operation)
    {
        var recorder = new LatencyRecorder();
        var interval = TimeSpan.FromSeconds(1 / ratePerSecond);
        var total = (long)(ratePerSecond * duration.TotalSeconds);
        var inFlight = new List<Task>((int)Math.Min(total, 1_000_000));
        // Calls slower than 100 ms, by the second they were due in: tells a stall of everything from slow calls spread out.
        var slowBySecond = new int[(int)Math.Ceiling(duration.TotalSeconds) + 1];
        var clock = Stopwatch.StartNew();

        void Start(long index, TimeSpan due) => inFlight.Add(Task.Run(async () =>
        {
            string outcome;
            try
            {
                outcome = await operation(index, CancellationToken.None);
            }
            catch (Exception ex)
            {
                outcome = ex.GetType().Name;
            }

            // Latency is measured from when the call was due, so a stalled system (or a late pacer) is not flattered.
            var latency = clock.Elapsed - due;
            recorder.Record(latency, outcome);
            if (latency > TimeSpan.FromMilliseconds(100)) Interlocked.Increment(ref slowBySecond[Math.Min(slowBySecond.Length - 1, (int)due.TotalSeconds)]);
        }));

        // Paced by a thread of its own that sleeps a millisecond at a time and starts every call that has come due: an
        // await per call (Task.Delay) needs the timer and a pool thread to wake it, and on a busy pool it wakes late.
        // The pacer signals its end; waiting for it with a blocking Join on a pool thread took one of the two threads
        // a 2-core pool starts with, and the calls' own continuations then queued behind one thread: the generator's
        // backlog showed up as 1-2 s "stalls" of the platform while the platform sat idle.
        var paced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pacer = new Thread(() =>
        {
            long next = 0;
            while (next < total)
            {
                var now = clock.Elapsed;
                for (; next < total && interval * next <= now; next++) Start(next, interval * next);
                if (next < total) Thread.Sleep(1);
            }

            paced.SetResult();
        })
        { IsBackground = true, Name = "open-loop pacer", Priority = ThreadPriority.AboveNormal };
        pacer.Start();
        await paced.Task;

        await Task.WhenAll(inFlight);
        if (slowBySecond.Any(n => n > 0))
        {
            Console.WriteLine($"  {name}: calls over 100 ms by second due: " +
                string.Join(" ", slowBySecond.Select((n, second) => (n, second)).Where(x => x.n > 0).Select(x => $"s{x.second}:{x.n}")));
        }
        return recorder.ToResult(name, clock.Elapsed, $"{ratePerSecond:F0}/s offered");
    }
}

public sealed class LatencyRecorder
{
    private readonly Lock _lock = new();
    private readonly List<double> _milliseconds = new(1 << 16);
    private readonly Dictionary<string, long> _outcomes = new(StringComparer.Ordinal);

    public void Record(TimeSpan latency, string outcome)
    {
        lock (_lock)
        {
            _milliseconds.Add(latency.TotalMilliseconds);
            _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
        }
    }

    public LoadResult ToResult(string name, TimeSpan elapsed, string load)
    {
        lock (_lock)
        {
            var sorted = _milliseconds.ToArray();
            Array.Sort(sorted);
            double At(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            var ok = _outcomes.GetValueOrDefault(LoadRunner.Ok);
            return new LoadResult(name, load, sorted.Length, ok, elapsed,
                At(0.50), At(0.90), At(0.99), At(0.999), sorted.Length == 0 ? 0 : sorted[^1],
                new Dictionary<string, long>(_outcomes));
        }
    }
}

public sealed record LoadResult(
    string Name, string Load, long Calls, long Succeeded, TimeSpan Elapsed,
    double P50, double P90, double P99, double P999, double Max,
    IReadOnlyDictionary<string, long> Outcomes)
{
    public double CallsPerSecond => Calls / Elapsed.TotalSeconds;
    public double SucceededPerSecond => Succeeded / Elapsed.TotalSeconds;

    public static string MarkdownHeader =>
        "| benchmark | load | calls | ok/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | outcomes |\n" +
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|";

    public string MarkdownRow =>
        $"| {Name} | {Load} | {Calls} | {SucceededPerSecond:F0} | {P50:F2} | {P90:F2} | {P99:F2} | {P999:F2} | {Max:F1} | " +
        string.Join(", ", Outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}")) + " |";

    public override string ToString() =>
        $"{Name} [{Load}]: {Calls} calls in {Elapsed.TotalSeconds:F1} s, {SucceededPerSecond:F0} ok/s, " +
        $"p50 {P50:F2} ms, p90 {P90:F2} ms, p99 {P99:F2} ms, p99.9 {P999:F2} ms, max {Max:F1} ms; " +
        string.Join(", ", Outcomes.Select(o => $"{o.Key}={o.Value}"));
}
