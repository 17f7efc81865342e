using Mediator;
using Npgsql;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Problems;
using Scheduling.Api.Domain;
using Scheduling.Api.Infrastructure;

namespace Scheduling.Api.Features.Appointments;

public sealed record GetAppointment(Guid Id) : IQuery<AppointmentView>;

internal sealed class GetAppointmentHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetAppointment, AppointmentView>
{
    public async ValueTask<AppointmentView> Handle(GetAppointment query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {AppointmentRows.Columns} FROM appointments a JOIN locations l ON l.id = a.location_id WHERE a.id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = query.Id });
        var found = await AppointmentRows.ReadAllAsync(command, cancellationToken);
        return found.Count == 1 ? found[0] : throw new NotFoundException("Appointment", query.Id);
    }
}

/// <summary>
/// Appointments in start order, filtered by location, practitioner, client, status and local dates
/// (<c>from</c>/<c>to</c> inclusive, each appointment's date at its own location).
/// </summary>
public sealed record ListAppointments(
    Guid? LocationId, Guid? PractitionerId, Guid? ClientId, AppointmentStatus? Status, DateOnly? From, DateOnly? To, int? Limit, string? Cursor)
    : IQuery<Page<AppointmentView>>;

internal sealed class ListAppointmentsHandler(NpgsqlDataSource dataSource) : IQueryHandler<ListAppointments, Page<AppointmentView>>
{
    public async ValueTask<Page<AppointmentView>> Handle(ListAppointments query, CancellationToken cancellationToken) =>
        await new ListQuery($"SELECT {AppointmentRows.Columns} FROM appointments a JOIN locations l ON l.id = a.location_id", "a")
            .Equal("location_id", query.LocationId)
            .Equal("practitioner_id", query.PractitionerId)
            .Equal("client_id", query.ClientId)
            .Equal("status", query.Status is { } status ? WireCode<AppointmentStatus>.Of(status) : null)
            .LocalDates(query.From, query.To)
            .PageAsync(dataSource, query.Limit, query.Cursor, AppointmentRows.Read, a => new StartKey(a.Start, a.Id), cancellationToken);
}
