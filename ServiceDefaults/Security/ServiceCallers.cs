using System.Security.Claims;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// Who may call a service's gRPC endpoints and event sink: another platform service, with its client-credentials
/// token (docs/AUTHORIZATION.md, Service to service). Required by the <see cref="PlatformAuthorization.InternalCallers"/>
/// policy, which <c>MapInternalGrpcService</c> and <c>MapEventSink</c> put on every mapping.
/// </summary>
public static class ServiceCallers
{
    /// <summary>The scope the identity service grants platform services only (never a person, never an EHR).</summary>
    public const string InternalScope = "platform.internal";

    /// <summary>The token's scopes: one space-separated string in a JWT access token (RFC 9068), or one claim each.</summary>
    public const string ScopeClaim = "scope";

    /// <summary>
    /// A service caller: authenticated, granted <see cref="InternalScope"/>, and carrying no role of a person. The last
    /// check is defence in depth: the identity service never gives the scope to a person's token anyway.
    /// </summary>
    public static bool IsServiceCaller(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && user.FindAll(ScopeClaim).Any(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(InternalScope, StringComparer.Ordinal))
        && !user.FindAll(CurrentUser.ClaimNames.Role).Any(c => Roles.All.Contains(c.Value, StringComparer.Ordinal));
}

/// <summary>
/// gRPC callers get gRPC answers: a refused call is a trailers-only response with <c>grpc-status</c>
/// (Unauthenticated, PermissionDenied, Unavailable), never an HTTP error with a problem body the client cannot read.
/// </summary>
internal static class GrpcRefusals
{
    public static bool IsGrpc(HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>No token, or one that is not valid (expired, tampered, another audience): Unauthenticated, or Unavailable when the keys cannot be fetched.</summary>
    public static Task ChallengeAsync(HttpContext context)
    {
        if (BearerProblems.IsInfrastructureFailure(context))
        {
            return WriteAsync(context, StatusCode.Unavailable, "The identity service cannot be reached to check the access token. Try again shortly.");
        }

        var failure = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure;
        var (_, detail) = BearerProblems.Describe(failure, hasToken: context.Request.Headers.Authorization.Count > 0);
        return WriteAsync(context, StatusCode.Unauthenticated, detail);
    }

    public static Task ForbidAsync(HttpContext context) => WriteAsync(context, StatusCode.PermissionDenied,
        "Only platform services may call this (a client-credentials token with the platform.internal scope); a person's token is not accepted here.");

    private static Task WriteAsync(HttpContext context, StatusCode status, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // grpc-message is percent-encoded on the wire; these messages are plain ASCII without '%'.
        response.Headers["grpc-message"] = message;
        return Task.CompletedTask;
    }
}
