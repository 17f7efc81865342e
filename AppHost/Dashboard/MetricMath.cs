using AppHost.Telemetry;

namespace AppHost.Dashboard;

/// <summary>What a series added during a time window: the change of a counter, or of a histogram's buckets.
/// <see cref="Covered"/> is the time the change was measured over (up to the latest point).</summary>
public sealed record WindowDelta(double Value, ulong Count, double Sum, double[]? Bounds, ulong[]? BucketCounts, TimeSpan Covered);

/// <summary>The request panel of one resource: ASP.NET Core's <c>http.server.request.duration</c> over a window.</summary>
public sealed record RequestStats(double RequestsPerSecond, ulong Requests, ulong Errors, double? P50Ms, double? P90Ms, double? P99Ms)
{
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;
}

/// <summary>Booking requests of one resource: booked, and refused by HTTP status, over the window and since the process started.</summary>
public sealed record BookingStats(ulong Booked, ulong BookedSinceStart, IReadOnlyList<StatusCount> Refusals, ulong Failed);

/// <summary>How many answers had this status, over the window and since the process started.</summary>
public sealed record StatusCount(int Status, ulong Count, ulong SinceStart);

/// <summary>Events waiting in one publisher's outbox for one subscriber (<c>platform.events.pending</c>, latest value).</summary>
public sealed record PendingEvents(string Subscriber, double Pending);

/// <summary>
/// Rates and percentiles from OTLP points. Cumulative series (the .NET SDK's default) are differenced:
/// the last point minus the last one before the window, of the same process run (same start time);
/// delta series are summed over the window.
/// </summary>
public static class MetricMath
{
    public const string RequestDurationInstrument = "http.server.request.duration";

    public static WindowDelta? Delta(IReadOnlyList<MetricPoint> points, bool isDelta, long nowUnixNano, TimeSpan window)
    {
        if (points.Count == 0) return null;
        var windowStart = nowUnixNano - window.Ticks * 100;
        var latest = points[^1];
        if (latest.TimeUnixNano < windowStart) return new WindowDelta(0, 0, 0, latest.Bounds, latest.Bounds is null ? null : new ulong[latest.Bounds.Length + 1], window);

        if (isDelta)
        {
            var inWindow = points.Where(p => p.TimeUnixNano >= windowStart).ToList();
            var counts = latest.BucketCounts is null ? null : new ulong[latest.BucketCounts.Length];
            foreach (var p in inWindow)
            {
                if (counts is not null && p.BucketCounts?.Length == counts.Length)
                {
                    for (var i = 0; i < counts.Length; i++) counts[i] += p.BucketCounts[i];
                }
            }

            var from = Math.Max(windowStart, inWindow.Min(p => p.StartUnixNano));
            return new WindowDelta(inWindow.Sum(p => p.Value), (ulong)inWindow.Sum(p => (double)p.Count), inWindow.Sum(p => p.Sum),
                latest.Bounds, counts, Time.Between(from, latest.TimeUnixNano));
        }

        // The same run: a restarted process starts its cumulative values again from zero.
        var run = points.Where(p => p.StartUnixNano == latest.StartUnixNano).ToList();
        // Without a point before the window: a run that began inside the window counted only new things
        // (baseline zero); otherwise the earliest point still kept is the best baseline.
        var baseline = run.LastOrDefault(p => p.TimeUnixNano <= windowStart)
            ?? (latest.StartUnixNano >= windowStart ? null : run[0]);

        var start = baseline?.TimeUnixNano ?? Math.Max(windowStart, latest.StartUnixNano);
        var bucketDelta = latest.BucketCounts is null
            ? null
            : latest.BucketCounts.Select((c, i) => baseline?.BucketCounts is { } b && b.Length == latest.BucketCounts.Length ? c - Math.Min(c, b[i]) : c).ToArray();
        return new WindowDelta(
            latest.Value - (baseline?.Value ?? 0),
            latest.Count - Math.Min(latest.Count, baseline?.Count ?? 0),
            latest.Sum - (baseline?.Sum ?? 0),
            latest.Bounds,
            bucketDelta,
            Time.Between(start, latest.TimeUnixNano));
    }

    /// <summary>The q-quantile (0..1) of a histogram by linear interpolation inside its bucket; null when empty.</summary>
    public static double? Quantile(double[] bounds, ulong[] counts, double q)
    {
        var total = counts.Aggregate(0UL, (a, c) => a + c);
        if (total == 0 || counts.Length != bounds.Length + 1) return null;
        var target = q * total;
        double seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0) continue;
            if (seen + counts[i] >= target)
            {
                var lower = i == 0 ? Math.Min(0, bounds.Length > 0 ? bounds[0] : 0) : bounds[i - 1];
                // The overflow bucket has no upper bound: report its lower one.
                if (i == bounds.Length) return lower;
                var upper = bounds[i];
                return lower + (upper - lower) * ((target - seen) / counts[i]);
            }

            seen += counts[i];
        }

        return bounds.Length > 0 ? bounds[^1] : null;
    }

    /// <summary>Request rate, 5xx share and latency percentiles of a resource's HTTP server over the window.</summary>
    public static RequestStats? Requests(IReadOnlyList<InstrumentSnapshot> instruments, long nowUnixNano, TimeSpan window)
    {
        var duration = instruments.FirstOrDefault(i => i.Name == RequestDurationInstrument && i.Kind == MetricKind.Histogram);
        if (duration is null) return null;

        double[]? bounds = null;
        ulong[]? merged = null;
        ulong requests = 0, errors = 0;
        var covered = TimeSpan.Zero;
        foreach (var series in duration.Series.Where(s => !IsHealthProbe(s.Tags)))
        {
            var delta = Delta(series.Points, duration.IsDelta, nowUnixNano, window);
            if (delta is null) continue;
            covered = delta.Covered > covered ? delta.Covered : covered;
            requests += delta.Count;
            if (IsError(series.Tags)) errors += delta.Count;
            if (delta.Bounds is null || delta.BucketCounts is null) continue;
            if (bounds is null)
            {
                bounds = delta.Bounds;
                merged = new ulong[delta.BucketCounts.Length];
            }

            if (delta.BucketCounts.Length != merged!.Length || !delta.Bounds.SequenceEqual(bounds)) continue;
            for (var i = 0; i < merged.Length; i++) merged[i] += delta.BucketCounts[i];
        }

        var toMs = duration.Unit == "ms" ? 1 : 1000;
        double? At(double q) => bounds is null ? null : Quantile(bounds, merged!, q) * toMs;
        var seconds = Math.Max(1, covered.TotalSeconds);
        return new RequestStats(requests / seconds, requests, errors, At(0.5), At(0.9), At(0.99));
    }

    /// <summary>The routes that book: one appointment, or a series.</summary>
    public static readonly string[] BookingRoutes = ["/api/appointments", "/api/appointments/series"];

    public const string PendingEventsInstrument = "platform.events.pending";

    /// <summary>
    /// Bookings from a resource's own HTTP server metric: POSTs to <see cref="BookingRoutes"/> answered 2xx are
    /// bookings, 4xx are refusals (409 double booking, 422 a rule or gate said no, 400 invalid), 5xx failures.
    /// Null when the resource serves no booking route.
    /// </summary>
    public static BookingStats? Bookings(IReadOnlyList<InstrumentSnapshot> instruments, long nowUnixNano, TimeSpan window)
    {
        var duration = instruments.FirstOrDefault(i => i.Name == RequestDurationInstrument && i.Kind == MetricKind.Histogram);
        if (duration is null) return null;
        var series = duration.Series.Where(s => IsBooking(s.Tags)).ToList();
        if (series.Count == 0) return null;

        ulong booked = 0, bookedSinceStart = 0, failed = 0;
        var refusals = new SortedDictionary<int, (ulong Count, ulong SinceStart)>();
        foreach (var one in series)
        {
            var status = int.TryParse(one.Tags.FirstOrDefault(t => t.Key == "http.response.status_code").Value, out var code) ? code : 0;
            var inWindow = Delta(one.Points, duration.IsDelta, nowUnixNano, window)?.Count ?? 0;
            var sinceStart = duration.IsDelta ? (ulong)one.Points.Sum(p => (double)p.Count) : one.Points[^1].Count;
            switch (status)
            {
                case >= 200 and < 300:
                    booked += inWindow;
                    bookedSinceStart += sinceStart;
                    break;
                case >= 400 and < 500:
                    var (count, total) = refusals.GetValueOrDefault(status);
                    refusals[status] = (count + inWindow, total + sinceStart);
                    break;
                default:
                    failed += inWindow;
                    break;
            }
        }

        return new BookingStats(booked, bookedSinceStart, refusals.Select(r => new StatusCount(r.Key, r.Value.Count, r.Value.SinceStart)).ToList(), failed);
    }

    private static bool IsBooking(IReadOnlyList<Tag> tags) =>
        tags.Any(t => t.Key == "http.request.method" && t.Value == "POST")
        && tags.Any(t => t.Key == "http.route" && BookingRoutes.Contains(t.Value.TrimEnd('/'), StringComparer.Ordinal));

    /// <summary>The outbox backlog a publisher reports (Platform.Events), per subscriber; empty when it reports none.</summary>
    public static IReadOnlyList<PendingEvents> Pending(IReadOnlyList<InstrumentSnapshot> instruments) =>
        instruments.Where(i => i.Name == PendingEventsInstrument)
            .SelectMany(i => i.Series)
            .Where(s => s.Points.Count > 0)
            .Select(s => new PendingEvents(s.Tags.FirstOrDefault(t => t.Key == "subscriber").Value ?? "", s.Points[^1].Value))
            .OrderBy(p => p.Subscriber, StringComparer.Ordinal)
            .ToList();

    /// <summary>The AppHost's and the dashboard's own probes are not traffic (tracing leaves them out too).</summary>
    private static bool IsHealthProbe(IReadOnlyList<Tag> tags) =>
        tags.Any(t => t.Key == "http.route" && t.Value is "/health" or "/alive");

    /// <summary>A server error: status 5xx, or an <c>error.type</c> (an exception or a failed connection).</summary>
    private static bool IsError(IReadOnlyList<Tag> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "http.response.status_code" && int.TryParse(tag.Value, out var status) && status >= 500) return true;
            if (tag.Key == "error.type") return true;
        }

        return false;
    }
}
