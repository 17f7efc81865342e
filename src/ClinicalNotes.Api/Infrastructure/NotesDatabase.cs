using Npgsql;

namespace ClinicalNotes.Api.Infrastructure;

/// <summary>Names the migrations create and the errors the database raises, where code must recognise them.</summary>
public static class NotesDatabase
{
    public const string OneNotePerAppointment = "ux_notes_appointment_id";

    /// <summary>SQLSTATE raised by the trigger that refuses any change to a signed note.</summary>
    public const string SignedNoteLocked = "CN001";

    /// <summary>SQLSTATE raised by the triggers of the append-only tables (addenda, access log).</summary>
    public const string AppendOnly = "CN002";

    public static bool IsUniqueViolation(Exception ex, string constraint) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg && pg.ConstraintName == constraint;
}
