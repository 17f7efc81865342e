using Mediator;
using Microsoft.AspNetCore.Mvc;
using Scheduling.Api.Domain;
using Scheduling.Api.Extensions;
using Scheduling.Api.Features.Availability;

namespace Scheduling.Api.Apis;

public static class AvailabilityApi
{
    public static RouteGroupBuilder MapAvailabilityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/availability").WithTags("Availability");
        api.MapGet("/", async (
            [FromQuery] string[]? locationId, string? from, string? to, string? durationMinutes, string? practitionerId,
            string? technique, string? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new FindAvailability(
                QueryValues.Ids(locationId, "locationId"),
                QueryValues.Date(from, "from"),
                QueryValues.Date(to, "to"),
                QueryValues.Int(durationMinutes, "durationMinutes"),
                QueryValues.Id(practitionerId, "practitionerId"),
                QueryValues.Code<Technique>(technique, "technique"),
                QueryValues.Int(limit, "limit"),
                cursor), ct)))
            .RequireAuthorization(Policies.FindAvailability);
        return api;
    }
}
