using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Problems;
using Referrals.Api.Domain;
using Referrals.Api.Infrastructure;

namespace Referrals.Api.Features.Referrals;

/// <summary>A referral as staff and the physician see it, with its counted visits and warnings on the day it is read.</summary>
/// <param name="Client">The patient as the physician named them, when they were not a registered client at submission.</param>
public sealed record ReferralView(
    Guid Id,
    ReferralStatus Status,
    Guid PhysicianId,
    Guid? ClientId,
    PatientDetails? Client,
    IReadOnlyList<string> Diagnoses,
    IReadOnlyList<string> CptCodes,
    IReadOnlyList<string> BodyRegions,
    int FrequencyPerWeek,
    int DurationWeeks,
    int AuthorizedVisits,
    int SessionMinutes,
    string? Precautions,
    DateOnly StartDate,
    DateOnly ExpiresOn,
    Attestation Attestation,
    VisitAccount Visits,
    IReadOnlyList<string> Warnings,
    string? StatusReason,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? ClosedAt)
{
    public static ReferralView From(Referral r, VisitAccount visits, DateOnly day)
    {
        var status = r.StatusOn(day, visits);
        return new ReferralView(r.Id, status, r.PhysicianId, r.ClientId, r.Patient, r.Diagnoses, r.CptCodes, r.BodyRegions,
            r.FrequencyPerWeek, r.DurationWeeks, r.AuthorizedVisits, r.SessionMinutes, r.Precautions, r.StartDate, r.ExpiresOn,
            r.Attestation, visits, ReferralState.Warnings(status, r.ExpiresOn, visits, day), r.StatusReason, r.SubmittedAt, r.AcceptedAt, r.ClosedAt);
    }
}

/// <summary>A referral with its visit counts as they stand now: holds that lapsed count no more, swept or not.</summary>
internal sealed record ReferralWithVisits(Referral Referral, VisitAccount Visits);

internal static class ReferralReads
{
    /// <summary>
    /// Referrals with the number of their unconfirmed holds that lapsed at <paramref name="now"/> but were not swept
    /// yet (the next change of the referral sweeps them): <c>visits_held</c> minus that is the exact held count.
    /// </summary>
    public static IQueryable<ReferralRow> WithLapsedHolds(this ReferralsDbContext db, DateTimeOffset now) =>
        db.Referrals.Select(r => new ReferralRow
        {
            Referral = r,
            Lapsed = db.VisitHolds.Count(h => h.ReferralId == r.Id && h.State == HoldState.Held && h.ExpiresAt <= now),
        });

    public static ReferralWithVisits ToAccounted(this ReferralRow row) =>
        new(row.Referral, new VisitAccount(row.Referral.AuthorizedVisits, row.Referral.VisitsUsed, row.Referral.VisitsHeld - row.Lapsed));

    public static async Task<ReferralWithVisits> LoadAsync(this ReferralsDbContext db, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await db.WithLapsedHolds(now).AsNoTracking().SingleOrDefaultAsync(r => r.Referral.Id == id, cancellationToken)
            ?? throw new NotFoundException("Referral", id);
        return row.ToAccounted();
    }
}

internal sealed class ReferralRow
{
    public required Referral Referral { get; init; }
    public required int Lapsed { get; init; }
}
