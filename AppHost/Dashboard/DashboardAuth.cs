using AppHost.Telemetry;

namespace AppHost.Dashboard;

/// <summary>
/// Who may see the dashboard: whoever has the login token the AppHost printed. Opening any page with
/// <c>?t=&lt;token&gt;</c> (or posting it to the login form) sets an HttpOnly, SameSite=Strict cookie;
/// without that cookie every page is a 401 with the login form. Requests must name a loopback host
/// (no DNS rebinding), and a form post must come from the dashboard's own origin.
/// </summary>
public sealed class DashboardAuth(string loginToken, int port)
{
    public const string CookieName = "apphost_dashboard";
    public const string TokenParameter = "t";

    /// <summary>The cookie's value: a secret of its own, so the login token never sits in a cookie.</summary>
    private readonly string _session = OtlpReceiver.NewSecret();

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on form posts.
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-store";

        if (!IsLoopbackHost(context.Request.Host.Host))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"Open the dashboard at http://localhost:{port}.");
            return;
        }

        if (HttpMethods.IsPost(context.Request.Method) && !SameOrigin(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("Cross-site form posts are refused.");
            return;
        }

        var path = context.Request.Path;
        if (path.StartsWithSegments("/static") || path.StartsWithSegments("/login"))
        {
            await next();
            return;
        }

        if (context.Request.Query.TryGetValue(TokenParameter, out var token))
        {
            if (OtlpReceiver.KeyMatches(token.ToString(), loginToken))
            {
                SignIn(context);
                // The same page, without the token in the address bar or the history.
                var query = QueryString.Create(context.Request.Query.Where(q => q.Key != TokenParameter).Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString())));
                context.Response.Redirect(context.Request.PathBase + path + query);
                return;
            }

            await WriteLoginAsync(context, "That token is not this run's. Copy the dashboard line the AppHost printed at startup.");
            return;
        }

        if (!IsSignedIn(context))
        {
            if (context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
            {
                await WriteLoginAsync(context, null);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsync("Sign in to the dashboard with the token the AppHost printed.");
            }

            return;
        }

        await next();
    }

    /// <summary>GET /login: with a valid <c>?t=</c> signs in and goes to the resources; otherwise the form.</summary>
    public Task LoginPage(HttpContext context)
    {
        var token = context.Request.Query[TokenParameter].ToString();
        if (OtlpReceiver.KeyMatches(token, loginToken))
        {
            SignIn(context);
            context.Response.Redirect("/resources");
            return Task.CompletedTask;
        }

        if (token.Length == 0 && IsSignedIn(context))
        {
            context.Response.Redirect("/resources");
            return Task.CompletedTask;
        }

        return WriteLoginAsync(context, token.Length == 0 ? null : "That token is not this run's. Copy the dashboard line the AppHost printed at startup.");
    }

    /// <summary>POST /login with the form's token field.</summary>
    public async Task LoginAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        if (OtlpReceiver.KeyMatches(form?["token"].ToString().Trim(), loginToken))
        {
            SignIn(context);
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = "/resources";
            return;
        }

        await WriteLoginAsync(context, "That token is not this run's. Copy the dashboard line the AppHost printed at startup.");
    }

    private bool IsSignedIn(HttpContext context) =>
        OtlpReceiver.KeyMatches(context.Request.Cookies[CookieName], _session);

    private void SignIn(HttpContext context) =>
        context.Response.Cookies.Append(CookieName, _session, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });

    private static bool IsLoopbackHost(string host) =>
        host is "localhost" or "127.0.0.1" or "[::1]" or "::1";

    private bool SameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0
            || origin == $"http://localhost:{port}" || origin == $"http://127.0.0.1:{port}" || origin == $"http://[::1]:{port}";
    }

    private static Task WriteLoginAsync(HttpContext context, string? error)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "text/html; charset=utf-8";
        var html = new Html();
        html.Add($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in · AppHost dashboard</title>
            <link rel="stylesheet" href="/static/dashboard.css"></head>
            <body class="login"><main>
            <h1>AppHost dashboard</h1>
            <p>Open the <code>dashboard at http://localhost:…/login?t=…</code> link the AppHost printed at startup, or paste its token here.</p>
            """);
        if (error is not null) html.Add($"""<p class="error" role="alert">{error}</p>""");
        html.Add($"""
            <form method="post" action="/login">
            <label>Token <input name="token" type="password" autocomplete="off" autofocus required></label>
            <button type="submit">Sign in</button>
            </form></main></body></html>
            """);
        return context.Response.WriteAsync(html.ToString());
    }
}
