using System.Text;
using Mediator;
using Npgsql;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Problems;
using Scheduling.Api.Domain;

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
    private sealed record Key(DateTimeOffset Start, Guid Id);

    public async ValueTask<Page<AppointmentView>> Handle(ListAppointments query, CancellationToken cancellationToken)
    {
        var limit = Cursor.Limit(query.Limit);
        var after = Cursor.Decode<Key>(query.Cursor);
        if (query is { From: { } from, To: { } to } && to < from) throw new InvalidInputException("to", "Must be on or after from.");

        var sql = new StringBuilder($"SELECT {AppointmentRows.Columns} FROM appointments a JOIN locations l ON l.id = a.location_id WHERE true");
        await using var command = dataSource.CreateCommand();
        void Filter(string condition, params object[] values)
        {
            foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
            sql.Append(" AND ").Append(string.Format(condition, command.Parameters.Count));
        }

        if (query.LocationId is { } location) Filter("a.location_id = ${0}", location);
        if (query.PractitionerId is { } practitioner) Filter("a.practitioner_id = ${0}", practitioner);
        if (query.ClientId is { } client) Filter("a.client_id = ${0}", client);
        if (query.Status is { } status) Filter("a.status = ${0}", WireCode<AppointmentStatus>.Of(status));
        // Local dates: a coarse instant bound for the index (no zone is more than a day from UTC), then the exact local date.
        if (query.From is { } fromDate)
        {
            Filter("a.starts_at >= ${0}::timestamptz - interval '1 day'", DayStartUtc(fromDate));
            Filter("(a.starts_at AT TIME ZONE l.time_zone)::date >= ${0}", fromDate);
        }

        if (query.To is { } toDate)
        {
            Filter("a.starts_at < ${0}::timestamptz + interval '2 days'", DayStartUtc(toDate));
            Filter("(a.starts_at AT TIME ZONE l.time_zone)::date <= ${0}", toDate);
        }

        if (after is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = after.Start.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter { Value = after.Id });
            sql.Append($" AND (a.starts_at, a.id) > (${command.Parameters.Count - 1}, ${command.Parameters.Count})");
        }

        command.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
        sql.Append($" ORDER BY a.starts_at, a.id LIMIT ${command.Parameters.Count}");
        command.CommandText = sql.ToString();

        var rows = await AppointmentRows.ReadAllAsync(command, cancellationToken);
        return Cursor.ToPage(rows, limit, a => new Key(a.Start, a.Id));
    }

    private static DateTimeOffset DayStartUtc(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
