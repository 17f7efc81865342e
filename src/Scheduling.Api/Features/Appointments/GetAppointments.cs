using Mediator;
using Npgsql;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Security;
using Scheduling.Api.Domain;
using Scheduling.Api.Extensions;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Features.Appointments;

public sealed record GetAppointment(Guid Id) : IQuery<AppointmentView>;

internal sealed class GetAppointmentHandler(NpgsqlDataSource dataSource, CurrentUser user) : IQueryHandler<GetAppointment, AppointmentView>
{
    public async ValueTask<AppointmentView> Handle(GetAppointment query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {AppointmentRows.Columns} FROM appointments a JOIN locations l ON l.id = a.location_id WHERE a.id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = query.Id });
        var found = await AppointmentRows.ReadAllAsync(command, cancellationToken);
        if (found.Count != 1) throw new NotFoundException("Appointment", query.Id);
        user.RequireLocation(found[0].LocationId);
        return found[0];
    }
}

/// <summary>
/// Appointments in start order, filtered by location, practitioner, client, status and local dates
/// (<c>from</c>/<c>to</c> inclusive, each appointment's date at its own location). Only the caller's locations' appointments
/// (admins: all); a <c>locationId</c> the caller does not work at is 403.
/// </summary>
public sealed record ListAppointments(
    Guid? LocationId, Guid? PractitionerId, Guid? ClientId, AppointmentStatus? Status, DateOnly? From, DateOnly? To, int? Limit, string? Cursor)
    : IQuery<Page<AppointmentView>>;

internal sealed class ListAppointmentsHandler(NpgsqlDataSource dataSource, CurrentUser user) : IQueryHandler<ListAppointments, Page<AppointmentView>>
{
    public async ValueTask<Page<AppointmentView>> Handle(ListAppointments query, CancellationToken cancellationToken)
    {
        user.RequireVisible(query.LocationId, "locationId");
        return await new ListQuery($"SELECT {AppointmentRows.Columns} FROM appointments a JOIN locations l ON l.id = a.location_id", "a")
            .In("location_id", user.VisibleLocations())
            .Equal("location_id", query.LocationId)
            .Equal("practitioner_id", query.PractitionerId)
            .Equal("client_id", query.ClientId)
            .Equal("status", query.Status is { } status ? WireCode<AppointmentStatus>.Of(status) : null)
            .LocalDates(query.From, query.To)
            .PageAsync(dataSource, query.Limit, query.Cursor, AppointmentRows.Read, a => new StartKey(a.Start, a.Id), cancellationToken);
    }
}
