namespace Scheduling.Api.Domain;

public enum AppointmentStatus
{
    Booked,
    CheckedIn,
    Completed,
    Cancelled,
    NoShow,
}

/// <summary>
/// A client booked with a practitioner in a room at a location. Rows are written with SQL (the
/// exclusion constraints decide double booking); this class is the table's shape for EF Core.
/// </summary>
public sealed class Appointment
{
    public Guid Id { get; set; }
    public Guid ClientId { get; set; }
    public Guid PractitionerId { get; set; }
    public Guid LocationId { get; set; }
    public Guid RoomId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public ServiceCode Service { get; set; }
    public Guid? ReferralId { get; set; }
    public Technique? Technique { get; set; }
    public AppointmentStatus Status { get; set; }
    public string? CancellationReason { get; set; }
    /// <summary>Set when the appointment was booked as part of a series (all of a series share it).</summary>
    public Guid? SeriesId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset StatusChangedAt { get; set; }
    public uint Version { get; set; }
}

/// <summary>
/// Where an appointment may go from each status: booked → checked-in → completed, or cancelled /
/// no-show. Completed, cancelled and no-show are final. A checked-in visit may still be cancelled (the
/// therapist falls ill, the client leaves before treatment); a no-show can only be recorded for a
/// booked appointment whose start has come.
/// </summary>
public static class AppointmentLifecycle
{
    public static IReadOnlyList<AppointmentStatus> AllowedFrom(AppointmentStatus target) => target switch
    {
        AppointmentStatus.CheckedIn => [AppointmentStatus.Booked],
        AppointmentStatus.Completed => [AppointmentStatus.CheckedIn],
        AppointmentStatus.Cancelled => [AppointmentStatus.Booked, AppointmentStatus.CheckedIn],
        AppointmentStatus.NoShow => [AppointmentStatus.Booked],
        _ => [],
    };

    public static bool CanMove(AppointmentStatus from, AppointmentStatus to) => AllowedFrom(to).Contains(from);

    /// <summary>A no-show is a fact about the past: refused before the appointment starts.</summary>
    public static bool TooEarly(AppointmentStatus to, DateTimeOffset startsAt, DateTimeOffset now) =>
        to == AppointmentStatus.NoShow && now < startsAt;
}
