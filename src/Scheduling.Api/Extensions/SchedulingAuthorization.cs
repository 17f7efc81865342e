using Platform.ServiceDefaults.Security;

namespace Scheduling.Api.Extensions;

/// <summary>
/// The use cases of this service and who may perform them (docs/AUTHORIZATION.md, Scheduling). Row scope depends on
/// the row (the location of the room, shift or appointment), so the handlers check it with
/// <see cref="AccessScope.RequireLocation"/> and filter lists with <see cref="LocationScope"/> (admins: every location).
/// </summary>
public static class Policies
{
    public const string CreateLocation = "scheduling.create-location";
    public const string ReadLocations = "scheduling.read-locations";
    public const string ManageRoomsAndShifts = "scheduling.manage-rooms-and-shifts";
    public const string ReadShifts = "scheduling.read-shifts";
    public const string FindAvailability = "scheduling.find-availability";
    public const string BookAppointments = "scheduling.book";
    public const string ReadAppointments = "scheduling.read-appointments";
    public const string TrackAttendance = "scheduling.track-attendance";
    public const string CompleteAppointments = "scheduling.complete";
    public const string ReadAtRisk = "scheduling.read-at-risk";

    public static IHostApplicationBuilder AddSchedulingAuthorization(this IHostApplicationBuilder builder) =>
        builder.AddPlatformAuthorization(options => options
            .AddUseCase(CreateLocation, Roles.Admin)
            .AddUseCase(ReadLocations, Roles.FrontDesk, Roles.Therapist, Roles.Manager, Roles.HqAuditor, Roles.Admin)
            // Rooms and shifts at the caller's own locations.
            .AddUseCase(ManageRoomsAndShifts, Roles.Manager, Roles.Admin)
            // Who works where and when is what availability is made of: the same readers, chain-wide.
            .AddUseCase(ReadShifts, Roles.FrontDesk, Roles.Therapist, Roles.Manager, Roles.Admin)
            .AddUseCase(FindAvailability, Roles.FrontDesk, Roles.Therapist, Roles.Manager, Roles.Admin)
            // Bookings, reads and attendance at the caller's own locations.
            .AddUseCase(BookAppointments, Roles.FrontDesk, Roles.Manager, Roles.Admin)
            .AddUseCase(ReadAppointments, Roles.FrontDesk, Roles.Therapist, Roles.Manager, Roles.Admin)
            // Check-in, no-show and cancel.
            .AddUseCase(TrackAttendance, Roles.FrontDesk, Roles.Therapist, Roles.Manager, Roles.Admin)
            // A visit is completed by the treating side, not the front desk.
            .AddUseCase(CompleteAppointments, Roles.Therapist, Roles.Manager, Roles.Admin)
            // HQ's licensing report; managers see their own locations' part of it.
            .AddUseCase(ReadAtRisk, Roles.Manager, Roles.HqAuditor, Roles.Admin));
}

/// <summary>Which locations' rows a caller's lists hold.</summary>
public static class LocationScope
{
    /// <summary>
    /// The locations whose rows the caller sees in a list: null for every location (admins, and callers holding one of
    /// <paramref name="chainWideRoles"/>), otherwise the locations the caller works at (none: no rows).
    /// </summary>
    public static IReadOnlyList<Guid>? VisibleLocations(this CurrentUser user, params string[] chainWideRoles) =>
        user.IsInRole(Roles.Admin) || chainWideRoles.Any(user.IsInRole) ? null : user.LocationIds;

    /// <summary>A list asked for one location (<paramref name="field"/>): 403 unless the caller sees that location.</summary>
    public static void RequireVisible(this CurrentUser user, Guid? locationId, string field)
    {
        if (locationId is not { } id || user.VisibleLocations() is not { } visible || visible.Contains(id)) return;
        throw new AccessDeniedException(AccessDeniedException.OutsideYourLocations,
            $"You do not work at the location given as {field}. Ask for one of your own locations, or leave {field} out to list all of them.");
    }
}
