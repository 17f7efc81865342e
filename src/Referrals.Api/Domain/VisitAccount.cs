namespace Referrals.Api.Domain;

/// <summary>
/// The counted visits of a prescription. <see cref="Used"/>: consumed by completed appointments.
/// <see cref="Held"/>: booked appointments holding a visit (confirmed, or unconfirmed and not yet expired).
/// used + held never exceeds <see cref="Authorized"/> (the database refuses it).
/// </summary>
public sealed record VisitAccount(int Authorized, int Used, int Held)
{
    /// <summary>Visits still free to book.</summary>
    public int Remaining => Math.Max(0, Authorized - Used - Held);
}
