using Mediator;
using Scheduling.Api.Extensions;
using Scheduling.Api.Features.Shifts;

namespace Scheduling.Api.Apis;

public static class ShiftsApi
{
    public static RouteGroupBuilder MapShiftsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/shifts").WithTags("Shifts");
        api.MapPost("/", async (CreateShift command, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(command, ct);
            return TypedResults.Created($"/api/shifts/{created.Id}", created);
        }).RequireAuthorization(Policies.ManageRoomsAndShifts);
        api.MapPost("/weekly", async (CreateWeeklyShifts command, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(command, ct);
            return TypedResults.Created($"/api/shifts?patternId={created.PatternId}", created);
        }).RequireAuthorization(Policies.ManageRoomsAndShifts);
        api.MapGet("/", async (
            string? locationId, string? practitionerId, string? patternId, string? from, string? to, string? limit, string? cursor,
            IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListShifts(
                QueryValues.Id(locationId, "locationId"),
                QueryValues.Id(practitionerId, "practitionerId"),
                QueryValues.Id(patternId, "patternId"),
                QueryValues.Date(from, "from"),
                QueryValues.Date(to, "to"),
                QueryValues.Int(limit, "limit"),
                cursor), ct)))
            .RequireAuthorization(Policies.ReadShifts);
        api.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetShift(id), ct)))
            .RequireAuthorization(Policies.ReadShifts);
        return api;
    }
}
