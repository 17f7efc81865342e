using Clients.Api.Domain;
using Mediator;
using Npgsql;

namespace Clients.Api.Features.Clients;

/// <summary>What Scheduling needs on every booking: exists, home location, blocked and every reason. One query.</summary>
public sealed record GetBookingProfile(Guid ClientId) : IQuery<BookingProfileView>;

/// <param name="Blocked">Also true for a client that does not exist (reason <c>client_not_found</c>), so a caller that only looks at it cannot book nobody.</param>
public sealed record BookingProfileView(bool Exists, Guid ClientId, Guid? HomeLocationId, bool Blocked, IReadOnlyList<string> Reasons);

internal sealed class GetBookingProfileHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetBookingProfile, BookingProfileView>
{
    public const string ClientNotFound = "client_not_found";

    private const string Sql = """
        SELECT c.home_location_id, c.contraindications, c.contraindication_added_at, c.clearance_recorded_at,
               EXISTS (SELECT 1 FROM consents k WHERE k.client_id = c.id AND k.type = 'treatment')
        FROM clients c
        WHERE c.id = $1
        """;

    public async ValueTask<BookingProfileView> Handle(GetBookingProfile query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = query.ClientId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new BookingProfileView(false, query.ClientId, null, true, [ClientNotFound]);
        }

        var status = BookingStatus.Evaluate(
            reader.GetFieldValue<string[]>(1).Select(Codes.Parse<Contraindication>),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
            reader.GetBoolean(4));
        return new BookingProfileView(true, query.ClientId, reader.GetGuid(0), status.Blocked, status.Reasons);
    }
}
