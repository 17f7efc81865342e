using Scheduling.Api.Domain;

namespace Scheduling.Api.Features.Locations;

public sealed record LocationView(
    Guid Id,
    string Name,
    string TimeZone,
    string Jurisdiction,
    AddressView Address,
    IReadOnlyList<OpeningHoursView> OpeningHours,
    IReadOnlyList<RoomView> Rooms,
    DateTimeOffset CreatedAt)
{
    public static LocationView From(Location location, IEnumerable<Room> rooms) => new(
        location.Id,
        location.Name,
        location.TimeZone,
        location.Jurisdiction,
        new AddressView(location.Address.Line1, location.Address.Line2, location.Address.City, location.Address.PostalCode),
        Domain.OpeningHours.Sorted(location.OpeningHours).Select(h => new OpeningHoursView(h.DayOfWeek, h.Opens, h.Closes)).ToList(),
        rooms.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Select(RoomView.From).ToList(),
        ZonedTime.ToLocal(location.CreatedAt, location.Zone));
}

public sealed record AddressView(string Line1, string? Line2, string City, string PostalCode);

public sealed record OpeningHoursView(DayOfWeek DayOfWeek, TimeOnly Opens, TimeOnly Closes);

public sealed record RoomView(Guid Id, Guid LocationId, string Name)
{
    public static RoomView From(Room room) => new(room.Id, room.LocationId, room.Name);
}
