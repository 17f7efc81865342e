using Microsoft.EntityFrameworkCore;
using Platform.DemoChain;
using Platform.DemoChain.Seeding;
using Referrals.Api.Domain;

namespace Referrals.Api.Infrastructure;

/// <summary>
/// The demo chain's physicians and referrals, through the domain: submitted (<see cref="Referral.Submit"/>, with
/// its idempotency key and fingerprint), then accepted, rejected or completed as staff would. Visit counts are
/// never written: each appointment of a referral becomes its visit hold (confirmed while booked, consumed once
/// completed, released when cancelled or missed) and the database's trigger counts them, under the CHECK that
/// used + held never exceeds authorized. Exhausted, expired and accepted follow from the dates and counts, as
/// they always do. Progress reports fill from ClinicalNotes' NoteSigned events, like any signed note.
/// </summary>
internal sealed class DemoSeed : IDemoSeeder<ReferralsDbContext>
{
    public Task<bool> IsSeededAsync(ReferralsDbContext db, DemoChain chain, CancellationToken cancellationToken) =>
        db.Physicians.AnyAsync(p => p.Id == DemoIdentities.PhysicianId, cancellationToken);

    public async Task<int> SeedAsync(ReferralsDbContext db, DemoChain chain, CancellationToken cancellationToken)
    {
        const string staff = DemoIdentities.SeedUserId;
        foreach (var demo in chain.Physicians)
        {
            db.Physicians.Add(db.WithId(Physician.Register(demo.Npi, demo.FirstName, demo.LastName, demo.Credential, demo.PracticeName,
                demo.Phone, demo.Fax, staff, demo.RegisteredAt), demo.Id));
        }

        var physicians = chain.Physicians.ToDictionary(p => p.Id);
        foreach (var demo in chain.Referrals)
        {
            // A prescription for a registered client names the client; one for a new patient names the patient.
            var patient = demo.ClientId is null
                ? new PatientDetails(demo.Patient.FirstName, demo.Patient.LastName, demo.Patient.DateOfBirth, demo.Patient.Phone!)
                : null;
            var terms = new ReferralTerms(demo.PhysicianId, demo.ClientId, patient, demo.Diagnoses, demo.CptCodes, demo.BodyRegions,
                demo.FrequencyPerWeek, demo.DurationWeeks, demo.AuthorizedVisits, demo.SessionMinutes, demo.Precautions, demo.StartDate, demo.ExpiresOn,
                new Attestation(physicians[demo.PhysicianId].DisplayName, demo.SubmittedAt.AddMinutes(-20)));
            var referral = db.WithId(Referral.Submit(terms, demo.IdempotencyKey, staff, demo.SubmittedAt), demo.Id);
            var fresh = new VisitAccount(demo.AuthorizedVisits, 0, 0);
            switch (demo.Status)
            {
                case DemoVocabulary.Submitted:
                    break;
                case DemoVocabulary.Rejected:
                    referral.Reject(demo.RejectionReason!, fresh, staff, demo.DecidedAt!.Value);
                    break;
                default:
                    referral.Accept(demo.ClientId!.Value, fresh, staff, demo.DecidedAt!.Value);
                    if (demo.Status == DemoVocabulary.ReferralCompleted)
                    {
                        referral.Complete("Course finished: goals met; discharged to a home programme.", fresh, staff, chain.StartOfToday.AddHours(-6));
                    }

                    break;
            }

            db.Referrals.Add(referral);
        }

        var written = await db.SaveChangesAsync(cancellationToken);

        foreach (var appointment in chain.Appointments.Where(a => a.ReferralId is not null))
        {
            var zone = chain.Location(appointment.LocationId).Zone;
            var state = appointment.Status switch
            {
                DemoVocabulary.Completed => HoldState.Consumed,
                DemoVocabulary.Booked or DemoVocabulary.CheckedIn => HoldState.Confirmed,
                _ => HoldState.Released,
            };
            db.VisitHolds.Add(new VisitHoldRow
            {
                ReferralId = appointment.ReferralId!.Value,
                AppointmentId = appointment.Id,
                VisitDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(appointment.StartsAt, zone).DateTime),
                State = state,
                HeldAt = appointment.CreatedAt,
                ConfirmedAt = appointment.CreatedAt,
                ConsumedAt = state == HoldState.Consumed ? appointment.StatusChangedAt : null,
                ReleasedAt = state == HoldState.Released ? appointment.StatusChangedAt : null,
                UpdatedAt = appointment.StatusChangedAt,
            });
        }

        return written + await db.SaveChangesAsync(cancellationToken);
    }
}
