using Credentials.Api.Extensions;
using Credentials.Api.Features.Audit;
using Mediator;

namespace Credentials.Api.Apis;

/// <summary>HQ compliance views across every location.</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/credentials/audit").WithTags("Audit").RequireAuthorization(Policies.ReadAudit);

        api.MapGet("/expiring", async (string? withinDays, string? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListExpiringLicenses(Args.Int(withinDays, "withinDays"), Args.Int(limit, "limit"), cursor), ct)));

        api.MapGet("/unverified", async (string? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListUnverifiedLicenses(Args.Int(limit, "limit"), cursor), ct)));

        api.MapGet("/suspended", async (string? status, string? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListSuspendedLicenses(status, Args.Int(limit, "limit"), cursor), ct)));

        api.MapGet("/trail", async (string? practitionerId, string? from, string? to, string? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetAuditTrail(
                Args.OptionalGuid(practitionerId, "practitionerId"),
                Args.Instant(from, "from"),
                Args.Instant(to, "to", endOfDay: true),
                Args.Int(limit, "limit"),
                cursor), ct)));

        return api;
    }
}
