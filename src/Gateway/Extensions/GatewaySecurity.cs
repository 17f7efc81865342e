using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Platform.ServiceDefaults.Security;

namespace Gateway.Extensions;

/// <summary>
/// Who may pass the gateway, and how often. Every route requires a valid access token (checked here: issuer,
/// audience, lifetime, signature) except those marked anonymous in the route table: the OpenID Connect
/// endpoints, the sign-in page, the API documents and the health probes. The <c>Authorization</c> header is
/// forwarded unchanged so the services validate the token again.
/// </summary>
public static class GatewaySecurity
{
    public static IHostApplicationBuilder AddGatewaySecurity(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformAuthentication();

        var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new();
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits));
            options.OnRejected = RejectAsync;
        });
        return builder;
    }

    /// <summary>Authentication first (the limiter partitions by caller), then the limits, then the route's policy.</summary>
    public static WebApplication UseGatewaySecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// A caller with a valid token is limited by who it is: a system by its client id, a person by client and
    /// user (so one busy front desk does not use up a whole application's allowance). Anyone else, the token
    /// endpoint's callers included, is limited by IP address. Health probes are never limited.
    /// </summary>
    internal static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments(Microsoft.Extensions.Hosting.Extensions.HealthEndpointPath)
            || path.StartsWithSegments(Microsoft.Extensions.Hosting.Extensions.AlivenessEndpointPath))
        {
            return RateLimitPartition.GetNoLimiter("probe");
        }

        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            var client = user.FindFirstValue(CurrentUser.ClaimNames.ClientId) ?? user.FindFirstValue("azp") ?? "unknown";
            var subject = user.FindFirstValue(CurrentUser.ClaimNames.Subject);
            var key = subject is null || subject == client ? $"client:{client}" : $"client:{client}:user:{subject}";
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => limits.PerClient.ToLimiterOptions());
        }

        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter($"ip:{ip}", _ => limits.PerIp.ToLimiterOptions());
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Too many requests from this caller. Try again in {seconds} s.",
                Extensions = { ["code"] = "rate_limited", ["retryAfterSeconds"] = seconds },
            },
        });
    }
}

/// <summary>The <c>RateLimits</c> section: requests per window, per authenticated caller and per anonymous IP.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public WindowLimit PerClient { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Anonymous traffic (the token endpoint, the sign-in page): a clinic's browsers may share one address.</summary>
    public WindowLimit PerIp { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(1) };
}

public sealed class WindowLimit
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }

    public FixedWindowRateLimiterOptions ToLimiterOptions() => new()
    {
        PermitLimit = PermitLimit,
        Window = Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
