using Mediator;
using Microsoft.AspNetCore.Mvc;
using Scheduling.Api.Domain;
using Scheduling.Api.Extensions;
using Scheduling.Api.Features.Appointments;
using Scheduling.Api.Features.AtRisk;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Apis;

public static class AppointmentsApi
{
    public sealed record CancelBody(string? Reason);

    public static RouteGroupBuilder MapAppointmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/appointments").WithTags("Appointments");
        api.MapPost("/", async (BookAppointment command, IMediator mediator, CancellationToken ct) =>
        {
            var booked = await mediator.Send(command, ct);
            return TypedResults.Created($"/api/appointments/{booked.Id}", booked);
        }).RequireAuthorization(Policies.BookAppointments).TakesBookingTurn();
        api.MapPost("/series", async (BookSeries command, IMediator mediator, CancellationToken ct) =>
        {
            var booked = await mediator.Send(command, ct);
            return TypedResults.Created($"/api/appointments?seriesId={booked.SeriesId}", booked);
        }).RequireAuthorization(Policies.BookAppointments).TakesBookingTurn();
        api.MapGet("/", async (
            string? locationId, string? practitionerId, string? clientId, string? status, string? from, string? to,
            string? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListAppointments(
                QueryValues.Id(locationId, "locationId"),
                QueryValues.Id(practitionerId, "practitionerId"),
                QueryValues.Id(clientId, "clientId"),
                QueryValues.Code<AppointmentStatus>(status, "status"),
                QueryValues.Date(from, "from"),
                QueryValues.Date(to, "to"),
                QueryValues.Int(limit, "limit"),
                cursor), ct)))
            .RequireAuthorization(Policies.ReadAppointments);
        api.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetAppointment(id), ct)))
            .RequireAuthorization(Policies.ReadAppointments);

        api.MapPost("/{id:guid}/check-in", (Guid id, IMediator mediator, CancellationToken ct) => Move(mediator, id, AppointmentStatus.CheckedIn, null, ct))
            .RequireAuthorization(Policies.TrackAttendance);
        api.MapPost("/{id:guid}/complete", (Guid id, IMediator mediator, CancellationToken ct) => Move(mediator, id, AppointmentStatus.Completed, null, ct))
            .RequireAuthorization(Policies.CompleteAppointments);
        api.MapPost("/{id:guid}/no-show", (Guid id, IMediator mediator, CancellationToken ct) => Move(mediator, id, AppointmentStatus.NoShow, null, ct))
            .RequireAuthorization(Policies.TrackAttendance);
        api.MapPost("/{id:guid}/cancel", (Guid id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] CancelBody? body,
            IMediator mediator, CancellationToken ct) => Move(mediator, id, AppointmentStatus.Cancelled, body?.Reason, ct))
            .RequireAuthorization(Policies.TrackAttendance);

        api.MapGet("/at-risk", async (string? from, string? to, string? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetAtRiskAppointments(
                QueryValues.Date(from, "from"), QueryValues.Date(to, "to"), QueryValues.Int(limit, "limit"), cursor), ct)))
            .RequireAuthorization(Policies.ReadAtRisk);
        return api;
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<AppointmentView>> Move(
        IMediator mediator, Guid id, AppointmentStatus to, string? reason, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ChangeAppointmentStatus(id, to, reason), ct));
}
