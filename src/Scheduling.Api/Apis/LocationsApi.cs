using Mediator;
using Scheduling.Api.Extensions;
using Scheduling.Api.Features.Locations;

namespace Scheduling.Api.Apis;

public static class LocationsApi
{
    public sealed record AddRoomBody(string? Name);

    public static RouteGroupBuilder MapLocationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/locations").WithTags("Locations");
        api.MapPost("/", async (CreateLocation command, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(command, ct);
            return TypedResults.Created($"/api/locations/{created.Id}", created);
        }).RequireAuthorization(Policies.CreateLocation);
        api.MapGet("/", async (int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListLocations(limit, cursor), ct)))
            .RequireAuthorization(Policies.ReadLocations);
        api.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetLocation(id), ct)))
            .RequireAuthorization(Policies.ReadLocations);
        api.MapPost("/{id:guid}/rooms", async (Guid id, AddRoomBody body, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(new AddRoom(id, body.Name), ct);
            return TypedResults.Created($"/api/locations/{id}", created);
        }).RequireAuthorization(Policies.ManageRoomsAndShifts);
        return api;
    }
}
