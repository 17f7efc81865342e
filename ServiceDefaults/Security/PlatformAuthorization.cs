using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// Who may do what in a service: one named policy per use case listing the roles allowed
/// (<c>options.AddUseCase(Policies.RegisterClient, Roles.FrontDesk, Roles.Manager, Roles.Admin)</c>), required on
/// its endpoint with <c>.RequireAuthorization(Policies.RegisterClient)</c>. Row scope (which location, which
/// physician) depends on the row, so the handler checks it (<see cref="AccessScope"/>). Anonymous callers get 401
/// (from the bearer scheme), callers without an allowed role a 403 problem with <c>code: role_not_allowed</c>.
/// </summary>
public static class PlatformAuthorization
{
    /// <summary>
    /// Service-to-service endpoints (every gRPC service, the event sink): a platform service's token only
    /// (<see cref="ServiceCallers.IsServiceCaller"/>). No token or an invalid one answers gRPC Unauthenticated, a
    /// person's token PermissionDenied.
    /// </summary>
    public const string InternalCallers = "platform-internal-callers";

    /// <summary>Token validation (<see cref="PlatformAuthentication"/>) plus this service's use-case policies.</summary>
    public static TBuilder AddPlatformAuthorization<TBuilder>(this TBuilder builder, Action<AuthorizationOptions> useCases)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddPlatformAuthentication();
        builder.AddServiceCallerAuthorization();
        builder.Services.AddAuthorization(useCases);
        return builder;
    }

    /// <summary>
    /// The bearer scheme and the <see cref="InternalCallers"/> policy, without requiring a token anywhere else (REST
    /// endpoints stay as the service's own authorization leaves them). <c>AddGrpcServer</c> and
    /// <c>AddEventConsumer</c> call it; calling it again does nothing more.
    /// </summary>
    public static IHostApplicationBuilder AddServiceCallerAuthorization(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformBearer();
        builder.Services.AddAuthorization(options => options.AddPolicy(InternalCallers, p => p
            .RequireAuthenticatedUser()
            .RequireAssertion(context => ServiceCallers.IsServiceCaller(context.User))));
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, RoleProblemResultHandler>());
        return builder;
    }

    /// <summary>A use case's policy: an authenticated caller holding at least one of <paramref name="roles"/>.</summary>
    public static AuthorizationOptions AddUseCase(this AuthorizationOptions options, string policy, params string[] roles)
    {
        options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        return options;
    }

    /// <summary>
    /// Authentication then authorization, after the problem-details middleware of <c>MapDefaultEndpoints</c> so a
    /// failure in either still answers as a problem.
    /// </summary>
    public static WebApplication UsePlatformAuthorization(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// A refused role answers with the problem the caller can act on; a missing token goes to the scheme's challenge
    /// (401). A refused gRPC call answers a gRPC status instead, whichever scheme authenticated it.
    /// </summary>
    private sealed class RoleProblemResultHandler : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
        {
            if ((result.Challenged || result.Forbidden) && GrpcRefusals.IsGrpc(context))
            {
                await (result.Challenged ? GrpcRefusals.ChallengeAsync(context) : GrpcRefusals.ForbidAsync(context));
                return;
            }

            if (!result.Forbidden)
            {
                await _default.HandleAsync(next, context, policy, result);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Forbidden",
                    Detail = "Your role does not allow this. Ask a manager or an administrator if you need it.",
                    Extensions = { ["code"] = AccessDeniedException.RoleNotAllowed },
                },
            });
        }
    }
}

/// <summary>Row scope checks for handlers: staff act on their locations' rows, admins on every location.</summary>
public static class AccessScope
{
    /// <summary>Throws 403 <c>outside_your_locations</c> unless the caller is an admin or works at <paramref name="locationId"/>.</summary>
    public static void RequireLocation(this CurrentUser user, Guid locationId)
    {
        if (user.IsInRole(Roles.Admin) || user.LocationIds.Contains(locationId)) return;
        throw new AccessDeniedException(AccessDeniedException.OutsideYourLocations,
            "This record belongs to a location you do not work at. Ask someone at that location, or a manager there.");
    }

    /// <summary>
    /// The physician whose rows alone the caller may see, when the caller acts only as a physician (no other platform
    /// role); null when the caller's other roles see every row. A physician token without a physician id sees none.
    /// </summary>
    public static bool IsOnlyPhysician(this CurrentUser user) =>
        user.IsInRole(Roles.Physician) && user.Roles.Where(Roles.All.Contains).All(r => r == Roles.Physician);
}
