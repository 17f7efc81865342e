using Npgsql;

namespace Scheduling.Api.Infrastructure;

/// <summary>
/// Names of the database constraints that decide conflicts, and the 409 code each maps to. The
/// database is the judge (no read-then-write check); the service only translates its verdict.
/// </summary>
public static class Constraints
{
    public const string ShiftNoOverlap = "shifts_practitioner_no_overlap";
    public const string PractitionerNoOverlap = "appointments_practitioner_no_overlap";
    public const string RoomNoOverlap = "appointments_room_no_overlap";
    public const string ClientNoOverlap = "appointments_client_no_overlap";
    public const string RoomNameUnique = "ux_rooms_location_id_lower_name";

    public const string PractitionerBusy = "practitioner_busy";
    public const string RoomBusy = "room_busy";
    public const string ClientBusy = "client_busy";
    public const string OverlappingShift = "overlapping_shift";
    public const string NoRoomFree = "no_room_free";
    public const string DuplicateRoom = "duplicate_room";

    /// <summary>The 409 code of a double-booking constraint violation, or null for any other error.</summary>
    public static string? BookingConflict(PostgresException ex) => ex.SqlState == PostgresErrorCodes.ExclusionViolation
        ? ex.ConstraintName switch
        {
            PractitionerNoOverlap => PractitionerBusy,
            RoomNoOverlap => RoomBusy,
            ClientNoOverlap => ClientBusy,
            _ => null,
        }
        : null;

    public static bool IsShiftOverlap(PostgresException ex) =>
        ex.SqlState == PostgresErrorCodes.ExclusionViolation && ex.ConstraintName == ShiftNoOverlap;

    public static bool IsDuplicateRoom(PostgresException ex) =>
        ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == RoomNameUnique;

    /// <summary>
    /// Two transactions inserting conflicting rows at the same moment may each wait for the other while
    /// checking an exclusion constraint; PostgreSQL then aborts one with a deadlock error. Repeating the
    /// statement turns that into the constraint's verdict.
    /// </summary>
    public static bool IsDeadlock(PostgresException ex) => ex.SqlState == PostgresErrorCodes.DeadlockDetected;
}
