using Mediator;
using Npgsql;
using Scheduling.Api.Domain;

namespace Scheduling.Api.Features.Appointments;

/// <summary>
/// Whose appointment it is, where, and whether it took place: what another service needs to decide about it (the
/// notes of a visit). An unknown id is an answer (<see cref="AppointmentFactsView.Exists"/> false), not an error.
/// One primary-key lookup.
/// </summary>
public sealed record GetAppointmentFacts(Guid AppointmentId) : IQuery<AppointmentFactsView>;

public sealed record AppointmentFactsView(
    bool Exists, Guid AppointmentId, Guid LocationId, Guid PractitionerId, Guid ClientId, AppointmentStatus Status,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, Guid? ReferralId)
{
    public static AppointmentFactsView Unknown(Guid id) => new(false, id, Guid.Empty, Guid.Empty, Guid.Empty, default, default, default, null);
}

internal sealed class GetAppointmentFactsHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetAppointmentFacts, AppointmentFactsView>
{
    private const string Sql = """
        SELECT location_id, practitioner_id, client_id, status, starts_at, ends_at, referral_id
        FROM appointments
        WHERE id = $1
        """;

    public async ValueTask<AppointmentFactsView> Handle(GetAppointmentFacts query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = query.AppointmentId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return AppointmentFactsView.Unknown(query.AppointmentId);

        return new AppointmentFactsView(true, query.AppointmentId,
            reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2),
            WireCode<AppointmentStatus>.Parse(reader.GetString(3)),
            reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5),
            reader.IsDBNull(6) ? null : reader.GetGuid(6));
    }
}
