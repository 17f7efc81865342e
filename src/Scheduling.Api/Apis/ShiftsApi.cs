using Mediator;
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
        });
        api.MapPost("/weekly", async (CreateWeeklyShifts command, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(command, ct);
            return TypedResults.Created($"/api/shifts?patternId={created.PatternId}", created);
        });
        return api;
    }
}
