using AppHost.Dashboard;
using AppHost.Telemetry;

namespace Dashboard.Tests;

/// <summary>Rates and percentiles the metrics page shows, from cumulative and delta points.</summary>
public sealed class MetricMathTests
{
    private static readonly long Now = Time.ToUnixNano(new DateTimeOffset(2026, 1, 5, 9, 10, 0, TimeSpan.Zero));
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly double[] Bounds = [0.01, 0.1, 1];

    private static long SecondsAgo(double seconds) => Now - (long)(seconds * 1_000_000_000);

    private static MetricPoint Histogram(long start, long time, params ulong[] buckets) =>
        new(start, time, 0, buckets.Aggregate(0UL, (a, b) => a + b), 0, Bounds, buckets);

    [Theory]
    [InlineData(0.5, 0.055)] // 10 of 20 values: the middle of the (0.01, 0.1] bucket
    [InlineData(0.25, 0.01)]
    [InlineData(1.0, 1.0)]
    public void A_quantile_interpolates_inside_its_bucket(double q, double expected)
    {
        // 5 values <= 0.01, 10 in (0.01, 0.1], 5 in (0.1, 1], none above.
        Assert.Equal(expected, MetricMath.Quantile(Bounds, [5, 10, 5, 0], q)!.Value, precision: 6);
    }

    [Fact]
    public void A_quantile_in_the_overflow_bucket_is_its_lower_bound_and_an_empty_histogram_has_none()
    {
        Assert.Equal(1, MetricMath.Quantile(Bounds, [0, 0, 0, 3], 0.99));
        Assert.Null(MetricMath.Quantile(Bounds, [0, 0, 0, 0], 0.5));
    }

    [Fact]
    public void A_cumulative_series_is_differenced_against_the_last_point_before_the_window()
    {
        var start = SecondsAgo(600);
        MetricPoint[] points =
        [
            new(start, SecondsAgo(90), 100),
            new(start, SecondsAgo(61), 110),
            new(start, SecondsAgo(30), 150),
            new(start, SecondsAgo(1), 170),
        ];

        var delta = MetricMath.Delta(points, isDelta: false, Now, Minute)!;

        Assert.Equal(60, delta.Value);
        Assert.Equal(60, delta.Covered.TotalSeconds, precision: 0);
    }

    [Fact]
    public void A_restarted_process_counts_from_zero_and_its_previous_run_is_ignored()
    {
        var firstRun = SecondsAgo(900);
        var secondRun = SecondsAgo(20);
        MetricPoint[] points =
        [
            new(firstRun, SecondsAgo(70), 500),
            new(firstRun, SecondsAgo(40), 520),
            new(secondRun, SecondsAgo(10), 7),
            new(secondRun, SecondsAgo(1), 9),
        ];

        var delta = MetricMath.Delta(points, isDelta: false, Now, Minute)!;

        Assert.Equal(9, delta.Value);
        Assert.Equal(19, delta.Covered.TotalSeconds, precision: 0);
    }

    [Fact]
    public void A_delta_series_is_summed_over_the_window()
    {
        MetricPoint[] points =
        [
            Histogram(SecondsAgo(80), SecondsAgo(70), 9, 9, 9, 9),
            Histogram(SecondsAgo(50), SecondsAgo(40), 1, 2, 0, 0),
            Histogram(SecondsAgo(40), SecondsAgo(30), 0, 2, 1, 0),
        ];

        var delta = MetricMath.Delta(points, isDelta: true, Now, Minute)!;

        Assert.Equal(6UL, delta.Count);
        Assert.Equal([1UL, 4, 1, 0], delta.BucketCounts);
    }

    [Fact]
    public void Request_stats_count_rate_server_errors_and_percentiles_without_health_probes()
    {
        var start = SecondsAgo(300);
        InstrumentSnapshot duration = new("Microsoft.AspNetCore.Hosting", MetricMath.RequestDurationInstrument, "s", "", MetricKind.Histogram, false, false,
        [
            new([new("http.route", "/api/things"), new("http.response.status_code", "200")],
                [Histogram(start, SecondsAgo(65), 10, 0, 0, 0), Histogram(start, SecondsAgo(1), 30, 80, 0, 0)]),
            new([new("http.route", "/api/things"), new("http.response.status_code", "503"), new("error.type", "503")],
                [Histogram(start, SecondsAgo(65), 0, 0, 0, 0), Histogram(start, SecondsAgo(1), 0, 0, 30, 0)]),
            new([new("http.route", "/health"), new("http.response.status_code", "200")],
                [Histogram(start, SecondsAgo(65), 0, 0, 0, 0), Histogram(start, SecondsAgo(1), 6000, 0, 0, 0)]),
        ]);

        var stats = MetricMath.Requests([duration], Now, Minute)!;

        Assert.Equal(130UL, stats.Requests);
        Assert.Equal(30UL, stats.Errors);
        Assert.Equal(130 / 64.0, stats.RequestsPerSecond, precision: 2);
        Assert.Equal(30.0 / 130, stats.ErrorRate, precision: 6);
        // 20 fast, 80 in (10 ms, 100 ms], 30 in (100 ms, 1 s]: the median is in the second bucket.
        Assert.InRange(stats.P50Ms!.Value, 10, 100);
        Assert.InRange(stats.P99Ms!.Value, 100, 1000);
    }

    [Fact]
    public void A_resource_without_http_server_metrics_has_no_request_panel()
    {
        Assert.Null(MetricMath.Requests([], Now, Minute));
    }

    private static SeriesSnapshot Booking(string method, string route, int status, long start, ulong before, ulong after) =>
        new([new("http.request.method", method), new("http.route", route), new("http.response.status_code", status.ToString())],
            [Histogram(start, SecondsAgo(65), before, 0, 0, 0), Histogram(start, SecondsAgo(1), after, 0, 0, 0)]);

    [Fact]
    public void Bookings_are_2xx_posts_to_the_booking_routes_and_refusals_are_counted_by_status()
    {
        var start = SecondsAgo(600);
        InstrumentSnapshot duration = new("Microsoft.AspNetCore.Hosting", MetricMath.RequestDurationInstrument, "s", "", MetricKind.Histogram, false, false,
        [
            Booking("POST", "/api/appointments/", 201, start, 4, 10),
            Booking("POST", "/api/appointments/series", 201, start, 0, 1),
            Booking("POST", "/api/appointments/", 409, start, 1, 4),
            Booking("POST", "/api/appointments/", 422, start, 2, 2),
            Booking("POST", "/api/appointments/series", 422, start, 0, 1),
            Booking("POST", "/api/appointments/", 503, start, 0, 1),
            // Not bookings: reading appointments, and moving one to another status.
            Booking("GET", "/api/appointments/", 200, start, 0, 50),
            Booking("POST", "/api/appointments/{id:guid}/cancel", 200, start, 0, 7),
        ]);

        var stats = MetricMath.Bookings([duration], Now, Minute)!;

        Assert.Equal(7UL, stats.Booked);
        Assert.Equal(11UL, stats.BookedSinceStart);
        Assert.Equal([new StatusCount(409, 3, 4), new StatusCount(422, 1, 3)], stats.Refusals);
        Assert.Equal(1UL, stats.Failed);
    }

    [Fact]
    public void A_resource_that_serves_no_booking_route_has_no_booking_row()
    {
        InstrumentSnapshot duration = new("Microsoft.AspNetCore.Hosting", MetricMath.RequestDurationInstrument, "s", "", MetricKind.Histogram, false, false,
            [Booking("POST", "/api/notes/", 201, SecondsAgo(600), 0, 3)]);

        Assert.Null(MetricMath.Bookings([duration], Now, Minute));
        Assert.Null(MetricMath.Bookings([], Now, Minute));
    }

    [Fact]
    public void Pending_outbox_events_are_the_latest_value_per_subscriber()
    {
        InstrumentSnapshot pending = new("Platform.Events", MetricMath.PendingEventsInstrument, "{event}", "", MetricKind.Gauge, false, false,
        [
            new([new("subscriber", "scheduling")], [new(0, SecondsAgo(30), 12), new(0, SecondsAgo(1), 3)]),
            new([new("subscriber", "clients")], [new(0, SecondsAgo(1), 0)]),
        ]);

        Assert.Equal([new PendingEvents("clients", 0), new PendingEvents("scheduling", 3)], MetricMath.Pending([pending]));
        Assert.Empty(MetricMath.Pending([]));
    }
}
