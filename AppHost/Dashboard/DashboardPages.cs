using System.Globalization;
using AppHost.Hosting;
using AppHost.Telemetry;

namespace AppHost.Dashboard;

/// <summary>
/// The dashboard's pages, rendered on the server. Every value from a resource goes through
/// <see cref="Html"/>, which encodes it. A page with <c>data-refresh</c> is re-fetched by the script
/// (header <c>X-Partial</c>: only the main element) so it stays live.
/// </summary>
public sealed partial class DashboardPages(DistributedApplication application, TelemetryStore store)
{
    private const int PageSize = 500;
    private static readonly TimeSpan MetricsWindow = TimeSpan.FromMinutes(1);
    private readonly HealthProbe _health = new();

    private static readonly (string Path, string Title)[] Navigation =
    [
        ("/resources", "Resources"),
        ("/console", "Console"),
        ("/logs", "Structured logs"),
        ("/traces", "Traces"),
        ("/metrics", "Metrics"),
    ];

    private ProjectResource? Project(string name) =>
        application.Resources.OfType<ProjectResource>().FirstOrDefault(p => p.Name == name);

    // ---- Resources -------------------------------------------------------------------------------

    public async Task<IResult> Resources(HttpContext context, CancellationToken cancellationToken)
    {
        var health = await _health.CheckAsync(application.Resources.OfType<ProjectResource>(), cancellationToken);
        var html = new Html();
        html.Add($"""
            <h1>Resources</h1>
            <table class="grid" id="resources"><thead><tr>
            <th>resource</th><th>type</th><th>state</th><th>health</th><th>addresses</th><th>restarts</th><th>telemetry</th><th></th>
            </tr></thead><tbody>
            """);
        foreach (var resource in application.Resources)
        {
            var state = resource.State.ToString().ToLowerInvariant();
            var counts = store.Counts(resource.Name);
            html.Add($"""<tr data-resource="{resource.Name}"><td><a href="{Html.Url("/console/" + resource.Name)}">{resource.Name}</a></td>""");
            html.Add($"""<td>{TypeOf(resource)}</td><td><span class="state {state}">{state}</span></td>""");
            html.Add($"""<td class="health">{HealthOf(resource, health)}</td><td>""");
            foreach (var (label, url) in Addresses(resource))
            {
                html.Add($"""<div>{label} """);
                html.Add(url.StartsWith("http", StringComparison.Ordinal) ? new Html().Add($"""<a href="{url}">{url}</a>""").ToMarkup() : new Html().Add($"<code>{url}</code>").ToMarkup());
                html.Add($"</div>");
            }

            html.Add($"""</td><td class="restarts">{(resource as ProjectResource)?.RestartCount.ToString(CultureInfo.InvariantCulture) ?? ""}</td>""");
            html.Add($"""<td class="muted">{counts.Spans} spans · {counts.Logs} logs · {counts.MetricPoints} points</td><td>""");
            if (resource is ProjectResource project)
            {
                var running = project.Process is { HasExited: false };
                var busy = project.State is ResourceState.Starting or ResourceState.Stopping;
                html.Add($"""<form method="post" action="/resources/{project.Name}/{(running ? "stop" : "start")}">""");
                html.Add($"""<button type="submit" {(busy ? new Markup("disabled") : default)}>{(running ? "Stop" : "Start")}</button></form>""");
            }

            html.Add($"</td></tr>");
        }

        html.Add($"</tbody></table>");
        return Page(context, "Resources", "/resources", html, refreshSeconds: 3);
    }

    private static string TypeOf(Resource resource) => resource switch
    {
        ProjectResource => "project",
        PostgresServerResource => "postgres",
        PostgresDatabaseResource => "database",
        _ => resource.GetType().Name,
    };

    private static string HealthOf(Resource resource, IReadOnlyDictionary<string, string> probed) => resource switch
    {
        ProjectResource p => probed.GetValueOrDefault(p.Name, "unknown"),
        _ => resource.State == ResourceState.Healthy ? "healthy" : "unknown",
    };

    /// <summary>Where to reach a resource; never a password.</summary>
    private static IEnumerable<(string Label, string Url)> Addresses(Resource resource) => resource switch
    {
        ProjectResource p => p.Endpoints.Select(e => (e.Name, e.Name == "http" ? e.Url.Replace("127.0.0.1", p.Name == "gateway" ? "localhost" : "127.0.0.1") : e.Url)),
        PostgresServerResource s => [("", Npgsql(s.ConnectionString))],
        PostgresDatabaseResource d => [("", "Database=" + d.DatabaseName)],
        _ => [],
    };

    private static string Npgsql(string connectionString)
    {
        var b = new global::Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"Host={b.Host};Port={b.Port};Username={b.Username}";
    }

    public async Task<IResult> Lifecycle(string name, bool start)
    {
        var project = Project(name);
        if (project is null) return Results.NotFound();
        if (start)
        {
            // Starting waits for health (seconds); the page shows "starting" meanwhile.
            _ = Task.Run(() => application.StartProjectAsync(project));
            await Task.Delay(100);
        }
        else
        {
            await application.StopProjectAsync(project);
        }

        return Results.Redirect("/resources", permanent: false, preserveMethod: false);
    }

    // ---- Console ---------------------------------------------------------------------------------

    public IResult Console(HttpContext context, string? name)
    {
        var resource = application.Resources.FirstOrDefault(r => r.Name == name)
            ?? application.Resources.OfType<ProjectResource>().FirstOrDefault() as Resource
            ?? application.Resources[0];
        var lines = resource.Output.After(0, PageSize);
        var html = new Html();
        html.Add($"<h1>Console logs</h1>");
        Tabs(html, "/console/", application.Resources.Select(r => r.Name), resource.Name);
        html.Add($"""<pre class="console" id="console" data-lines-url="{Html.Url($"/console/{resource.Name}/lines")}" data-after="{lines.LastOrDefault()?.Sequence ?? 0}">""");
        foreach (var line in lines) ConsoleLine(html, line);
        html.Add($"</pre>");
        return Page(context, $"Console · {resource.Name}", "/console", html);
    }

    private static void ConsoleLine(Html html, ConsoleLine line) =>
        html.Add($"""<div class="{(line.IsError ? "stderr" : "stdout")}"><span class="at">{line.At.ToLocalTime():HH:mm:ss.fff}</span> {line.Text}</div>""");

    /// <summary>JSON for the live view: the lines after a sequence number.</summary>
    public IResult ConsoleLines(string name, long? after)
    {
        var resource = application.Resources.FirstOrDefault(r => r.Name == name);
        if (resource is null) return Results.NotFound();
        var lines = resource.Output.After(after ?? 0, PageSize);
        return Results.Json(lines.Select(l => new { seq = l.Sequence, at = l.At.ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture), text = l.Text, error = l.IsError }));
    }

    // ---- Structured logs -------------------------------------------------------------------------

    public IResult Logs(HttpContext context, string? resource, string? level, string? q, string? trace)
    {
        var minimum = Enum.TryParse<LogSeverity>(level, ignoreCase: true, out var parsed) ? parsed : (LogSeverity?)null;
        var query = new LogQuery(Blank(resource), minimum, Blank(q), Blank(trace)?.ToLowerInvariant());
        var logs = store.Logs(query, PageSize);
        var html = new Html();
        html.Add($"""
            <h1>Structured logs</h1>
            <form class="filters" method="get" action="/logs">
            """);
        ResourceSelect(html, query.Resource);
        html.Add($"""<label>Level <select name="level"><option value="">any</option>""");
        foreach (var value in Enum.GetValues<LogSeverity>())
        {
            html.Add($"""<option value="{value.ToString().ToLowerInvariant()}" {Selected(value == minimum)}>{value.ToString().ToLowerInvariant()} and above</option>""");
        }

        html.Add($"""
            </select></label>
            <label>Text <input name="q" value="{query.Text}" placeholder="message, category or attribute"></label>
            <label>Trace id <input name="trace" value="{query.TraceId}" size="34"></label>
            <button type="submit">Filter</button> <a href="/logs">clear</a>
            </form>
            <p class="muted">{logs.Count} newest matching records{(logs.Count == PageSize ? " (more are kept; narrow the filter)" : "")}.</p>
            <table class="grid" id="logs"><thead><tr><th>time</th><th>resource</th><th>level</th><th>category</th><th>message</th><th>trace</th></tr></thead><tbody>
            """);
        foreach (var log in logs)
        {
            var levelName = log.Level.ToString().ToLowerInvariant();
            html.Add($"""<tr class="log {levelName}"><td class="at">{log.Time.ToLocalTime():HH:mm:ss.fff}</td><td>{log.Resource}</td>""");
            html.Add($"""<td><span class="level {levelName}">{levelName}</span></td><td class="category">{log.Category}</td>""");
            html.Add($"""<td class="message"><details><summary>{log.Message}</summary>""");
            TagTable(html, log.Tags);
            html.Add($"</details></td><td>");
            if (log.TraceId is not null)
            {
                html.Add($"""<a class="trace-link" href="{Html.Url("/traces/" + log.TraceId)}">{log.TraceId[..8]}</a>""");
            }

            html.Add($"</td></tr>");
        }

        html.Add($"</tbody></table>");
        return Page(context, "Structured logs", "/logs", html, refreshSeconds: 5);
    }

    // ---- Traces ----------------------------------------------------------------------------------

    public IResult Traces(HttpContext context, string? resource, string? route)
    {
        var query = new TraceQuery(Blank(resource), Blank(route));
        var traces = store.Traces(query, 200);
        var html = new Html();
        html.Add($"""
            <h1>Traces</h1>
            <form class="filters" method="get" action="/traces">
            """);
        ResourceSelect(html, query.Resource);
        html.Add($"""
            <label>Route <input name="route" value="{query.Route}" placeholder="/api/practitioners"></label>
            <button type="submit">Filter</button> <a href="/traces">clear</a>
            </form>
            <table class="grid" id="traces"><thead><tr><th>start</th><th>trace</th><th>resources</th><th>spans</th><th>duration</th><th>status</th></tr></thead><tbody>
            """);
        foreach (var trace in traces)
        {
            html.Add($"""<tr class="trace{(trace.HasError ? " error" : "")}"><td class="at">{trace.Start.ToLocalTime():HH:mm:ss.fff}</td>""");
            html.Add($"""<td><a href="{Html.Url("/traces/" + trace.TraceId)}">{trace.RootResource}: {trace.RootName}</a> <code class="muted">{trace.TraceId[..8]}</code></td>""");
            html.Add($"""<td>{string.Join(" → ", trace.Resources)}</td><td>{trace.SpanCount}</td><td class="num">{Milliseconds(trace.Duration)}</td>""");
            html.Add($"""<td>{(trace.HasError ? new Markup("<span class=\"badge error\">error</span>") : new Markup("<span class=\"badge ok\">ok</span>"))}</td></tr>""");
        }

        html.Add($"</tbody></table>");
        if (traces.Count == 0) html.Add($"""<p class="muted">No traces yet. Send a request through the gateway.</p>""");
        return Page(context, "Traces", "/traces", html, refreshSeconds: 5);
    }

    public IResult Trace(HttpContext context, string traceId)
    {
        var spans = store.Trace(traceId);
        var html = new Html();
        if (spans.Count == 0)
        {
            html.Add($"""<h1>Trace {traceId}</h1><p>This trace is not (or no longer) kept. <a href="/traces">All traces</a></p>""");
            return Page(context, "Trace", "/traces", html, status: StatusCodes.Status404NotFound);
        }

        var summary = TelemetryStore.Summarize(spans);
        var total = Math.Max(1, summary.EndUnixNano - summary.StartUnixNano);
        html.Add($"""
            <h1>{summary.RootResource}: {summary.RootName}</h1>
            <p class="summary" id="trace-summary">Trace <code id="trace-id">{summary.TraceId}</code> · {summary.Start.ToLocalTime():yyyy-MM-dd HH:mm:ss.fff} ·
            {Milliseconds(summary.Duration)} ms · {summary.SpanCount} spans · {string.Join(" → ", summary.Resources)}
            {(summary.HasError ? new Markup("<span class=\"badge error\">error</span>") : default)}
            · <a id="trace-logs" href="{Html.Url("/logs", ("trace", summary.TraceId))}">Structured logs of this trace</a></p>
            <table class="grid waterfall" id="waterfall"><thead><tr><th>resource</th><th>span</th><th class="bar-col">timeline</th><th>ms</th></tr></thead><tbody>
            """);
        foreach (var (span, depth) in Tree(spans))
        {
            var offset = (span.StartUnixNano - summary.StartUnixNano) * 100.0 / total;
            var width = Math.Max(0.3, (span.EndUnixNano - span.StartUnixNano) * 100.0 / total);
            var kind = span.Kind.ToString().ToLowerInvariant();
            html.Add($"""<tr class="span {kind}{(span.IsError ? " error" : "")}" data-resource="{span.Resource}" data-kind="{kind}" data-db="{span.Tag("db.system.name") ?? span.Tag("db.system")}">""");
            html.Add($"""<td>{span.Resource}</td><td class="depth-{Math.Min(depth, 12)}"><details><summary>{span.Name} <span class="muted">{kind}</span>""");
            if (span.Tag("db.query.text") is { } sql) html.Add($""" <code class="sql">{(sql.Length > 100 ? sql[..100] + "…" : sql)}</code>""");
            html.Add($"</summary>");
            html.Add($"""<p class="muted">{span.Scope} · span {span.SpanId}{(span.StatusMessage is null ? "" : " · " + span.StatusMessage)}</p>""");
            TagTable(html, span.Tags);
            foreach (var e in span.Events)
            {
                html.Add($"""<p>event <b>{e.Name}</b> at {Milliseconds(Time.Between(summary.StartUnixNano, e.TimeUnixNano))} ms</p>""");
                TagTable(html, e.Tags);
            }

            html.Add($"""</details></td><td class="bar-col"><svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img"><rect x="{offset:F3}" y="1" width="{Math.Min(width, 100 - offset):F3}" height="8" class="{(span.IsError ? "error" : kind)}"></rect></svg></td>""");
            html.Add($"""<td class="num">{Milliseconds(span.Duration)}</td></tr>""");
        }

        html.Add($"</tbody></table>");
        return Page(context, "Trace", "/traces", html);
    }

    /// <summary>Spans in tree order (a parent, then its children by start), with their depth.</summary>
    private static List<(SpanRecord Span, int Depth)> Tree(IReadOnlyList<SpanRecord> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = spans.Where(s => s.ParentSpanId is not null && ids.Contains(s.ParentSpanId))
            .ToLookup(s => s.ParentSpanId!, StringComparer.Ordinal);
        var ordered = new List<(SpanRecord, int)>(spans.Count);
        void Visit(SpanRecord span, int depth)
        {
            ordered.Add((span, depth));
            foreach (var child in children[span.SpanId].OrderBy(c => c.StartUnixNano)) Visit(child, depth + 1);
        }

        foreach (var root in spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).OrderBy(s => s.StartUnixNano))
        {
            Visit(root, 0);
        }

        return ordered;
    }

    // ---- Metrics ---------------------------------------------------------------------------------

    public IResult Metrics(HttpContext context, string? resource)
    {
        var now = Time.ToUnixNano(DateTimeOffset.UtcNow);
        var names = store.Resources();
        var html = new Html();
        html.Add($"""
            <h1>Metrics</h1>
            <h2>Requests, last minute</h2>
            <table class="grid" id="requests"><thead><tr><th>resource</th><th>requests/s</th><th>requests</th><th>errors (5xx)</th><th>error rate</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th></tr></thead><tbody>
            """);
        var instrumentsByResource = names.ToDictionary(n => n, store.Metrics);
        foreach (var name in names)
        {
            var stats = MetricMath.Requests(instrumentsByResource[name], now, MetricsWindow);
            if (stats is null) continue;
            html.Add($"""<tr data-resource="{name}"><td><a href="{Html.Url("/metrics", ("resource", name))}">{name}</a></td><td class="num rate">{stats.RequestsPerSecond:F2}</td><td class="num">{stats.Requests}</td>""");
            html.Add($"""<td class="num">{stats.Errors}</td><td class="num">{stats.ErrorRate * 100:F1} %</td><td class="num">{Number(stats.P50Ms)}</td><td class="num">{Number(stats.P90Ms)}</td><td class="num">{Number(stats.P99Ms)}</td></tr>""");
        }

        html.Add($"</tbody></table>");
        Bookings(html, names, instrumentsByResource, now);
        Outbox(html, names, instrumentsByResource);

        html.Add($"""<h2>Platform meters</h2><table class="grid instruments" id="platform-meters">""");
        InstrumentHeader(html);
        var anyPlatform = false;
        foreach (var name in names)
        {
            foreach (var instrument in instrumentsByResource[name].Where(i => i.Meter.StartsWith("Platform.", StringComparison.Ordinal)).OrderBy(i => i.Meter).ThenBy(i => i.Name))
            {
                anyPlatform = true;
                InstrumentRows(html, name, instrument, now);
            }
        }

        html.Add($"</tbody></table>");
        if (!anyPlatform) html.Add($"""<p class="muted">No meter named Platform.* has reported yet (bookings, refusals, pending outbox events appear here once their services record them).</p>""");

        html.Add($"<h2>All instruments</h2>");
        var selected = Blank(resource) ?? names.FirstOrDefault();
        Tabs(html, "/metrics?resource=", names, selected);
        if (selected is not null && instrumentsByResource.TryGetValue(selected, out var all))
        {
            html.Add($"""<table class="grid instruments" id="instruments">""");
            InstrumentHeader(html);
            foreach (var instrument in all.OrderBy(i => i.Meter.StartsWith("Platform.", StringComparison.Ordinal) ? 0 : 1).ThenBy(i => i.Meter).ThenBy(i => i.Name))
            {
                InstrumentRows(html, selected, instrument, now);
            }

            html.Add($"</tbody></table>");
        }

        return Page(context, "Metrics", "/metrics", html, refreshSeconds: 5);
    }

    /// <summary>Bookings and refusals by status, from the HTTP metric of whichever resource serves the booking routes.</summary>
    private static void Bookings(Html html, IReadOnlyList<string> names, Dictionary<string, IReadOnlyList<InstrumentSnapshot>> instruments, long now)
    {
        html.Add($"""
            <h2>Bookings</h2>
            <table class="grid" id="bookings"><thead><tr><th>resource</th><th>booked, last minute</th><th>booked since start</th><th>refusals by status, last minute (since start)</th><th>failures (5xx), last minute</th></tr></thead><tbody>
            """);
        var any = false;
        foreach (var name in names)
        {
            if (MetricMath.Bookings(instruments[name], now, MetricsWindow) is not { } stats) continue;
            any = true;
            html.Add($"""<tr data-resource="{name}"><td>{name}</td><td class="num booked">{stats.Booked}</td><td class="num booked-total">{stats.BookedSinceStart}</td><td class="refusals">""");
            foreach (var refusal in stats.Refusals)
            {
                html.Add($"""<span class="refusal" data-status="{refusal.Status}">{refusal.Status} {RefusalMeaning(refusal.Status)}: {refusal.Count} ({refusal.SinceStart})</span> """);
            }

            html.Add($"""{(stats.Refusals.Count == 0 ? "none" : "")}</td><td class="num">{stats.Failed}</td></tr>""");
        }

        html.Add($"</tbody></table>");
        if (!any) html.Add($"""<p class="muted">No booking yet (POST {string.Join(" or ", MetricMath.BookingRoutes)}).</p>""");
    }

    private static string RefusalMeaning(int status) => status switch
    {
        400 => "invalid request",
        404 => "unknown location or room",
        409 => "double booking",
        422 => "refused by a rule",
        _ => "",
    };

    /// <summary>Events waiting in each publisher's outbox (Platform.Events' <c>platform.events.pending</c>), per subscriber.</summary>
    private static void Outbox(Html html, IReadOnlyList<string> names, Dictionary<string, IReadOnlyList<InstrumentSnapshot>> instruments)
    {
        html.Add($"""
            <h2>Outbox</h2>
            <table class="grid" id="outbox"><thead><tr><th>publisher</th><th>subscriber</th><th>pending events</th></tr></thead><tbody>
            """);
        var any = false;
        foreach (var name in names)
        {
            foreach (var pending in MetricMath.Pending(instruments[name]))
            {
                any = true;
                html.Add($"""<tr data-resource="{name}" data-subscriber="{pending.Subscriber}"><td>{name}</td><td>{pending.Subscriber}</td><td class="num pending">{Number(pending.Pending)}</td></tr>""");
            }
        }

        html.Add($"</tbody></table>");
        if (!any) html.Add($"""<p class="muted">No service reports {MetricMath.PendingEventsInstrument} yet (a service with an outbox reports it once it publishes events).</p>""");
    }

    private static void InstrumentHeader(Html html) =>
        html.Add($"<thead><tr><th>resource</th><th>meter</th><th>instrument</th><th>attributes</th><th>value</th><th>last minute</th></tr></thead><tbody>");

    private static void InstrumentRows(Html html, string resource, InstrumentSnapshot instrument, long now)
    {
        const int MaxSeries = 20;
        foreach (var series in instrument.Series.Take(MaxSeries))
        {
            if (series.Points.Count == 0) continue;
            var latest = series.Points[^1];
            var delta = MetricMath.Delta(series.Points, instrument.IsDelta, now, MetricsWindow);
            var unit = string.IsNullOrEmpty(instrument.Unit) ? "" : " " + instrument.Unit;
            html.Add($"""<tr data-instrument="{instrument.Name}"><td>{resource}</td><td class="muted">{instrument.Meter}</td><td title="{instrument.Description}">{instrument.Name}</td>""");
            html.Add($"""<td class="tags">{string.Join(", ", series.Tags.Select(t => t.Key + "=" + t.Value))}</td>""");
            switch (instrument.Kind)
            {
                case MetricKind.Histogram:
                    var p50 = delta?.Bounds is { } b && delta.BucketCounts is { } c ? MetricMath.Quantile(b, c, 0.5) : null;
                    var p99 = delta?.Bounds is { } b2 && delta.BucketCounts is { } c2 ? MetricMath.Quantile(b2, c2, 0.99) : null;
                    html.Add($"""<td class="num">{latest.Count} recorded</td><td class="num">{delta?.Count ?? 0} · p50 {Number(p50)}{unit} · p99 {Number(p99)}{unit}</td>""");
                    break;
                case MetricKind.ExponentialHistogram or MetricKind.Summary:
                    html.Add($"""<td class="num">{latest.Count} recorded</td><td class="num">mean {Number(latest.Value)}{unit}</td>""");
                    break;
                case MetricKind.Sum when instrument.IsMonotonic:
                    html.Add($"""<td class="num value">{Number(instrument.IsDelta ? series.Points.Sum(p => p.Value) : latest.Value)}{unit}</td><td class="num">+{Number(delta?.Value)}</td>""");
                    break;
                default:
                    html.Add($"""<td class="num value">{Number(latest.Value)}{unit}</td><td></td>""");
                    break;
            }

            html.Add($"</tr>");
        }
    }

    // ---- Shared pieces ---------------------------------------------------------------------------

    private void ResourceSelect(Html html, string? selected)
    {
        html.Add($"""<label>Resource <select name="resource"><option value="">all</option>""");
        foreach (var name in application.Resources.OfType<ProjectResource>().Select(p => p.Name).Union(store.Resources()).Order(StringComparer.Ordinal))
        {
            html.Add($"""<option {Selected(name == selected)}>{name}</option>""");
        }

        html.Add($"</select></label>");
    }

    private static void Tabs(Html html, string prefix, IEnumerable<string> names, string? selected)
    {
        html.Add($"""<nav class="tabs">""");
        foreach (var name in names)
        {
            html.Add($"""<a href="{prefix}{Html.Query(name)}" {(name == selected ? new Markup("class=\"active\" aria-current=\"page\"") : default)}>{name}</a>""");
        }

        html.Add($"</nav>");
    }

    private static void TagTable(Html html, IReadOnlyList<Tag> tags)
    {
        if (tags.Count == 0) return;
        html.Add($"""<table class="tags">""");
        foreach (var tag in tags) html.Add($"<tr><th>{tag.Key}</th><td>{tag.Value}</td></tr>");
        html.Add($"</table>");
    }

    private static Markup Selected(bool selected) => selected ? new Markup("selected") : default;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Milliseconds(TimeSpan duration) => duration.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture);

    private static string Number(double? value) => value switch
    {
        null => "–",
        { } v when double.IsNaN(v) => "–",
        { } v when Math.Abs(v) >= 1000 || v == Math.Floor(v) => v.ToString("#,0.##", CultureInfo.InvariantCulture),
        { } v => v.ToString("G4", CultureInfo.InvariantCulture),
    };

    private static IResult Page(HttpContext context, string title, string active, Html main, int? refreshSeconds = null, int status = StatusCodes.Status200OK)
    {
        var refresh = refreshSeconds is { } s ? new Html().Add($" data-refresh=\"{s}\"").ToMarkup() : default;
        if (context.Request.Headers["X-Partial"] == "1")
        {
            return Results.Content(main.ToString(), "text/html; charset=utf-8", statusCode: status);
        }

        var page = new Html();
        page.Add($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · AppHost dashboard</title>
            <link rel="stylesheet" href="/static/dashboard.css"><script src="/static/dashboard.js" defer></script></head>
            <body><header><a class="brand" href="/resources">AppHost</a><nav>
            """);
        foreach (var (path, text) in Navigation)
        {
            page.Add($"""<a href="{path}" {(path == active ? new Markup("class=\"active\" aria-current=\"page\"") : default)}>{text}</a>""");
        }

        page.Add($"""
            </nav><label class="live"><input type="checkbox" id="live" checked> live</label></header>
            <main id="main"{refresh}>
            """);
        page.Add(main.ToMarkup());
        page.Add($"</main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", statusCode: status);
    }
}
