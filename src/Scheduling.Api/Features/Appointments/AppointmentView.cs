using Npgsql;
using Scheduling.Api.Domain;

namespace Scheduling.Api.Features.Appointments;

/// <summary>
/// An appointment as front desk reads it: start and end with the location's offset, and the same as
/// the location's clock shows them (local date, times and zone name).
/// </summary>
public sealed record AppointmentView(
    Guid Id,
    Guid ClientId,
    Guid PractitionerId,
    Guid LocationId,
    Guid RoomId,
    DateTimeOffset Start,
    DateTimeOffset End,
    int DurationMinutes,
    ServiceCode Service,
    Guid? ReferralId,
    Technique? Technique,
    AppointmentStatus Status,
    string? CancellationReason,
    Guid? SeriesId,
    DateOnly LocalDate,
    TimeOnly LocalStart,
    TimeOnly LocalEnd,
    string TimeZone,
    DateTimeOffset CreatedAt,
    DateTimeOffset StatusChangedAt)
{
    public static AppointmentView From(Appointment a, TimeZoneInfo zone)
    {
        var start = ZonedTime.ToLocal(a.StartsAt, zone);
        var end = ZonedTime.ToLocal(a.EndsAt, zone);
        return new AppointmentView(a.Id, a.ClientId, a.PractitionerId, a.LocationId, a.RoomId, start, end,
            (int)(a.EndsAt - a.StartsAt).TotalMinutes, a.Service, a.ReferralId, a.Technique, a.Status, a.CancellationReason, a.SeriesId,
            DateOnly.FromDateTime(start.DateTime), TimeOnly.FromDateTime(start.DateTime), TimeOnly.FromDateTime(end.DateTime), zone.Id,
            ZonedTime.ToLocal(a.CreatedAt, zone), ZonedTime.ToLocal(a.StatusChangedAt, zone));
    }
}

/// <summary>The columns every appointment read selects (<c>a</c> = appointments, <c>l</c> = its location), and their reader.</summary>
internal static class AppointmentRows
{
    public const string Columns = """
        a.id, a.client_id, a.practitioner_id, a.location_id, a.room_id, a.starts_at, a.ends_at, a.service, a.referral_id,
        a.technique, a.status, a.cancellation_reason, a.series_id, a.created_at, a.status_changed_at, l.time_zone
        """;

    public static AppointmentView Read(NpgsqlDataReader r) => AppointmentView.From(new Appointment
    {
        Id = r.GetGuid(0),
        ClientId = r.GetGuid(1),
        PractitionerId = r.GetGuid(2),
        LocationId = r.GetGuid(3),
        RoomId = r.GetGuid(4),
        StartsAt = r.GetFieldValue<DateTimeOffset>(5),
        EndsAt = r.GetFieldValue<DateTimeOffset>(6),
        Service = WireCode<ServiceCode>.Parse(r.GetString(7)),
        ReferralId = r.IsDBNull(8) ? null : r.GetGuid(8),
        Technique = r.IsDBNull(9) ? null : WireCode<Technique>.Parse(r.GetString(9)),
        Status = WireCode<AppointmentStatus>.Parse(r.GetString(10)),
        CancellationReason = r.IsDBNull(11) ? null : r.GetString(11),
        SeriesId = r.IsDBNull(12) ? null : r.GetGuid(12),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(13),
        StatusChangedAt = r.GetFieldValue<DateTimeOffset>(14),
    }, ZonedTime.Find(r.GetString(15)));

    public static async Task<List<AppointmentView>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var views = new List<AppointmentView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) views.Add(Read(reader));
        return views;
    }
}
